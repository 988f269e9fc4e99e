// Serialised model parameters as the archive header stores them.
#pragma once

#include "cm/cm_model.h"
#include "core/bytes.h"
#include "lmz/status.h"

namespace lmz::codec {

// Version of the built-in model's definition. Any change to what the model
// predicts bumps it, so an old archive is refused rather than misdecoded.
inline constexpr uint8_t kCmRevision = 1;

Bytes encode_cm_params(const cm::CmParams& params);
Result<cm::CmParams> decode_cm_params(ByteSpan bytes);

}  // namespace lmz::codec
