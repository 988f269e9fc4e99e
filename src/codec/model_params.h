// Serialised model parameters as the archive header stores them.
#pragma once

#include <optional>
#include <string>

#include "cm/cm_model.h"
#include "core/bytes.h"
#include "core/sha256.h"
#include "llm/token_predictor.h"
#include "lmz/status.h"
#include "mix/mixed_token_coder.h"

namespace lmz::codec {

// Version of the built-in model's definition. Any change to what the model
// predicts bumps it, so an old archive is refused rather than misdecoded.
// Revision 3 is revision 2 after reading the primer (cm/primer.h); archives
// of revision 2 still decode, with the primer left out.
inline constexpr uint8_t kCmRevision = 3;
inline constexpr uint8_t kCmUnprimedRevision = 2;

Bytes encode_cm_params(const cm::CmParams& params);
Result<cm::CmParams> decode_cm_params(ByteSpan bytes);

// Version of the LLM codec's procedure (token schedule, sliding window,
// weights and frequency tables). Bumped on any change to what is coded.
// Revision 2 adds a mode byte (bit 0: mixed coding, followed by the built-in
// model's revision and level; bit 1: the window slides, else it restarts as
// at revision 1; llm/token_predictor.h; bit 2: the products with
// block-quantized weights take 8-bit inputs, llm/int8_kernels.h, else
// float ones as before the bit; bit 3: the k-quants' too; bit 4, only with
// bit 0: the mixed coding's revision 2, mix/mixed_token_coder.h, else its
// revision 1). An archive is written with revision
// 1 when it needs nothing of revision 2, so older readers read it.
inline constexpr uint8_t kLlmRevision = 2;
inline constexpr uint8_t kLlmPlainRevision = 1;
inline constexpr int kLlmTotalBits = 28;
inline constexpr uint32_t kMinLlmContext = 16;
inline constexpr uint32_t kMaxLlmContext = 1u << 20;

// What a decoder needs to reproduce an LLM-coded archive exactly.
struct LlmParams {
  Sha256Digest model_sha256{};  // of the whole GGUF file
  Sha256Digest tokenizer_id{};  // Tokenizer::identity()
  // Bytes of each the archive records: all 32, or in the compact form the
  // first kCompactModelHashBytes and kCompactTokenizerIdBytes.
  size_t model_hash_bytes = 32;
  size_t tokenizer_id_bytes = 32;
  uint32_t n_ctx = 0;                  // positions of the sliding window
  uint8_t total_bits = kLlmTotalBits;  // frequency tables sum to 2^total_bits
  std::string model_name;              // the file's base name, for messages only
  // Mixed coding (mix/mixed_token_coder.h) with the built-in model of these parameters.
  std::optional<cm::CmParams> mix;
  mix::Revision mix_revision = mix::kRevision;  // of the mixed coding, when mixed
  llm::Window window = llm::Window::kSlide;
  // The arithmetic of the model's products; an encoder records the weakest
  // that computes the same for its model (llm::int8_activations).
  llm::Activations activations = llm::Activations::kFloat;
  // Whether revision 1 holds these params (no mixing, a restarting window,
  // float products).
  bool plain() const { return !mix && window == llm::Window::kRestart && activations == llm::Activations::kFloat; }
};

Bytes encode_llm_params(const LlmParams& params);
Result<LlmParams> decode_llm_params(ByteSpan bytes);

// The compact form's parameters (format version 4): the revision, the first
// 8 bytes of the model's SHA-256 (a wrong model passes with probability
// 2^-64), the first 4 of the tokenizer's identity, n_ctx as a varint, and at
// revision 2 the mode and the built-in model's parameters; no file name, and
// T is the revision's.
inline constexpr size_t kCompactModelHashBytes = 8;
inline constexpr size_t kCompactTokenizerIdBytes = 4;
Bytes encode_llm_params_compact(const LlmParams& params);
Result<LlmParams> decode_llm_params_compact(ByteSpan bytes);
// Whether `model` and `tokenizer` are what the params name (as many bytes as they record).
bool llm_params_name(const LlmParams& params, const Sha256Digest& model, const Sha256Digest& tokenizer);
bool llm_params_name_model(const LlmParams& params, const Sha256Digest& model);

}  // namespace lmz::codec
