#include "cli/commands.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "analysis/map_reports.h"
#include "api/model_state.h"
#include "bench/bench_runner.h"
#include "bench/speed.h"
#include "cli/artifacts_command.h"
#include "cli/check_command.h"
#include "cli/generate.h"
#include "cli/index_command.h"
#include "cli/map_command.h"
#include "cli/open_model.h"
#include "cli/race_command.h"
#include "cli/serve_command.h"
#include "cli/tokenize_command.h"
#include "codec/stream_codec.h"
#include "core/file_io.h"
#include "core/sha256.h"
#include "core/thread_pool.h"
#include "lmz/version.h"

namespace lmz::cli {
namespace {

constexpr const char* kSuffix = ".lmz";

// "lmz: NAME: message", where the message does not name the file already.
void report_error(const std::string& name, const Status& status) {
  const std::string& message = status.message();
  if (message.rfind(name + ": ", 0) == 0)
    std::fprintf(stderr, "lmz: %s\n", message.c_str());
  else
    std::fprintf(stderr, "lmz: %s: %s\n", name.c_str(), message.c_str());
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string human_bytes(uint64_t n) {
  char buf[32];
  if (n < 10 * 1024)
    std::snprintf(buf, sizeof(buf), "%llu B", static_cast<unsigned long long>(n));
  else if (n < 10ull << 20)
    std::snprintf(buf, sizeof(buf), "%.1f KiB", n / 1024.0);
  else if (n < 10ull << 30)
    std::snprintf(buf, sizeof(buf), "%.1f MiB", n / 1048576.0);
  else
    std::snprintf(buf, sizeof(buf), "%.1f GiB", n / 1073741824.0);
  return buf;
}

// "1.23 MB/s", "45.6 KB/s": a speed that a small file still shows.
std::string human_speed(double bytes_per_second) {
  char buf[32];
  if (bytes_per_second >= 1e6)
    std::snprintf(buf, sizeof(buf), "%.2f MB/s", bytes_per_second / 1e6);
  else
    std::snprintf(buf, sizeof(buf), "%.1f KB/s", bytes_per_second / 1e3);
  return buf;
}

// A progress line on stderr, only when stderr is a terminal. The codec
// reports finished chunks through callback() and bytes coded within chunks
// through work_done(); a ticker redraws the line twice a second, so it moves
// within a long chunk too.
class Progress {
 public:
  Progress(const Options& o, std::string name, int64_t total_bytes, bool input_side)
      : enabled_(o.verbosity >= 1 && isatty(2)), input_side_(input_side), name_(std::move(name)), total_(total_bytes) {
    if (enabled_) ticker_ = std::thread([this] { tick(); });
  }
  ~Progress() { finish(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  codec::ProgressFn callback() {
    if (!enabled_) return {};
    return [this](uint64_t in, uint64_t out) {
      in_.store(in);
      out_.store(out);
    };
  }
  std::atomic<uint64_t>* work_done() { return enabled_ ? &work_ : nullptr; }

  // Stops the ticker and clears the line, before anything else is printed.
  void finish() {
    if (!enabled_) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (ticker_.joinable()) ticker_.join();
    if (shown_) std::fprintf(stderr, "\r\033[K");
    enabled_ = false;
  }

 private:
  void tick() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stopping_; })) draw();
  }
  void draw() {
    // Within a chunk the codec's byte count runs ahead of the chunk totals.
    const uint64_t work = work_.load();
    const uint64_t in = input_side_ ? std::max(in_.load(), work) : in_.load();
    const uint64_t out = input_side_ ? out_.load() : std::max(out_.load(), work);
    shown_ = true;
    if (total_ > 0) {
      std::fprintf(stderr, "\r\033[Klmz: %s: %5.1f%%  %s -> %s", name_.c_str(),
                   std::min(100.0, 100.0 * static_cast<double>(in) / static_cast<double>(total_)),
                   human_bytes(in).c_str(), human_bytes(out).c_str());
    } else {
      std::fprintf(stderr, "\r\033[Klmz: %s: %s -> %s", name_.c_str(), human_bytes(in).c_str(),
                   human_bytes(out).c_str());
    }
    std::fflush(stderr);
  }

  bool enabled_;
  bool input_side_;  // the work counter counts input bytes (compression), not output
  bool shown_ = false;
  std::string name_;
  int64_t total_;
  std::atomic<uint64_t> in_{0}, out_{0}, work_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread ticker_;
};

// Where the output of `input` goes, or an error.
Result<std::string> output_path(const Options& o, const std::string& input) {
  if (!o.output.empty()) return o.output;
  if (o.to_stdout || input == "-") return std::string("-");
  if (o.command == Command::kCompress) {
    if (ends_with(input, kSuffix)) {
      return make_error(ErrorCode::kInvalidArgument, "already has the " + std::string(kSuffix) + " suffix, skipped");
    }
    return input + kSuffix;
  }
  if (!ends_with(input, kSuffix) || input.size() == 4) {
    return make_error(ErrorCode::kInvalidArgument, "unknown suffix (expected .lmz); use -o or -c");
  }
  return input.substr(0, input.size() - 4);
}

// What -q, --mix, --no-compact and -B ask of a compression.
CompressParams compress_params(const Options& o) {
  CompressParams p;
  p.quality = o.quality;
  p.mix = o.mix;
  p.compact = o.compact;
  p.chunk_size = o.chunk_size;
  return p;
}

// The GGUF model a command names: -m, or for decoding also LMZ_MODEL.
std::string model_path(const Options& o) {
  if (!o.model.empty() || o.command == Command::kCompress) return o.model;
  const char* env = std::getenv("LMZ_MODEL");
  return env != nullptr ? env : "";
}

// `model` is what -m loaded (and, compressing, the built-in model of the level asked for otherwise).
Status process_file(const Options& o, const std::string& input, const Model& model) {
  const bool compressing = o.command == Command::kCompress;
  const bool testing = o.command == Command::kTest;
  if (input == "-" && isatty(0) && !o.force) {
    return make_error(ErrorCode::kInvalidArgument, "refusing to read from a terminal (use -f to force)");
  }
  std::string target = "-";
  if (!testing) {
    LMZ_ASSIGN_OR_RETURN(std::string path, output_path(o, input));
    target = path;
    if (target == "-" && compressing && isatty(1) && !o.force) {
      return make_error(ErrorCode::kInvalidArgument,
                        "refusing to write compressed data to a terminal (use -c with a pipe, or -f)");
    }
    if (target != "-" && (target == input || same_file(target, input))) {
      return make_error(ErrorCode::kInvalidArgument, "input and output are the same file");
    }
  }
  LMZ_ASSIGN_OR_RETURN(InputFile in, InputFile::open(input));
  if (input != "-" && !in.seekable() && !o.force) {
    return make_error(ErrorCode::kInvalidArgument, "not a regular file, skipped (use -f to read it anyway)");
  }

  const auto start = std::chrono::steady_clock::now();
  Progress progress(o, input == "-" ? "stdin" : input, in.size_bytes(), compressing);
  codec::StreamStats stats;
  // Testing and decompressing read alike; the model an archive needs is
  // -m's, or loaded from LMZ_MODEL when it names one.
  codec::DecompressOptions d;
  d.threads = o.threads;
  d.progress = progress.callback();
  d.work_done = progress.work_done();
  d.llm_model = model.state().llm;
  d.model_path = model_path(o);
  if (testing) {
    LMZ_ASSIGN_OR_RETURN(codec::StreamStats r, codec::decompress_stream(codec::source_of(in), {}, d));
    stats = r;
  } else {
    LMZ_ASSIGN_OR_RETURN(OutputFile out, OutputFile::create(target, o.force));
    Result<codec::StreamStats> r = codec::StreamStats{};
    if (compressing) {
      codec::CompressOptions c = api::codec_options(model, compress_params(o));
      c.progress = progress.callback();
      c.work_done = progress.work_done();
      r = codec::compress_stream(codec::source_of(in), codec::sink_of(out), c);
    } else {
      r = codec::decompress_stream(codec::source_of(in), codec::sink_of(out), d);
    }
    if (!r.ok()) return r.status();
    stats = *r;
    if (input != "-") out.copy_metadata_from(input);
    LMZ_RETURN_IF_ERROR(out.commit());
    // Never with -c or to standard output, as gzip and xz: the input is all there is.
    if (o.remove_input && input != "-" && target != "-" && !out.is_standard_stream()) {
      LMZ_RETURN_IF_ERROR(remove_file(input));
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.finish();
  if (o.verbosity >= 2) {
    const uint64_t original = compressing ? stats.bytes_in : stats.bytes_out;
    const uint64_t packed = compressing ? stats.bytes_out : stats.bytes_in;
    const double bpb = original ? 8.0 * packed / original : 0.0;
    std::fprintf(stderr, "lmz: %s: %s%llu -> %llu bytes, %.3f bits/byte, %s\n", input == "-" ? "stdin" : input.c_str(),
                 testing ? "OK, " : "", static_cast<unsigned long long>(compressing ? original : packed),
                 static_cast<unsigned long long>(compressing ? packed : original), bpb,
                 human_speed(seconds > 0 ? static_cast<double>(original) / seconds : 0.0).c_str());
  }
  return Status::success();
}

int run_list(const Options& o) {
  std::vector<std::string> files = o.files.empty() ? std::vector<std::string>{"-"} : o.files;
  int status = 0;
  // With -m (or LMZ_MODEL) the model is described too: its architecture,
  // vocabulary and weight types, and whether it is the one an archive needs.
  std::shared_ptr<const llm::LlamaModel> described;
  if (const std::string path = model_path(o); !path.empty()) {
    Result<Model> loaded = open_model(o, path);
    if (!loaded.ok()) {
      std::fprintf(stderr, "lmz: %s\n", loaded.status().message().c_str());
      return 1;
    }
    described = loaded->state().llm;
  }
  nlohmann::json all = nlohmann::json::array();
  if (!o.json)
    std::printf("%-10s %7s %14s %14s %7s %9s  %s\n", "model", "chunks", "original", "compressed", "ratio", "bits/byte",
                "name");
  for (const std::string& f : files) {
    Result<InputFile> in = InputFile::open(f);
    if (!in.ok()) {
      report_error(f, in.status());
      status = 1;
      continue;
    }
    Result<codec::ArchiveInfo> info = codec::read_archive_info(codec::source_of(*in));
    if (!info.ok()) {
      report_error(f, info.status());
      status = 1;
      continue;
    }
    const uint64_t original = info->table.total_bytes;
    const uint64_t packed = info->archive_bytes;
    const double bpb = original ? 8.0 * packed / original : 0.0;
    const double ratio = packed ? static_cast<double>(original) / packed : 0.0;
    std::string model = info->llm ? "llm" : "cm -" + std::to_string(info->cm.level);
    if (info->header.lossy) model += " q" + std::to_string(info->header.quality);
    const double payload_bits = 8.0 * static_cast<double>(info->modelled_payload_bytes);
    if (o.json) {
      nlohmann::json entry = {{"name", f},
                              {"model", codec::model_kind_name(info->header.model)},
                              {"format_version", info->header.version},
                              {"chunk_size", info->header.chunk_size},
                              {"chunks", info->table.chunks.size()},
                              {"original_bytes", original},
                              {"compressed_bytes", packed},
                              {"ratio", ratio},
                              {"bits_per_byte", bpb},
                              {"lossy", info->header.lossy},
                              {"quality", info->header.quality},
                              {"archives", info->members},
                              {"compact", info->header.compact}};
      if (info->header.lossy) {
        entry["reconstruction_bytes"] = original;
        entry["input_bytes"] = info->input_bytes_known ? nlohmann::json(info->input_bytes) : nlohmann::json(nullptr);
      }
      if (info->llm) {
        const std::string hash = to_hex(info->llm->model_sha256).substr(0, 2 * info->llm->model_hash_bytes);
        entry["model_file"] =
            info->llm->model_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(info->llm->model_name);
        entry["model_sha256"] = hash;
        entry["context"] = info->llm->n_ctx;
        entry["window"] = info->llm->window == llm::Window::kSlide ? "slide" : "restart";
        entry["coded_bits"] = payload_bits;
        // The compact form does not record the code lengths.
        const auto recorded = [&](double bits) {
          return info->header.compact ? nlohmann::json(nullptr) : nlohmann::json(bits);
        };
        entry["ideal_bits"] = recorded(info->ideal_bits);
        entry["mixed"] = info->llm->mix.has_value();
        if (info->llm->mix) {
          entry["mix_level"] = info->llm->mix->level;
          entry["mixed_bits"] = recorded(info->table_bits);
        } else {
          entry["table_bits"] = recorded(info->table_bits);
        }
        if (described) {
          entry["architecture"] = described->architecture_name();
          entry["tokenizer"] = described->tokenizer().kind_name();
          entry["tensor_types"] = described->weight_types();
          entry["model_matches"] = codec::llm_params_name_model(*info->llm, described->file_sha256());
        }
      } else {
        entry["level"] = info->cm.level;
      }
      all.push_back(entry);
    } else {
      std::printf("%-10s %7zu %14llu %14llu %7.3f %9.3f  %s\n", model.c_str(), info->table.chunks.size(),
                  static_cast<unsigned long long>(original), static_cast<unsigned long long>(packed), ratio, bpb,
                  analysis::terminal_text(f).c_str());
      if (info->members > 1) {
        std::printf("           %llu concatenated archives; model and parameters shown are the first's\n",
                    static_cast<unsigned long long>(info->members));
      }
      if (info->header.lossy) {
        std::printf("           lossy, quality %u: decodes to a reconstruction of %llu bytes, not the original",
                    static_cast<unsigned>(info->header.quality), static_cast<unsigned long long>(original));
        if (info->input_bytes_known) {
          std::printf(" (%llu bytes)\n", static_cast<unsigned long long>(info->input_bytes));
        } else {
          std::printf(" (whose size this older archive does not record)\n");
        }
      }
      if (info->llm) {
        const std::string hash = to_hex(info->llm->model_sha256).substr(0, 2 * info->llm->model_hash_bytes);
        const std::string window =
            std::string(info->llm->window == llm::Window::kSlide ? "sliding window" : "restarting window") +
            (info->llm->activations != llm::Activations::kFloat ? ", 8-bit inputs" : "");
        if (info->llm->model_name.empty()) {
          std::printf("           model whose SHA-256 begins %s, context %u (%s)\n", hash.c_str(), info->llm->n_ctx,
                      window.c_str());
        } else {
          std::printf("           model %s (SHA-256 %s), context %u (%s)\n",
                      analysis::terminal_text(info->llm->model_name).c_str(), hash.c_str(), info->llm->n_ctx,
                      window.c_str());
        }
        if (described) {
          std::printf("           %s: %s, %s vocabulary of %d, weights %s; %s\n",
                      analysis::terminal_text(described->name()).c_str(), described->architecture_name(),
                      described->tokenizer().kind_name().c_str(), described->tokenizer().n_vocab(),
                      described->weight_types().c_str(),
                      codec::llm_params_name_model(*info->llm, described->file_sha256())
                          ? "the model this archive needs"
                          : "NOT the model this archive needs");
        }
        auto relative = [&](double ideal) { return ideal > 0 ? 100.0 * (payload_bits - ideal) / ideal : 0.0; };
        if (info->header.compact) {
          std::printf("           compact form: coded %.0f bits; the code lengths are not recorded\n", payload_bits);
          if (info->llm->mix)
            std::printf("           mixed with the built-in model (level %d)\n", info->llm->mix->level);
        } else if (info->llm->mix) {
          std::printf(
              "           mixed with the built-in model (level %d): coded %.0f bits (mixed code length %.1f);\n"
              "           the model alone: %.1f bits (the sum of -log2 p of the coded tokens), %+.2f%%\n",
              info->llm->mix->level, payload_bits, info->table_bits, info->ideal_bits, relative(info->ideal_bits));
        } else {
          std::printf(
              "           coded %.0f bits, against the model's ideal code length (the sum of -log2 p of\n"
              "           the coded tokens) %.1f bits (%+.3f%%) and the frequency tables' %.1f bits (%+.3f%%);\n"
              "           coded bits can fall below -log2 p where a table rounds a tiny probability up\n",
              payload_bits, info->ideal_bits, relative(info->ideal_bits), info->table_bits, relative(info->table_bits));
        }
      }
    }
  }
  if (o.json) std::printf("%s\n", all.dump(2).c_str());
  return status;
}

int run_speed_bench(const Options& o) {
  Result<Model> loaded = open_model(o, o.model);
  if (!loaded.ok()) {
    std::fprintf(stderr, "lmz: %s\n", loaded.status().message().c_str());
    return 1;
  }
  if (loaded->is_builtin()) {
    std::fprintf(stderr, "lmz: --speed measures a GGUF model: give one with -m\n");
    return 1;
  }
  bench::SpeedOptions s;
  s.threads = loaded->threads();
  s.runs = o.runs != 0 ? o.runs : 3;
  const bench::SpeedResult r = bench::measure_speed(*loaded->state().llm, s);
  const std::string text = o.json ? bench::format_speed_json(r) : bench::format_speed_markdown(r);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

int run_bench(const Options& o) {
  if (o.speed) return run_speed_bench(o);
  bench::BenchOptions b;
  Result<Model> built_in = open_model(o, "cm");
  if (!built_in.ok()) {
    std::fprintf(stderr, "lmz: %s\n", built_in.status().message().c_str());
    return 1;
  }
  b.lmz = api::codec_options(*built_in, compress_params(o));
  if (!o.model.empty()) {
    Result<Model> loaded = open_model(o, o.model);
    if (!loaded.ok()) {
      std::fprintf(stderr, "lmz: %s\n", loaded.status().message().c_str());
      return 1;
    }
    b.llm = api::codec_options(*loaded, compress_params(o));
  }
  b.baselines = !o.no_baselines;
  b.runs = o.runs != 0 ? o.runs : 1;
  Result<std::vector<bench::FileResult>> results = bench::run_bench(o.files, b);
  if (!results.ok()) {
    report_error("bench", results.status());
    return 1;
  }
  const std::string text = o.json ? bench::format_json(*results) : bench::format_markdown(*results);
  std::fwrite(text.data(), 1, text.size(), stdout);
  for (const bench::FileResult& r : *results) {
    for (const bench::Measurement& m : r.measurements) {
      if (!m.round_trip_ok) return 1;
    }
  }
  return 0;
}

}  // namespace

int run_command(const Options& o) {
  if (o.help || o.command == Command::kHelp) {
    const bool named = o.command_word || o.command != Command::kCompress;
    std::fputs((named && o.command != Command::kHelp ? usage_text(o.command) : usage_text()).c_str(), stdout);
    return 0;
  }
  switch (o.command) {
    case Command::kVersion:
      std::printf("lmz %s (format %u)\n", kVersionString, kFormatVersion);
      return 0;
    case Command::kList:
      return run_list(o);
    case Command::kBench:
      return run_bench(o);
    case Command::kGenerate:
      return run_generate(o);
    case Command::kMap:
      return run_map(o);
    case Command::kArtifacts:
      return run_artifacts(o);
    case Command::kIndex:
      return run_index(o);
    case Command::kCheck:
      return run_check(o);
    case Command::kTokenize:
      return run_tokenize(o);
    case Command::kRace:
      return run_race(o);
    case Command::kServe:
      return run_serve(o);
    default:
      break;
  }
  // One load of the model serves every file; decoding loads it only when an
  // archive needs it (from -m or LMZ_MODEL).
  Result<Model> model = open_model(o, o.model);
  if (!model.ok()) {
    std::fprintf(stderr, "lmz: %s\n", model.status().message().c_str());
    return 1;
  }
  std::vector<std::string> files = o.files.empty() ? std::vector<std::string>{"-"} : o.files;
  if (o.remove_input && o.to_stdout && o.verbosity >= 1) {
    std::fprintf(stderr, "lmz: warning: --rm is ignored with -c: the inputs are kept\n");
  }
  int status = 0;
  for (const std::string& f : files) {
    Status s = process_file(o, f, *model);
    if (!s.ok()) {
      report_error(f == "-" ? "stdin" : f, s);
      status = 1;
    }
  }
  return status;
}

}  // namespace lmz::cli
