#include "codec/model_params.h"

#include <string>

namespace lmz::codec {

Bytes encode_cm_params(const cm::CmParams& params) {
  return {kCmRevision, static_cast<uint8_t>(params.level)};
}

Result<cm::CmParams> decode_cm_params(ByteSpan bytes) {
  if (bytes.size() != 2) {
    return make_error(ErrorCode::kCorrupt, "cm model params are " + std::to_string(bytes.size()) + " bytes, expected 2");
  }
  if (bytes[0] != kCmRevision) {
    return make_error(ErrorCode::kUnsupportedModel, "archive uses revision " + std::to_string(bytes[0]) +
                                                         " of the built-in model; this lmz has revision " +
                                                         std::to_string(kCmRevision));
  }
  cm::CmParams params;
  params.level = bytes[1];
  if (params.level < cm::CmParams::kMinLevel || params.level > cm::CmParams::kMaxLevel) {
    return make_error(ErrorCode::kCorrupt, "cm model level " + std::to_string(params.level) + " is out of range " +
                                               std::to_string(cm::CmParams::kMinLevel) + ".." +
                                               std::to_string(cm::CmParams::kMaxLevel));
  }
  return params;
}

}  // namespace lmz::codec
