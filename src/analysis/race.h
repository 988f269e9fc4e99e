// The bitrate race (lmz race): the same files scored by the built-in model
// and by GGUF models of increasing size, with the bits of each class of text
// (numbers, dates, names, code, URLs, common and other words, punctuation,
// space) per model, and the share of what each model saves over the one
// before it that each class accounts for. A bigger model is a higher bitrate:
// it codes the frequent patterns in fewer bits first, so the classes it
// cannot compress (rare facts) become a growing share of what is left.
//
// Each model's bits on a file are exactly what `lmz map` reports for it
// (the same chunks, windows and weights); the race only shares the work:
// one load of each model, and the chunks of all files scored in parallel,
// one single-threaded predictor per worker.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "analysis/span_classes.h"
#include "cm/cm_model.h"
#include "llm/llama_model.h"

namespace lmz::analysis {

struct RaceFile {
  std::string name;
  std::string text;
};

// A contestant: the built-in model (llm null) or a GGUF model.
struct RaceEntrant {
  std::string name;  // "cm", or the file's base name
  std::shared_ptr<const llm::LlamaModel> llm;
  cm::CmParams cm;
  uint32_t n_ctx = 0;  // GGUF: the window (0: the file's)
};

struct RaceClass {
  uint64_t bytes = 0;
  double bits = 0.0;
};

struct RaceResult {
  std::string name;
  uint64_t parameters = 0;  // weights' elements (0 for the built-in model)
  uint64_t bytes = 0;
  double total_bits = 0.0;
  std::vector<double> file_bits;  // per file, in the files' order
  std::array<RaceClass, kSpanClassCount> classes;
};

struct RaceOptions {
  int threads = 1;
  // Chunks as the codec cuts them (and `lmz map` scores them).
  uint64_t cm_chunk_bytes = 4u << 20;
  uint64_t llm_chunk_bytes = 64u << 10;
  // Called as work starts on a model and file.
  std::function<void(const std::string& model, const std::string& file)> progress;
};

// Scores every file with every entrant; results come back ordered by
// parameter count (the built-in model first), ties by name.
std::vector<RaceResult> run_race(const std::vector<RaceFile>& files, const std::vector<RaceEntrant>& entrants,
                                 const RaceOptions& options);

// Reports: an aligned table, JSON (docs/RACE.md's schema), and a page with
// both plots inline. The plots: bits per byte of each class against the
// number of parameters (log scale), and each class's share of the bits.
std::string race_terminal(const std::vector<RaceFile>& files, const std::vector<RaceResult>& results);
std::string race_json(const std::vector<RaceFile>& files, const std::vector<RaceResult>& results);
std::string race_html(const std::vector<RaceFile>& files, const std::vector<RaceResult>& results);
std::string race_svg_bits_per_byte(const std::vector<RaceResult>& results);
std::string race_svg_shares(const std::vector<RaceResult>& results);

}  // namespace lmz::analysis
