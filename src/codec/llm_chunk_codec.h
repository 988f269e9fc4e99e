// Coding of one chunk with a llama-family model: the bytes become tokens,
// and each token is range-coded with the frequency table built from the
// model's logits at its position.
//
// Tokens. The chunk is tokenized as the model's tokenizer does, except that
// any literal U+2581 (the tokenizer's own space mark) and any stretch whose
// tokens would not decode back to the same bytes are written as byte tokens;
// where the vocabulary lacks a byte token, an escape symbol (n_vocab + byte)
// stands for it. So every byte sequence round-trips. The decoder needs no
// token count: it stops when it has the chunk's original size.
//
// Window. The model sees BOS and then the tokens. When the cache of n_ctx
// positions is full, it is rebuilt from BOS and the last n_ctx/2 - 1 tokens.
// The encoder evaluates each window as one batch, the decoder one token at a
// time; the engine gives the same logits either way.
//
// Payload: flags u8 (bit 0: the tokenizer's leading space was added and the
// decoder removes it), two code lengths as u64 in 2^-16 bits (the model's:
// the sum of -log2 p of the coded tokens; the frequency tables': the sum of
// -log2 freq/2^T, what an ideal coder would write), the coder's bytes. The
// two differ where the model gives a token less than the tables' floor of
// 2^-T: such tokens cost less than -log2 p.
#pragma once

#include <span>

#include "codec/model_params.h"
#include "coder/frequency_table.h"
#include "core/bytes.h"
#include "llm/llama_session.h"
#include "lmz/status.h"

namespace lmz::codec {

inline constexpr size_t kLlmPayloadHeaderBytes = 17;

class LlmChunkCodec {
 public:
  LlmChunkCodec(const llm::LlamaModel& model, uint32_t n_ctx);

  Bytes encode(ByteSpan input);
  Status decode(ByteSpan payload, std::span<uint8_t> out);

 private:
  struct Symbols {
    std::vector<uint32_t> ids;  // < n_vocab: tokens; n_vocab + b: the escaped byte b
    bool space_prefix = false;
  };
  Symbols to_symbols(ByteSpan input) const;
  void append_bytes(ByteSpan bytes, std::vector<uint32_t>& ids) const;
  int32_t model_token(uint32_t symbol) const;
  // Tokens that open a window starting at symbol `next`.
  std::vector<int32_t> window_prefix(const std::vector<uint32_t>& ids, size_t next) const;
  void build_table(const float* logits);

  const llm::SpmTokenizer& tokenizer_;
  llm::LlamaSession session_;
  uint32_t n_vocab_;
  uint32_t n_symbols_;  // n_vocab, plus 256 escapes when byte tokens are missing
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
