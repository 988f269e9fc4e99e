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
//
// Mixed coding (mix/mixed_token_coder.h) writes the same header, with the
// token model's code length among the symbols that have bytes and the mixed
// code length in place of the tables', then the binary coder's bytes; or,
// with flags bit 2 alone, the built-in model's stream of the chunk, where
// that is smaller; or, from the mixed coding's revision 2 on, with flags
// bit 1 (and bit 0 as above), the token model's own range-coded stream,
// where that is smaller.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <span>

#include "codec/lossy.h"
#include "codec/model_params.h"
#include "coder/frequency_table.h"
#include "coder/range_coder.h"
#include "core/bytes.h"
#include "llm/token_predictor.h"
#include "lmz/status.h"
#include "mix/mixed_token_coder.h"
#include "mix/symbol_order.h"

namespace lmz::codec {

inline constexpr size_t kLlmPayloadHeaderBytes = 17;

struct CodeLengths {
  double model_bits = 0.0;  // sum of -log2 p under the model
  double table_bits = 0.0;  // sum of -log2 (freq / 2^T) under the frequency tables
};

// What a one-chunk mixed archive saves where its chunk is coded by one model
// alone: the container that the mixed archive needs and that one does not.
struct AloneAllowance {
  size_t built_in = 0;     // the token model's parameters and payload header, less the built-in model's
  size_t token_model = 0;  // the built-in model's parameters in the token model's
};

class LlmChunkCodec {
 public:
  // Payload flag (mixed coding): the chunk is coded with the built-in model
  // alone, its stream (codec/chunk_codec.h) after the header.
  static constexpr uint8_t kFlagBuiltInAlone = 4;
  // Payload flag (mixed coding, revision 2 on, with bit 0 the space flag):
  // the chunk is coded with the token model alone, as without mixing.
  static constexpr uint8_t kFlagModelAlone = 2;
  // Where a payload holds the built-in model's stream alone (the mixed
  // coding's flag kFlagBuiltInAlone): the offset at which that stream
  // begins. None for any other payload.
  static std::optional<size_t> built_in_stream(ByteSpan payload);
  // Where a mixed payload holds the token model's stream alone (flag
  // kFlagModelAlone): clears the flag, leaving the payload an unmixed
  // coding's, and says so. False, the payload unchanged, otherwise.
  static bool unmix_model_alone(Bytes& payload);

  // `threads` share each evaluation of the model (its matrix products).
  // With `mix`, lossless chunks are coded mixed with the built-in model of
  // those parameters, by the mixed coding's `mix_revision`.
  LlmChunkCodec(const llm::LlamaModel& model, uint32_t n_ctx, int threads = 1,
                std::optional<cm::CmParams> mix = std::nullopt, llm::Window window = llm::Window::kSlide,
                llm::Activations activations = llm::Activations::kInt8, mix::Revision mix_revision = mix::kRevision);

  Bytes encode(ByteSpan input);
  // Decodes `n_bytes` bytes into `out`, which grows as tokens are decoded.
  Status decode(ByteSpan payload, size_t n_bytes, Bytes& out);

  // Lossy coding (codec/lossy.h): each token a flag (take the model's top
  // token, or a correction coded with the top token left out).
  LossyChunk encode_lossy(ByteSpan input, double lambda);
  Status decode_lossy(ByteSpan payload, size_t n_bytes, Bytes& out);

  // Mixed coding keeps the coding by one model alone that makes the
  // smallest archive, counting the container a one-chunk archive saves with
  // it (it becomes the built-in model's, or the unmixed token model's).
  void set_alone_allowance(AloneAllowance allowance) { alone_allowance_ = allowance; }

  // Counts the bytes encode and decode have coded, as they go (null: none).
  void set_progress(std::atomic<uint64_t>* done) { progress_ = done; }

 private:
  Bytes encode_mixed(ByteSpan input);
  Status decode_mixed(ByteSpan payload, size_t n_bytes, Bytes& out);
  // The token model's range-coded stream after the header (flags checked).
  Status decode_model_alone(ByteSpan payload, size_t n_bytes, Bytes& out);
  // Decodes symbols until `out` holds n_bytes: next(logits) gives each from
  // the model's logits after those before it; overrun() says whether the
  // coder has read past its payload.
  template <class NextSymbol, class Overrun>
  Status decode_symbols(bool strip_space, size_t n_bytes, Bytes& out, NextSymbol next, Overrun overrun);
  // The weights of the symbols (logit_weights, escapes at 1).
  void set_weights(const float* logits);
  void build_table(const float* logits);
  // Range-codes `symbol` with the table of set_weights' weights, adding its
  // code lengths to `lengths`.
  void encode_symbol(uint32_t symbol, RangeEncoder& coder, CodeLengths& lengths);
  // The likeliest token that stands for some bytes, after build_table's weights.
  uint32_t top_token() const;
  // The table with `excluded` at the floor (a correction is never the top token).
  void build_table_without(uint32_t excluded);
  int flag_bucket(uint32_t top) const;
  // Appends a decoded symbol's bytes to `out` (less the leading space when
  // strip_space is set), failing when they pass n_bytes.
  Status append_symbol(uint32_t symbol, bool& strip_space, size_t n_bytes, Bytes& out) const;

  static constexpr int kFlagBits = 12;
  static constexpr int kFlagBuckets = 8;
  std::vector<bool> usable_;  // (n_vocab) tokens with bytes: candidates for the top token

  // Adds to progress_ the bytes coded since the last report, in steps.
  void report(uint64_t coded, uint64_t& reported, bool last) const {
    if (progress_ != nullptr && (last || coded - reported >= 4096)) {
      progress_->fetch_add(coded - reported, std::memory_order_relaxed);
      reported = coded;
    }
  }
  std::atomic<uint64_t>* progress_ = nullptr;
  AloneAllowance alone_allowance_;

  llm::TokenPredictor predictor_;
  std::optional<cm::CmParams> mix_;
  mix::Revision mix_revision_;
  std::unique_ptr<mix::SymbolOrder> order_;  // made for mixed coding
  std::vector<uint64_t> weights_;
  FrequencyTable table_;
};

// The code lengths a payload records.
Result<CodeLengths> llm_payload_code_lengths(ByteSpan payload);

}  // namespace lmz::codec
