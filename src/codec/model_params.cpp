#include "codec/model_params.h"

#include <algorithm>
#include <string>

namespace lmz::codec {
namespace {

constexpr uint8_t kModeMixed = 1;
constexpr uint8_t kModeSlide = 2;
constexpr uint8_t kModeInt8 = 4;   // the products with 32-element blocks
constexpr uint8_t kModeInt8K = 8;  // and the k-quants' (only with kModeInt8)
constexpr uint8_t kModeMix2 = 16;  // the mixed coding's revision 2 (only with kModeMixed)

// Revision 2's mode byte, and the built-in model's params when mixed.
void write_mode(const LlmParams& params, ByteWriter& w) {
  if (params.plain()) return;
  w.u8(static_cast<uint8_t>((params.mix ? kModeMixed : 0) | (params.window == llm::Window::kSlide ? kModeSlide : 0) |
                            (params.activations != llm::Activations::kFloat ? kModeInt8 : 0) |
                            (params.activations == llm::Activations::kInt8 ? kModeInt8K : 0) |
                            (params.mix && params.mix_revision == mix::Revision::kCertainAlone ? kModeMix2 : 0)));
  if (params.mix) w.bytes(encode_cm_params(*params.mix));
}

Status read_mode(ByteReader& r, LlmParams& params) {
  uint8_t mode = 0;
  if (!r.u8(mode)) return make_error(ErrorCode::kCorrupt, "llm model params lack the mode byte");
  if ((mode & ~(kModeMixed | kModeSlide | kModeInt8 | kModeInt8K | kModeMix2)) != 0 ||
      (mode & (kModeInt8 | kModeInt8K)) == kModeInt8K || (mode & (kModeMixed | kModeMix2)) == kModeMix2) {
    return make_error(ErrorCode::kCorrupt, "llm coding mode " + std::to_string(mode) + " is unknown");
  }
  params.window = (mode & kModeSlide) != 0 ? llm::Window::kSlide : llm::Window::kRestart;
  params.activations = (mode & kModeInt8K) != 0  ? llm::Activations::kInt8
                       : (mode & kModeInt8) != 0 ? llm::Activations::kInt8Blocks32
                                                 : llm::Activations::kFloat;
  if ((mode & kModeMixed) != 0) {
    ByteSpan cm;
    if (!r.bytes(2, cm)) return make_error(ErrorCode::kCorrupt, "llm model params lack the built-in model's");
    Result<cm::CmParams> mix = decode_cm_params(cm);
    if (!mix.ok()) return mix.status();
    params.mix = *mix;
    params.mix_revision = (mode & kModeMix2) != 0 ? mix::Revision::kCertainAlone : mix::Revision::kFirst;
  }
  return Status::success();
}

}  // namespace

Bytes encode_cm_params(const cm::CmParams& params) {
  return {params.primed ? kCmRevision : kCmUnprimedRevision, static_cast<uint8_t>(params.level)};
}

Result<cm::CmParams> decode_cm_params(ByteSpan bytes) {
  if (bytes.size() != 2) {
    return make_error(ErrorCode::kCorrupt,
                      "cm model params are " + std::to_string(bytes.size()) + " bytes, expected 2");
  }
  if (bytes[0] != kCmRevision && bytes[0] != kCmUnprimedRevision) {
    return make_error(ErrorCode::kUnsupportedModel, "archive uses revision " + std::to_string(bytes[0]) +
                                                        " of the built-in model; this lmz has revision " +
                                                        std::to_string(kCmRevision));
  }
  cm::CmParams params;
  params.primed = bytes[0] == kCmRevision;
  params.level = bytes[1];
  if (params.level < cm::CmParams::kMinLevel || params.level > cm::CmParams::kMaxLevel) {
    return make_error(ErrorCode::kCorrupt, "cm model level " + std::to_string(params.level) + " is out of range " +
                                               std::to_string(cm::CmParams::kMinLevel) + ".." +
                                               std::to_string(cm::CmParams::kMaxLevel));
  }
  return params;
}

Bytes encode_llm_params(const LlmParams& params) {
  Bytes out;
  ByteWriter w(out);
  w.u8(params.plain() ? kLlmPlainRevision : kLlmRevision);
  w.bytes(params.model_sha256);
  w.bytes(params.tokenizer_id);
  w.u32(params.n_ctx);
  w.u8(params.total_bits);
  const size_t name_bytes = std::min<size_t>(params.model_name.size(), 255);
  w.u8(static_cast<uint8_t>(name_bytes));
  w.bytes(ByteSpan(reinterpret_cast<const uint8_t*>(params.model_name.data()), name_bytes));
  write_mode(params, w);
  return out;
}

Result<LlmParams> decode_llm_params(ByteSpan bytes) {
  ByteReader r(bytes);
  uint8_t revision = 0;
  if (!r.u8(revision)) return make_error(ErrorCode::kCorrupt, "llm model params are empty");
  if (revision != kLlmRevision && revision != kLlmPlainRevision) {
    return make_error(ErrorCode::kUnsupportedModel, "archive uses revision " + std::to_string(revision) +
                                                        " of the LLM codec; this lmz has revision " +
                                                        std::to_string(kLlmRevision));
  }
  LlmParams params;
  ByteSpan model, tokenizer, name;
  uint8_t name_bytes = 0;
  if (!r.bytes(32, model) || !r.bytes(32, tokenizer) || !r.u32(params.n_ctx) || !r.u8(params.total_bits) ||
      !r.u8(name_bytes) || !r.bytes(name_bytes, name)) {
    return make_error(ErrorCode::kCorrupt,
                      "llm model params are malformed (" + std::to_string(bytes.size()) + " bytes)");
  }
  params.window = llm::Window::kRestart;
  if (revision == kLlmRevision) LMZ_RETURN_IF_ERROR(read_mode(r, params));
  if (r.remaining() != 0) {
    return make_error(ErrorCode::kCorrupt,
                      "llm model params are malformed (" + std::to_string(bytes.size()) + " bytes)");
  }
  std::copy(model.begin(), model.end(), params.model_sha256.begin());
  std::copy(tokenizer.begin(), tokenizer.end(), params.tokenizer_id.begin());
  params.model_name.assign(name.begin(), name.end());
  if (params.n_ctx < kMinLlmContext || params.n_ctx > kMaxLlmContext) {
    return make_error(ErrorCode::kCorrupt, "llm context length " + std::to_string(params.n_ctx) + " is out of range");
  }
  if (params.total_bits != kLlmTotalBits) {
    return make_error(ErrorCode::kCorrupt, "llm frequency total 2^" + std::to_string(params.total_bits) +
                                               " is not the 2^" + std::to_string(kLlmTotalBits) +
                                               " this revision uses");
  }
  return params;
}

Bytes encode_llm_params_compact(const LlmParams& params) {
  Bytes out;
  ByteWriter w(out);
  w.u8(params.plain() ? kLlmPlainRevision : kLlmRevision);
  w.bytes(ByteSpan(params.model_sha256).first(kCompactModelHashBytes));
  w.bytes(ByteSpan(params.tokenizer_id).first(kCompactTokenizerIdBytes));
  w.varint(params.n_ctx);
  write_mode(params, w);
  return out;
}

Result<LlmParams> decode_llm_params_compact(ByteSpan bytes) {
  ByteReader r(bytes);
  auto malformed = [&] {
    return make_error(ErrorCode::kCorrupt,
                      "compact llm model params are malformed (" + std::to_string(bytes.size()) + " bytes)");
  };
  uint8_t revision = 0;
  if (!r.u8(revision)) return malformed();
  if (revision != kLlmRevision && revision != kLlmPlainRevision) {
    return make_error(ErrorCode::kUnsupportedModel, "archive uses revision " + std::to_string(revision) +
                                                        " of the LLM codec; this lmz has revision " +
                                                        std::to_string(kLlmRevision));
  }
  LlmParams params;
  ByteSpan model, tokenizer;
  uint64_t n_ctx = 0;
  if (!r.bytes(kCompactModelHashBytes, model) || !r.bytes(kCompactTokenizerIdBytes, tokenizer) || !r.varint(n_ctx)) {
    return malformed();
  }
  std::copy(model.begin(), model.end(), params.model_sha256.begin());
  std::copy(tokenizer.begin(), tokenizer.end(), params.tokenizer_id.begin());
  params.model_hash_bytes = kCompactModelHashBytes;
  params.tokenizer_id_bytes = kCompactTokenizerIdBytes;
  if (n_ctx < kMinLlmContext || n_ctx > kMaxLlmContext) {
    return make_error(ErrorCode::kCorrupt, "llm context length " + std::to_string(n_ctx) + " is out of range");
  }
  params.n_ctx = static_cast<uint32_t>(n_ctx);
  params.window = llm::Window::kRestart;
  if (revision == kLlmRevision) LMZ_RETURN_IF_ERROR(read_mode(r, params));
  if (r.remaining() != 0) return malformed();
  return params;
}

bool llm_params_name_model(const LlmParams& params, const Sha256Digest& model) {
  return std::equal(model.begin(), model.begin() + static_cast<std::ptrdiff_t>(params.model_hash_bytes),
                    params.model_sha256.begin());
}

bool llm_params_name(const LlmParams& params, const Sha256Digest& model, const Sha256Digest& tokenizer) {
  return llm_params_name_model(params, model) &&
         std::equal(tokenizer.begin(), tokenizer.begin() + static_cast<std::ptrdiff_t>(params.tokenizer_id_bytes),
                    params.tokenizer_id.begin());
}

}  // namespace lmz::codec
