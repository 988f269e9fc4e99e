// Scoring an answer after the model has read something else first: the
// sources (to measure what they explain) or only the question (the baseline).
// The context is read, not scored; the answer's costs are reported as
// Scoring, so the map's span tables apply unchanged.
//
// The built-in model reads the whole context, so its match model and its
// context tables predict any string the context holds. A GGUF model holds
// what fits in its window: the context is cut from the front to leave room
// for the answer (callers put the most relevant passages last). Both are
// combined per token by mix_scorings(): the GGUF model brings language, the
// built-in model brings exact copies of whatever the sources say.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "analysis/scoring.h"
#include "llm/token_predictor.h"

namespace lmz::analysis {

// Per-byte costs of `text` under the built-in model at `level` after it has
// read `context`.
Scoring score_cm_after(std::string_view context, std::string_view text, int level);

// Per-token costs of `text` under a GGUF model whose window holds as much of
// the end of `context` as leaves room for the text.
Scoring score_llm_after(llm::TokenPredictor& predictor, uint32_t n_ctx, std::string_view context,
                        std::string_view text);

// A Bayesian mixture of the token scoring and the byte scoring of the same
// text: each token costs -log2(w p_token + (1 - w) p_bytes), where p_bytes is
// the byte model's probability of the token's bytes and w follows how well
// each model has predicted the tokens so far (with a floor of 1/64 so that
// either can take over).
Scoring mix_scorings(const Scoring& tokens, const Scoring& bytes);

// Texts scored after contexts: by the built-in model of `level` alone, or
// with a GGUF model (window n_ctx, `threads` for its products) mixed in by
// mix_scorings(). One scorer serves many calls.
class ConditionalScorer {
 public:
  ConditionalScorer(int level, const llm::LlamaModel* model, uint32_t n_ctx, int threads);
  ~ConditionalScorer();
  Scoring score(std::string_view context, std::string_view text);

 private:
  int level_;
  const llm::LlamaModel* model_;
  uint32_t n_ctx_;
  std::unique_ptr<llm::TokenPredictor> predictor_;
};

}  // namespace lmz::analysis
