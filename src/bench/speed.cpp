#include "bench/speed.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/splitmix.h"
#include "llm/llama_session.h"

namespace lmz::bench {
namespace {

// Pseudo-random token ids (splitmix64), the same on every run.
std::vector<int32_t> token_ids(uint32_t n, uint32_t n_vocab, uint64_t seed) {
  std::vector<int32_t> ids(n);
  SplitMix64 random(seed);
  for (int32_t& id : ids) id = static_cast<int32_t>(random.next() % n_vocab);
  return ids;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

uint64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // kilobytes on Linux
}

}  // namespace

SpeedResult measure_speed(const llm::LlamaModel& model, const SpeedOptions& options) {
  SpeedResult r;
  r.model = model.file_name();
  r.type = model.weight_types();
  r.parameters = model.parameter_count();
  r.threads = std::max(1, options.threads);
  r.prompt_tokens = options.prompt_tokens;
  r.generated_tokens = options.generated_tokens;
  const uint32_t n_vocab = model.config().n_vocab;
  const uint32_t n_ctx = std::max(options.prompt_tokens, options.generated_tokens);
  const std::vector<int32_t> prompt = token_ids(options.prompt_tokens, n_vocab, 1);
  const std::vector<int32_t> generated = token_ids(options.generated_tokens, n_vocab, 2);
  std::vector<float> logits;
  llm::LlamaSession session(model, n_ctx, r.threads);
  double best_scoring = 0, best_generation = 0;
  for (int run = 0; run < std::max(1, options.runs); ++run) {
    session.clear();
    auto start = std::chrono::steady_clock::now();
    // In the groups the codec and lmz map use, every position's logits kept.
    const size_t batch = llm::scoring_batch(n_vocab);
    for (size_t done = 0; done < prompt.size(); done += batch) {
      const size_t n = std::min(batch, prompt.size() - done);
      if (!session.eval_visit(std::span<const int32_t>(prompt).subspan(done, n), 0, [](size_t, const float*) {}).ok())
        break;
    }
    best_scoring = std::max(best_scoring, options.prompt_tokens / seconds_since(start));

    session.clear();
    start = std::chrono::steady_clock::now();
    for (int32_t id : generated) {
      if (!session.eval(std::span<const int32_t>(&id, 1), logits, false).ok()) break;
    }
    best_generation = std::max(best_generation, options.generated_tokens / seconds_since(start));
  }
  r.scoring_tokens_per_s = best_scoring;
  r.generation_tokens_per_s = best_generation;
  r.peak_rss_bytes = peak_rss_bytes();
  return r;
}

std::string format_speed_markdown(const SpeedResult& r) {
  char line[512];
  std::string out =
      "| model | type | parameters | threads | scoring tokens/s | generation tokens/s | peak memory |\n"
      "|---|---|---:|---:|---:|---:|---:|\n";
  std::snprintf(line, sizeof line, "| %s | %s | %.1fM | %d | %.1f (%u tokens) | %.1f (%u tokens) | %.1f MB |\n",
                r.model.c_str(), r.type.c_str(), static_cast<double>(r.parameters) / 1e6, r.threads,
                r.scoring_tokens_per_s, r.prompt_tokens, r.generation_tokens_per_s, r.generated_tokens,
                static_cast<double>(r.peak_rss_bytes) / 1e6);
  return out + line;
}

std::string format_speed_json(const SpeedResult& r) {
  nlohmann::json j = {{"model", r.model},
                      {"type", r.type},
                      {"parameters", r.parameters},
                      {"threads", r.threads},
                      {"prompt_tokens", r.prompt_tokens},
                      {"generated_tokens", r.generated_tokens},
                      {"scoring_tokens_per_s", r.scoring_tokens_per_s},
                      {"generation_tokens_per_s", r.generation_tokens_per_s},
                      {"peak_rss_bytes", r.peak_rss_bytes}};
  return j.dump(2) + "\n";
}

}  // namespace lmz::bench
