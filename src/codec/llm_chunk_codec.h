// Coding of one chunk with a llama-family model: each symbol of the chunk's
// token stream (llm/token_predictor.h) is range-coded with the frequency
// table built from the logits that predict it. The decoder needs no symbol
// count: it stops when it has the chunk's original size.
//
// Payload: flags u8 (bit 0: the tokenizer's leading space was added and the
// decoder removes it), two code lengths as u64 in 2^-16 bits (the model's:
// the sum of -log2 p of the coded tokens; the frequency tables': the sum of
// -log2 freq/2^T, what an ideal coder would write), the coder's bytes. The
// two differ where the model gives a token less than the tables' floor of
// 2^-T: such tokens cost less than -log2 p.
#pragma once

#include <span>

#include "codec/lossy.h"
#include "codec/model_params.h"
#include "coder/frequency_table.h"
#include "core/bytes.h"
#include "llm/token_predictor.h"
#include "lmz/status.h"

namespace lmz::codec {

inline constexpr size_t kLlmPayloadHeaderBytes = 17;

class LlmChunkCodec {
 public:
  LlmChunkCodec(const llm::LlamaModel& model, uint32_t n_ctx);

  Bytes encode(ByteSpan input);
  Status decode(ByteSpan payload, std::span<uint8_t> out);

  // Lossy coding (codec/lossy.h): each token a flag (take the model's top
  // token, or a correction coded with the top token left out).
  LossyChunk encode_lossy(ByteSpan input, double lambda);
  Status decode_lossy(ByteSpan payload, std::span<uint8_t> out);

 private:
  void build_table(const float* logits);
  // The likeliest token that stands for some bytes, after build_table's weights.
  uint32_t top_token() const;
  // The table with `excluded` at the floor (a correction is never the top token).
  void build_table_without(uint32_t excluded);
  int flag_bucket(uint32_t top) const;
  // Writes a decoded symbol's bytes at out[written...] (less the leading
  // space when strip_space is set), failing when they do not fit.
  Status append_symbol(uint32_t symbol, bool& strip_space, std::span<uint8_t> out, size_t& written) const;

  static constexpr int kFlagBits = 12;
  static constexpr int kFlagBuckets = 8;
  std::vector<bool> usable_;  // (n_vocab) tokens with bytes: candidates for the top token

  llm::TokenPredictor predictor_;
  std::vector<uint64_t> weights_;
  FrequencyTable table_;
};

struct CodeLengths {
  double model_bits = 0.0;  // sum of -log2 p under the model
  double table_bits = 0.0;  // sum of -log2 (freq / 2^T) under the frequency tables
};

// The code lengths a payload records.
Result<CodeLengths> llm_payload_code_lengths(ByteSpan payload);

}  // namespace lmz::codec
