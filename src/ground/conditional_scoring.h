// Scoring an answer after the model has read something else first: the
// sources (to measure what they explain) or only the question (the baseline).
// The context is read, not scored; the answer's costs are reported as
// analysis::Scoring, so the map's span tables apply unchanged.
//
// The built-in model reads the whole context, so its match model and its
// context tables predict any string the context holds. A GGUF model holds
// what fits in its window: the context is cut from the front to leave room
// for the answer (callers put the most relevant passages last). Both are
// combined per token by mix_scorings(): the GGUF model brings language, the
// built-in model brings exact copies of whatever the sources say.
#pragma once

#include <cstdint>
#include <string_view>

#include "analysis/scoring.h"
#include "llm/token_predictor.h"

namespace lmz::ground {

// Per-byte costs of `text` under the built-in model at `level` after it has
// read `context`.
analysis::Scoring score_cm_after(std::string_view context, std::string_view text, int level);

// Per-token costs of `text` under a GGUF model whose window holds as much of
// the end of `context` as leaves room for the text.
analysis::Scoring score_llm_after(llm::TokenPredictor& predictor, uint32_t n_ctx, std::string_view context,
                                  std::string_view text);

// A Bayesian mixture of the token scoring and the byte scoring of the same
// text: each token costs -log2(w p_token + (1 - w) p_bytes), where p_bytes is
// the byte model's probability of the token's bytes and w follows how well
// each model has predicted the tokens so far (with a floor of 1/64 so that
// either can take over).
analysis::Scoring mix_scorings(const analysis::Scoring& tokens, const analysis::Scoring& bytes);

}  // namespace lmz::ground
