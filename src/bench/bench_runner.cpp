#include "bench/bench_runner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "bench/baselines.h"
#include "core/file_io.h"

namespace lmz::bench {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double per_second(uint64_t bytes, double seconds) {
  return seconds > 0 ? bytes / seconds / 1e6 : 0;
}

Result<std::vector<std::string>> expand(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> inside;
      for (const fs::directory_entry& e : fs::directory_iterator(p, ec)) {
        if (e.is_regular_file()) inside.push_back(e.path().string());
      }
      if (inside.empty()) return make_error(ErrorCode::kInvalidArgument, p + ": no files to measure in this folder");
      std::sort(inside.begin(), inside.end());
      files.insert(files.end(), inside.begin(), inside.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      return make_error(ErrorCode::kIo, p + ": no such file or directory");
    }
  }
  return files;
}

// Runs `job` `runs` times; keeps the fastest time and the last result.
template <class Job>
auto fastest_of(int runs, double& seconds, Job job) -> decltype(job()) {
  seconds = 1e300;
  for (int i = 0;; ++i) {
    const auto start = std::chrono::steady_clock::now();
    auto result = job();
    seconds = std::min(seconds, seconds_since(start));
    if (!result.ok() || i + 1 >= runs) return result;
  }
}

template <class Compress, class Decompress>
Result<Measurement> measure(const std::string& name, ByteSpan data, int runs, Compress compress,
                            Decompress decompress) {
  Measurement m;
  m.codec = name;
  m.original_bytes = data.size();
  LMZ_ASSIGN_OR_RETURN(Bytes packed, fastest_of(runs, m.compress_seconds, [&] { return compress(data); }));
  m.compressed_bytes = packed.size();
  LMZ_ASSIGN_OR_RETURN(Bytes back, fastest_of(runs, m.decompress_seconds, [&] { return decompress(packed); }));
  m.round_trip_ok = std::equal(back.begin(), back.end(), data.begin(), data.end());
  return m;
}

Result<Measurement> measure_lmz(ByteSpan data, const codec::CompressOptions& options, int runs) {
  codec::DecompressOptions d;
  d.threads = options.threads;
  d.llm_model = options.llm_model;
  const std::string name = options.llm_model
                               ? "lmz " + options.llm_model->file_name() + (options.llm_mix ? "" : " --no-mix")
                               : "lmz -" + std::to_string(options.cm.level);
  return measure(
      name, data, runs, [&](ByteSpan in) { return codec::compress_bytes(in, options); },
      [&](ByteSpan packed) { return codec::decompress_bytes(packed, d); });
}

Result<Measurement> measure_baseline(ByteSpan data, const Baseline& b, int runs) {
  return measure(
      b.name, data, runs, [&](ByteSpan in) { return b.compress(in); },
      [&](ByteSpan packed) { return b.decompress(packed, data.size()); });
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return buf;
}

// Speeds with two decimals, or three significant digits below 0.1 MB/s.
std::string speed(double mb_per_s) {
  if (mb_per_s >= 0.1 || mb_per_s <= 0.0) return fixed(mb_per_s, 2);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.3g", mb_per_s);
  return buf;
}

std::vector<Measurement> totals(const std::vector<FileResult>& results) {
  std::vector<Measurement> sum;
  for (const FileResult& r : results) {
    for (size_t i = 0; i < r.measurements.size(); ++i) {
      if (sum.size() <= i) {
        sum.push_back(r.measurements[i]);
        continue;
      }
      Measurement& s = sum[i];
      const Measurement& m = r.measurements[i];
      s.original_bytes += m.original_bytes;
      s.compressed_bytes += m.compressed_bytes;
      s.compress_seconds += m.compress_seconds;
      s.decompress_seconds += m.decompress_seconds;
      s.round_trip_ok = s.round_trip_ok && m.round_trip_ok;
    }
  }
  return sum;
}

}  // namespace

double Measurement::bits_per_byte() const {
  return original_bytes ? 8.0 * compressed_bytes / original_bytes : 0;
}
double Measurement::compress_mb_per_s() const {
  return per_second(original_bytes, compress_seconds);
}
double Measurement::decompress_mb_per_s() const {
  return per_second(original_bytes, decompress_seconds);
}

Result<std::vector<FileResult>> run_bench(const std::vector<std::string>& paths, const BenchOptions& options) {
  LMZ_ASSIGN_OR_RETURN(std::vector<std::string> files, expand(paths));
  std::vector<FileResult> results;
  for (const std::string& file : files) {
    LMZ_ASSIGN_OR_RETURN(Bytes data, read_file(file));
    FileResult r;
    r.file = std::filesystem::path(file).filename().string();
    Result<Measurement> lmz = measure_lmz(data, options.lmz, options.runs);
    if (!lmz.ok()) return make_error(lmz.status().code(), file + ": " + lmz.status().message());
    r.measurements.push_back(*lmz);
    if (options.llm.llm_model) {
      Result<Measurement> llm = measure_lmz(data, options.llm, options.runs);
      if (!llm.ok()) return make_error(llm.status().code(), file + ": " + llm.status().message());
      r.measurements.push_back(*llm);
    }
    if (options.baselines) {
      for (const Baseline& b : baselines()) {
        Result<Measurement> m = measure_baseline(data, b, options.runs);
        if (!m.ok()) return make_error(m.status().code(), file + ": " + b.name + ": " + m.status().message());
        r.measurements.push_back(*m);
      }
    }
    results.push_back(std::move(r));
  }
  return results;
}

std::string format_markdown(const std::vector<FileResult>& results) {
  std::string out =
      "| file | codec | bytes | compressed | bits/byte | compress MB/s | decompress MB/s |\n"
      "|---|---|---:|---:|---:|---:|---:|\n";
  auto row = [&out](const std::string& file, const Measurement& m) {
    out += "| " + file + " | " + m.codec + " | " + std::to_string(m.original_bytes) + " | " +
           std::to_string(m.compressed_bytes) + " | " + fixed(m.bits_per_byte(), 3) + " | " +
           speed(m.compress_mb_per_s()) + " | " + speed(m.decompress_mb_per_s()) + " |" +
           (m.round_trip_ok ? "" : " ROUND TRIP FAILED") + "\n";
  };
  for (const FileResult& r : results) {
    for (const Measurement& m : r.measurements) row(r.file, m);
  }
  if (results.size() > 1) {
    for (const Measurement& m : totals(results)) row("**total**", m);
  }
  return out;
}

std::string format_json(const std::vector<FileResult>& results) {
  auto measurement_json = [](const Measurement& m) {
    return nlohmann::json{{"codec", m.codec},
                          {"bytes", m.original_bytes},
                          {"compressed_bytes", m.compressed_bytes},
                          {"bits_per_byte", m.bits_per_byte()},
                          {"compress_mb_per_s", m.compress_mb_per_s()},
                          {"decompress_mb_per_s", m.decompress_mb_per_s()},
                          {"round_trip_ok", m.round_trip_ok}};
  };
  nlohmann::json files = nlohmann::json::array();
  for (const FileResult& r : results) {
    nlohmann::json codecs = nlohmann::json::array();
    for (const Measurement& m : r.measurements) codecs.push_back(measurement_json(m));
    files.push_back({{"file", r.file}, {"results", codecs}});
  }
  nlohmann::json total = nlohmann::json::array();
  for (const Measurement& m : totals(results)) total.push_back(measurement_json(m));
  return nlohmann::json{{"files", files}, {"total", total}}.dump(2) + "\n";
}

}  // namespace lmz::bench
