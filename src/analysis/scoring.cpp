#include "analysis/scoring.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "cm/model_pool.h"
#include "core/cancel.h"
#include "llm/token_predictor.h"
#include "llm/token_weights.h"

namespace lmz::analysis {

// Bytes of the built-in model's scoring between two looks at the cancellation.
constexpr size_t kCancelStep = 16 << 10;

double Scoring::total_bits() const {
  double sum = 0.0;
  for (const TokenScore& t : tokens) sum += t.bits;
  return sum;
}

void score_bytes(cm::CmModel& model, ByteSpan text, uint64_t offset, Scoring& out) {
  // -log2 of a 16-bit probability, by table.
  static const std::vector<double> kCost = [] {
    std::vector<double> cost(65537);
    for (size_t p = 1; p <= 65536; ++p) cost[p] = -std::log2(static_cast<double>(p) / 65536.0);
    return cost;
  }();
  out.tokens.reserve(out.tokens.size() + text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (i % kCancelStep == 0 && stop_requested()) return;
    const uint8_t byte = text[i];
    double bits = 0.0;
    int shift = 7;
    model.code_byte([&](uint32_t p1) {
      const int bit = (byte >> shift--) & 1;
      bits += kCost[bit ? p1 : 65536 - p1];
      return bit;
    });
    out.tokens.push_back({offset + i, offset + i + 1, bits, bits, false, 0.0, 0, {}});
  }
}

Scoring score_with_cm(ByteSpan text, const cm::CmParams& params, uint32_t chunk_size) {
  Scoring out;
  out.model = "cm -" + std::to_string(params.level);
  out.unit = "byte";
  for (uint64_t start = 0; start < text.size(); start += chunk_size) {
    score_cm_chunk(params, text.subspan(start, std::min<uint64_t>(chunk_size, text.size() - start)), start, out);
  }
  return out;
}

void score_cm_chunk(const cm::CmParams& params, ByteSpan chunk, uint64_t offset, Scoring& out) {
  cm::PooledModel model = cm::borrow_model(params.sized_for(chunk.size()));
  score_bytes(*model, chunk, offset, out);
}

TokenWeights::TokenWeights(const llm::TokenPredictor& predictor)
    : n_vocab_(predictor.n_vocab()), weights_(predictor.n_symbols(), 1) {}

void TokenWeights::set(const float* logits) {
  llm::logit_weights(logits, n_vocab_, weights_.data());
  total_ = llm::weight_total(weights_.data(), weights_.size());
  log2_total_ = std::log2(total_);
}

void score_llm_chunk(llm::TokenPredictor& predictor, ByteSpan chunk, uint64_t start, bool distributions, int top_k,
                     Scoring& out, const mix::SymbolOrder* symbols, const cm::CmParams* mix) {
  TokenWeights token_weights(predictor);
  const std::vector<uint64_t>& weights = token_weights.weights();
  std::vector<uint32_t> order(distributions ? predictor.n_symbols() : 0);
  const llm::TokenStream stream = predictor.tokenize(chunk);
  std::unique_ptr<mix::MixedTokenCoder> mixed;
  if (mix != nullptr && symbols != nullptr)
    mixed = std::make_unique<mix::MixedTokenCoder>(*symbols, *mix, chunk.size());
  mix::MeasuringDecisions measuring;
  predictor.predict_all(stream.symbols, [&](size_t i, const float* logits) {
    token_weights.set(logits);
    const double sum = token_weights.total();
    const uint32_t symbol = stream.symbols[i];
    TokenScore t;
    t.begin = start + stream.starts[i];
    t.end = start + (i + 1 < stream.starts.size() ? stream.starts[i + 1] : chunk.size());
    t.bits = token_weights.bits(symbol);
    t.model_bits = t.bits;
    if (mixed) {
      // The coded distribution leaves out the symbols without bytes, as the mixed coder does.
      mixed->code(weights.data(), measuring, symbols->rank(symbol));
      t.bits = mixed->last_mixed_bits();
      t.model_bits = mixed->last_model_bits();
    }
    t.has_distribution = distributions;
    if (distributions) {
      double entropy = 0.0;
      uint32_t above = 0;
      for (uint64_t w : weights) {
        const double p = static_cast<double>(w) / sum;
        entropy -= p * std::log2(p);
        above += w > weights[symbol] ? 1 : 0;
      }
      t.entropy_bits = entropy;
      t.rank = above + 1;
      const size_t k = std::min<size_t>(static_cast<size_t>(std::max(top_k, 0)), weights.size());
      std::iota(order.begin(), order.end(), 0u);
      std::partial_sort(
          order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
          [&](uint32_t a, uint32_t b) { return weights[a] > weights[b] || (weights[a] == weights[b] && a < b); });
      for (size_t j = 0; j < k; ++j) {
        t.top.push_back({predictor.symbol_bytes(order[j]), static_cast<double>(weights[order[j]]) / sum});
      }
    }
    out.tokens.push_back(std::move(t));
  });
}

Scoring score_with_llm(ByteSpan text, const llm::LlamaModel& model, uint32_t n_ctx, uint32_t chunk_size, int top_k,
                       int threads, std::optional<cm::CmParams> mix) {
  Scoring out;
  out.model = model.file_name();
  out.model_details = std::string(model.architecture_name()) + ", " + model.tokenizer().kind_name() +
                      " vocabulary of " + std::to_string(model.config().n_vocab) + ", weights " + model.weight_types();
  out.unit = "token";
  llm::TokenPredictor predictor(model, n_ctx, threads);
  std::unique_ptr<mix::SymbolOrder> symbols;
  if (mix) {
    symbols = std::make_unique<mix::SymbolOrder>(predictor);
    out.mix_level = mix->level;
  }
  for (uint64_t start = 0; start < text.size(); start += chunk_size) {
    const ByteSpan chunk = text.subspan(start, std::min<uint64_t>(chunk_size, text.size() - start));
    score_llm_chunk(predictor, chunk, start, true, top_k, out, symbols.get(), mix ? &*mix : nullptr);
  }
  return out;
}

}  // namespace lmz::analysis
