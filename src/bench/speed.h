// lmz bench --speed: how fast the LLM engine runs a model, measured the way
// llama.cpp's llama-bench measures it, so the two can be compared side by
// side: batched scoring of a 512-token prompt (every position's logits, as
// lmz map and compression need them) and generation of 64 tokens one at a
// time from an empty context. Token ids are pseudo-random (the work does not
// depend on them); each figure is the fastest of `runs` runs. The prompt is
// evaluated in the groups the codec uses (llm::scoring_batch), every
// position's logits computed and handed over as the codec takes them
// (LlamaSession::eval_visit), where llama-bench computes only the last
// position's.
#pragma once

#include <string>

#include "llm/llama_model.h"

namespace lmz::bench {

struct SpeedOptions {
  int threads = 1;
  uint32_t prompt_tokens = 512;
  uint32_t generated_tokens = 64;
  int runs = 3;
};

struct SpeedResult {
  std::string model;  // the file's name
  std::string type;   // the weights' types, e.g. "Q8_0 F32"
  uint64_t parameters = 0;
  int threads = 1;
  uint32_t prompt_tokens = 0;
  uint32_t generated_tokens = 0;
  double scoring_tokens_per_s = 0;
  double generation_tokens_per_s = 0;
  uint64_t peak_rss_bytes = 0;  // the process's peak resident memory after the runs
};

SpeedResult measure_speed(const llm::LlamaModel& model, const SpeedOptions& options);

std::string format_speed_markdown(const SpeedResult& r);
std::string format_speed_json(const SpeedResult& r);

}  // namespace lmz::bench
