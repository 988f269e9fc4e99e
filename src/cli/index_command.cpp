#include "cli/index_command.h"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "analysis/map_reports.h"
#include "cli/report_output.h"
#include "ground/source_store.h"

namespace lmz::cli {

int run_index(const Options& o) {
  Result<std::unique_ptr<ground::SourceStore>> store = ground::SourceStore::open(o.store, o.files[0] == "add");
  if (!store.ok()) return fail(store.status().message());
  if (o.files[0] == "add") {
    const auto start = std::chrono::steady_clock::now();
    ground::AddStats stats;
    for (size_t i = 1; i < o.files.size(); ++i) {
      if (Status s = (*store)->add(o.files[i], stats); !s.ok()) return fail(s.message());
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const std::string& f : stats.skipped) {
      if (o.verbosity >= 1) std::fprintf(stderr, "lmz: %s: not text, skipped\n", f.c_str());
    }
    if (o.verbosity >= 1) {
      auto plural = [](uint64_t n, const char* one, const char* many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
      };
      std::fprintf(stderr, "lmz: %s: %s added (%s, %s), %llu unchanged, %zu skipped, in %.2f s\n", o.store.c_str(),
                   plural(stats.files_added, "file", "files").c_str(),
                   plural(stats.passages, "passage", "passages").c_str(), plural(stats.bytes, "byte", "bytes").c_str(),
                   static_cast<unsigned long long>(stats.files_unchanged), stats.skipped.size(), seconds);
    }
    if (stats.files_added + stats.files_unchanged == 0) {
      return fail(o.store + ": no text files among the paths given; nothing indexed");
    }
    return 0;
  }
  std::string query;
  for (size_t i = 1; i < o.files.size(); ++i) query += (i > 1 ? " " : "") + o.files[i];
  Result<std::vector<ground::SearchHit>> hits = (*store)->search(query, o.limit);
  if (!hits.ok()) return fail(hits.status().message());
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const ground::SearchHit& h : *hits) {
      out.push_back({{"path", h.path}, {"begin", h.begin}, {"end", h.end}, {"score", h.score}, {"text", h.text}});
    }
    std::printf("%s\n", out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return 0;
  }
  for (const ground::SearchHit& h : *hits) {
    std::string text = h.text.substr(0, 300);
    for (char& c : text) c = c == '\n' ? ' ' : c;
    text = analysis::terminal_text(text);
    std::printf("%s:%llu-%llu  (%.2f)\n  %s%s\n", analysis::terminal_text(h.path).c_str(),
                static_cast<unsigned long long>(h.begin), static_cast<unsigned long long>(h.end), h.score, text.c_str(),
                h.text.size() > 300 ? "..." : "");
  }
  return 0;
}

}  // namespace lmz::cli
