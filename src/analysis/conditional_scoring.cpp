#include "analysis/conditional_scoring.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "cm/model_pool.h"

namespace lmz::analysis {

Scoring score_cm_after(std::string_view context, std::string_view text, int level) {
  Scoring out;
  out.model = "cm -" + std::to_string(level);
  out.unit = "byte";
  cm::CmParams params;
  params.level = level;
  params.input_bytes = context.size() + text.size();
  cm::PooledModel model = cm::borrow_model(params);
  for (const char c : context) {
    const auto byte = static_cast<uint8_t>(c);
    int shift = 7;
    model->code_byte([&](uint32_t) { return (byte >> shift--) & 1; });
  }
  score_bytes(*model, ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()), 0, out);
  return out;
}

Scoring score_llm_after(llm::TokenPredictor& predictor, uint32_t n_ctx, std::string_view context,
                        std::string_view text) {
  Scoring out;
  out.unit = "token";
  const ByteSpan text_bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  const llm::TokenStream answer = predictor.tokenize(text_bytes);
  std::vector<uint32_t> symbols;
  // BOS takes one position; the answer keeps all of its own.
  const size_t room = n_ctx > answer.symbols.size() + 1 ? n_ctx - 1 - answer.symbols.size() : 0;
  if (room > 0 && !context.empty()) {
    const ByteSpan context_bytes(reinterpret_cast<const uint8_t*>(context.data()), context.size());
    const llm::TokenStream before = predictor.tokenize(context_bytes);
    const size_t keep = std::min(room, before.symbols.size());
    symbols.assign(before.symbols.end() - static_cast<std::ptrdiff_t>(keep), before.symbols.end());
  }
  const size_t first = symbols.size();
  symbols.insert(symbols.end(), answer.symbols.begin(), answer.symbols.end());
  TokenWeights weights(predictor);
  predictor.predict_all(symbols, [&](size_t i, const float* logits) {
    if (i < first) return;
    const size_t k = i - first;
    weights.set(logits);
    TokenScore t;
    t.begin = answer.starts[k];
    t.end = k + 1 < answer.starts.size() ? answer.starts[k + 1] : text.size();
    t.bits = weights.bits(symbols[i]);
    out.tokens.push_back(std::move(t));
  });
  return out;
}

Scoring mix_scorings(const Scoring& tokens, const Scoring& bytes) {
  Scoring out;
  out.model = tokens.model + " + " + bytes.model;
  out.unit = tokens.unit;
  // Prefix sums of the byte model's bits, to price any token's bytes.
  std::vector<double> prefix(bytes.tokens.size() + 1, 0.0);
  for (size_t i = 0; i < bytes.tokens.size(); ++i) prefix[i + 1] = prefix[i] + bytes.tokens[i].bits;
  double w = 0.5;  // the token model's share
  constexpr double kFloor = 1.0 / 64.0;
  for (const TokenScore& t : tokens.tokens) {
    const size_t b = std::min<size_t>(t.begin, bytes.tokens.size());
    const size_t e = std::min<size_t>(t.end, bytes.tokens.size());
    const double p_token = std::exp2(-t.bits);
    const double p_bytes = std::exp2(-(prefix[e] - prefix[b]));
    const double p = w * p_token + (1.0 - w) * p_bytes;
    TokenScore m = t;
    m.bits = p > 0.0 ? -std::log2(p) : std::min(t.bits, prefix[e] - prefix[b]) + 1.0;
    out.tokens.push_back(std::move(m));
    if (p > 0.0) w = std::clamp(w * p_token / p, kFloor, 1.0 - kFloor);
  }
  return out;
}

ConditionalScorer::ConditionalScorer(int level, const llm::LlamaModel* model, uint32_t n_ctx, int threads)
    : level_(level), model_(model), n_ctx_(n_ctx) {
  if (model_ != nullptr) predictor_ = std::make_unique<llm::TokenPredictor>(*model_, n_ctx_, threads);
}

ConditionalScorer::~ConditionalScorer() = default;

Scoring ConditionalScorer::score(std::string_view context, std::string_view text) {
  Scoring bytes = score_cm_after(context, text, level_);
  if (!predictor_) return bytes;
  Scoring tokens = score_llm_after(*predictor_, n_ctx_, context, text);
  tokens.model = model_->file_name();
  return mix_scorings(tokens, bytes);
}

}  // namespace lmz::analysis
