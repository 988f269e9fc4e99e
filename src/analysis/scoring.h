// Scoring: what each piece of a text costs under a model, in bits. The
// built-in model scores bytes; a GGUF model scores its tokens and also says
// how uncertain it was (entropy), where the true token ranked and what it
// expected instead. The costs are the ones the codec pays (the same chunks,
// the same window), so the total is the compressed size less the container.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cm/cm_model.h"
#include "core/bytes.h"
#include "llm/llama_model.h"
#include "llm/token_predictor.h"
#include "mix/mixed_token_coder.h"

namespace lmz::analysis {

struct Alternative {
  std::string text;  // the bytes the token stands for
  double probability;
};

struct TokenScore {
  uint64_t begin = 0;  // byte offsets into the text
  uint64_t end = 0;
  double bits = 0.0;        // -log2 p of the text's own token: as mixed, when the scoring is mixed
  double model_bits = 0.0;  // mixed scorings: the token model's -log2 p alone (else = bits)
  // Token models only (has_distribution):
  bool has_distribution = false;
  double entropy_bits = 0.0;  // of the predicted distribution
  uint32_t rank = 0;          // 1 = the model's first choice
  std::vector<Alternative> top;
};

struct Scoring {
  std::string model;  // "cm -5", a GGUF file name, or where the log-probabilities came from
  // For a GGUF model: architecture, vocabulary and weight types, e.g.
  // "phi3, SentencePiece vocabulary of 32064, weights F16 F32".
  std::string model_details;
  std::string unit;                     // "byte" or "token"
  bool entropy_is_lower_bound = false;  // computed from top alternatives only
  // Mixed with the built-in model of this level, as the codec mixes (0: not).
  int mix_level = 0;
  std::vector<TokenScore> tokens;  // in text order, covering the text
  double total_bits() const;
};

// The integer weights the codec's frequency tables are built from, for one
// position of a token predictor (escapes weigh 1), and what a symbol costs
// under them: the one "token bits from weights" every scoring uses.
class TokenWeights {
 public:
  explicit TokenWeights(const llm::TokenPredictor& predictor);
  void set(const float* logits);
  double bits(uint32_t symbol) const { return log2_total_ - std::log2(static_cast<double>(weights_[symbol])); }
  double total() const { return total_; }
  const std::vector<uint64_t>& weights() const { return weights_; }

 private:
  uint32_t n_vocab_;
  std::vector<uint64_t> weights_;
  double total_ = 0.0;
  double log2_total_ = 0.0;
};

// Appends the cost of each byte of `text` under `model` (which learns as it
// goes), offsets starting at `offset`.
void score_bytes(cm::CmModel& model, ByteSpan text, uint64_t offset, Scoring& out);

// Appends the bytes of one chunk (at `offset` in the text) under the
// built-in model, fresh for the chunk and sized for it, as the codec codes it.
void score_cm_chunk(const cm::CmParams& params, ByteSpan chunk, uint64_t offset, Scoring& out);

// The built-in model, fresh for each chunk of `chunk_size` bytes, as the codec.
Scoring score_with_cm(ByteSpan text, const cm::CmParams& params, uint32_t chunk_size);

// Appends the tokens of one chunk (at `offset` in the text) under a token
// model, fresh for the chunk, as the codec codes it. With `distributions`
// each token also gets its entropy, rank and `top_k` alternatives; without,
// only its bits (the same bits).
// With `mix`, each token's bits are the mixed coding's (mix/mixed_token_coder.h,
// with `order` the predictor's symbols sorted), the model's alone beside them.
void score_llm_chunk(llm::TokenPredictor& predictor, ByteSpan chunk, uint64_t offset, bool distributions, int top_k,
                     Scoring& out, const mix::SymbolOrder* order = nullptr, const cm::CmParams* mix = nullptr);

// A GGUF model with a window of n_ctx positions, fresh for each chunk, mixed
// with the built-in model of `mix`'s level when given. `top_k` alternatives
// are kept per token.
Scoring score_with_llm(ByteSpan text, const llm::LlamaModel& model, uint32_t n_ctx, uint32_t chunk_size, int top_k,
                       int threads, std::optional<cm::CmParams> mix = std::nullopt);

}  // namespace lmz::analysis
