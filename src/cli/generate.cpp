#include "cli/generate.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/model_state.h"
#include "cli/open_model.h"
#include "core/thread_pool.h"
#include "llm/det_math.h"
#include "llm/llama_session.h"

namespace lmz::cli {
namespace {

// splitmix64: a small, well-mixed generator whose sequence is the same everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  double uniform() {  // [0, 1) from the top 53 bits
    state_ += 0x9e3779b97f4a7c15ull;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * (1.0 / 9007199254740992.0);
  }

 private:
  uint64_t state_;
};

int32_t pick_greedy(const std::vector<float>& logits) {
  int32_t best = 0;
  for (size_t i = 1; i < logits.size(); ++i) {
    if (logits[i] > logits[best]) best = static_cast<int32_t>(i);
  }
  return best;
}

int32_t pick_sampled(const std::vector<float>& logits, double temperature, Random& random) {
  const int32_t top = pick_greedy(logits);
  std::vector<double> p(logits.size());
  double sum = 0.0;
  for (size_t i = 0; i < logits.size(); ++i) {
    p[i] = llm::det_exp((static_cast<double>(logits[i]) - logits[top]) / temperature);
    sum += p[i];
  }
  double target = random.uniform() * sum;
  for (size_t i = 0; i < p.size(); ++i) {
    target -= p[i];
    if (target < 0.0) return static_cast<int32_t>(i);
  }
  return top;
}

}  // namespace

int run_generate(const Options& o) {
  Result<Model> loaded = open_model(o, o.model);
  if (!loaded.ok() || loaded->is_builtin()) {
    std::fprintf(stderr, "lmz: %s\n",
                 loaded.ok() ? "generate needs a GGUF model (-m)" : loaded.status().message().c_str());
    return 1;
  }
  const llm::LlamaModel& model = *loaded->state().llm;
  const llm::Tokenizer& tokenizer = model.tokenizer();
  Result<uint32_t> n_ctx = api::window_of(*loaded);
  if (!n_ctx.ok()) {
    std::fprintf(stderr, "lmz: %s\n", n_ctx.status().message().c_str());
    return 1;
  }
  llm::LlamaSession session(model, *n_ctx, loaded->threads());

  // BOS first where the vocabulary asks for it (and always before an empty
  // prompt, which needs a position to predict from).
  const std::vector<int32_t> encoded = tokenizer.encode(o.prompt);
  std::vector<int32_t> prompt_ids;
  if (tokenizer.add_bos() || encoded.empty()) prompt_ids.push_back(tokenizer.bos());
  prompt_ids.insert(prompt_ids.end(), encoded.begin(), encoded.end());
  if (prompt_ids.size() > session.n_ctx()) {
    std::fprintf(stderr, "lmz: the prompt is %zu tokens, more than the context of %u\n", prompt_ids.size(),
                 session.n_ctx());
    return 1;
  }

  std::vector<float> logits;
  if (Status s = session.eval(prompt_ids, logits, false); !s.ok()) {
    std::fprintf(stderr, "lmz: %s\n", s.message().c_str());
    return 1;
  }
  std::vector<int32_t> all = prompt_ids;
  std::vector<int32_t> ids;
  Random random(o.seed);
  size_t printed = 0;
  auto print_new_text = [&] {
    if (o.json) return;
    const std::string text = tokenizer.decode(all);
    std::fwrite(text.data() + printed, 1, text.size() - printed, stdout);
    std::fflush(stdout);
    printed = text.size();
  };
  print_new_text();
  for (int step = 0; step < o.n_predict; ++step) {
    const int32_t next = o.temperature > 0.0 ? pick_sampled(logits, o.temperature, random) : pick_greedy(logits);
    if (next == tokenizer.bos() || next == tokenizer.eos()) break;
    ids.push_back(next);
    all.push_back(next);
    print_new_text();
    if (step + 1 == o.n_predict) break;
    // A full window slides, as the codec's does: the first position stays,
    // the oldest half of the rest leaves.
    if (session.n_past() == session.n_ctx()) session.shift(1, session.n_ctx() / 2);
    (void)session.eval(std::span<const int32_t>(&next, 1), logits, false);
  }
  if (o.json) {
    nlohmann::json out = {{"prompt_ids", prompt_ids}, {"ids", ids}, {"text", tokenizer.decode(all)}};
    std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    std::printf("\n");
  }
  return 0;
}

}  // namespace lmz::cli
