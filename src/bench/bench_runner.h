// lmz bench: every file through lmz and the baselines, with sizes and speeds.
#pragma once

#include <string>
#include <vector>

#include "codec/stream_codec.h"

namespace lmz::bench {

struct Measurement {
  std::string codec;
  uint64_t original_bytes = 0;
  uint64_t compressed_bytes = 0;
  double compress_seconds = 0;
  double decompress_seconds = 0;
  bool round_trip_ok = false;

  double bits_per_byte() const;
  double compress_mb_per_s() const;
  double decompress_mb_per_s() const;
};

struct FileResult {
  std::string file;
  std::vector<Measurement>
      measurements;  // lmz first (the built-in model, then a GGUF model if given), then the baselines
};

struct BenchOptions {
  codec::CompressOptions lmz;
  // When llm.llm_model is set, each file is also measured with that model.
  codec::CompressOptions llm;
  bool baselines = true;
  // Each codec compresses and decompresses each file this many times; the
  // fastest run counts, which filters out interference from other processes.
  int runs = 1;
};

// Expands folders (their regular files, sorted) and measures each file.
Result<std::vector<FileResult>> run_bench(const std::vector<std::string>& paths, const BenchOptions& options);

std::string format_markdown(const std::vector<FileResult>& results);
std::string format_json(const std::vector<FileResult>& results);

}  // namespace lmz::bench
