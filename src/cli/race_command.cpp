#include "cli/race_command.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "analysis/race.h"
#include "api/model_state.h"
#include "cli/open_model.h"
#include "cli/report_output.h"
#include "codec/stream_codec.h"
#include "core/file_io.h"
#include "core/thread_pool.h"

namespace lmz::cli {
namespace {

// The GGUF files a -m names: the file, or a folder's *.gguf, sorted.
Result<std::vector<std::string>> model_files(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return std::vector<std::string>{path};
  std::vector<std::string> out;
  for (const fs::directory_entry& e : fs::directory_iterator(path, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".gguf") out.push_back(e.path().string());
  }
  if (ec) return make_error(ErrorCode::kIo, path + ": " + ec.message());
  if (out.empty()) return make_error(ErrorCode::kInvalidArgument, path + ": no .gguf files in this folder");
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int run_race(const Options& o) {
  std::vector<analysis::RaceFile> files;
  for (const std::string& f : o.files) {
    Result<std::string> text = read_text(f);
    if (!text.ok()) return fail(text.status().message());
    files.push_back({std::filesystem::path(f).filename().string(), std::move(*text)});
  }
  std::vector<analysis::RaceEntrant> entrants;
  analysis::RaceEntrant builtin;
  builtin.name = "cm";
  if (o.level != 0) builtin.cm.level = o.level;
  entrants.push_back(builtin);
  for (const std::string& spec : o.models) {
    Result<std::vector<std::string>> paths = model_files(spec);
    if (!paths.ok()) return fail(paths.status().message());
    for (const std::string& path : *paths) {
      Result<Model> model = open_model(o, path);
      if (!model.ok()) return fail(model.status().message());
      Result<uint32_t> n_ctx = api::window_of(*model);
      if (!n_ctx.ok()) return fail(n_ctx.status().message());
      analysis::RaceEntrant e;
      e.name = std::filesystem::path(path).filename().string();
      e.llm = model->state().llm;
      e.n_ctx = *n_ctx;
      entrants.push_back(std::move(e));
    }
  }
  analysis::RaceOptions options;
  options.threads = resolve_thread_count(o.threads);
  options.cm_chunk_bytes = codec::kDefaultChunkSize;
  options.llm_chunk_bytes = codec::kDefaultLlmChunkSize;
  const bool show = o.verbosity >= 1 && isatty(2);
  if (show) {
    options.progress = [](const std::string& model, const std::string& file) {
      std::fprintf(stderr, "\r\033[Klmz race: %s on %s", model.c_str(), file.c_str());
      std::fflush(stderr);
    };
  }
  const std::vector<analysis::RaceResult> results = analysis::run_race(files, entrants, options);
  if (show) std::fprintf(stderr, "\r\033[K");
  if (!o.svg.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.svg, ec);
    if (ec) return fail(o.svg + ": " + ec.message());
    for (const auto& [name, svg] :
         {std::pair<std::string, std::string>{"bits-per-byte.svg", analysis::race_svg_bits_per_byte(results)},
          std::pair<std::string, std::string>{"share-of-bits.svg", analysis::race_svg_shares(results)}}) {
      Status s = write_file(o.svg + "/" + name, ByteSpan(reinterpret_cast<const uint8_t*>(svg.data()), svg.size()));
      if (!s.ok()) return fail(s.message());
    }
  }
  if (o.format == "json") return emit_report(o, analysis::race_json(files, results));
  if (o.format == "html") return emit_report(o, analysis::race_html(files, results));
  return emit_report(o, analysis::race_terminal(files, results));
}

}  // namespace lmz::cli
