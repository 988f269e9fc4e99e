// Coding of one chunk with the built-in model: each byte's bits, most
// significant first, through the binary arithmetic coder.
#pragma once

#include "cm/cm_model.h"
#include "core/bytes.h"
#include "lmz/status.h"

namespace lmz::codec {

// `model` must be fresh (constructed or reset).
Bytes cm_encode(cm::CmModel& model, ByteSpan input);
// Decodes exactly `out.size()` bytes. Fails when the payload is exhausted
// early by more than the coder's 4-byte flush.
Status cm_decode(cm::CmModel& model, ByteSpan payload, std::span<uint8_t> out);

}  // namespace lmz::codec
