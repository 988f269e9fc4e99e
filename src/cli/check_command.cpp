#include "cli/check_command.h"

#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/report_output.h"
#include "codec/model_params.h"
#include "core/file_io.h"
#include "core/thread_pool.h"
#include "ground/bump.h"
#include "ground/check_reports.h"
#include "ground/source_store.h"

namespace lmz::cli {
namespace {

// The passages of every source file (folders recursively).
Result<std::vector<ground::SourcePassage>> passages_of_files(const std::vector<std::string>& sources) {
  std::vector<ground::SourcePassage> out;
  for (const std::string& source : sources) {
    Result<std::vector<std::string>> files = ground::document_files(source);
    if (!files.ok()) return files.status();
    for (const std::string& f : *files) {
      Result<std::string> doc = read_text(f);
      if (!doc.ok()) return doc.status();
      if (ground::is_binary_document(*doc)) {
        std::fprintf(stderr, "lmz: %s: not text, skipped\n", f.c_str());
        continue;
      }
      for (ground::Passage& p : ground::split_passages(*doc, ground::is_html_path(f))) {
        out.push_back({f, p.begin, p.end, std::move(p.text)});
      }
    }
  }
  if (out.empty()) return make_error(ErrorCode::kInvalidArgument, "the sources hold no text to check against");
  return out;
}

// The passages the store ranks highest for each sentence of the answer.
Result<std::vector<ground::SourcePassage>> passages_from_store(const std::string& store_path, const std::string& answer) {
  Result<std::unique_ptr<ground::SourceStore>> store = ground::SourceStore::open(store_path, false);
  if (!store.ok()) return store.status();
  std::vector<ground::SourcePassage> out;
  std::set<std::pair<std::string, uint64_t>> seen;
  for (const auto& [b, e] : ground::sentences_of(answer)) {
    Result<std::vector<ground::SearchHit>> hits = (*store)->search(answer.substr(b, e - b), 4);
    if (!hits.ok()) return hits.status();
    for (ground::SearchHit& h : *hits) {
      if (!seen.insert({h.path, h.begin}).second) continue;
      out.push_back({std::move(h.path), h.begin, h.end, std::move(h.text)});
    }
  }
  return out;
}

Status load_model(const Options& o, std::unique_ptr<llm::LlamaModel>& model, ground::CheckOptions& options) {
  if (o.model.empty() || o.model == "cm") return Status::success();
  Result<std::unique_ptr<llm::LlamaModel>> loaded = llm::LlamaModel::load(o.model);
  if (!loaded.ok()) return loaded.status();
  model = std::move(*loaded);
  options.model = model.get();
  options.n_ctx = o.ctx != 0 ? o.ctx : model->config().context_length;
  if (options.n_ctx < codec::kMinLlmContext || options.n_ctx > codec::kMaxLlmContext) {
    return make_error(ErrorCode::kInvalidArgument, o.model + " declares a context of " + std::to_string(options.n_ctx) +
                                                     " positions; give one with --ctx");
  }
  return Status::success();
}

std::string bump_table(const std::string& title, const std::vector<ground::BumpRow>& rows) {
  std::string out = "| " + title + " | pairs | consistency | ROC AUC |\n|---|---:|---:|---:|\n";
  for (const ground::BumpRow& r : rows) {
    char line[256];
    std::snprintf(line, sizeof line, "| %s | %zu | %.1f | %.1f |\n", r.name.c_str(), r.pairs, r.consistency, r.roc_auc);
    out += line;
  }
  return out;
}

int run_bench(const Options& o, const ground::CheckOptions& options) {
  Result<std::vector<ground::BumpRecord>> records = ground::load_bump(o.bump);
  if (!records.ok()) return fail(records.status().message());
  const bool show_progress = o.verbosity >= 1 && isatty(2);
  const ground::BumpScores scores =
      ground::run_bump(*records, options, resolve_thread_count(o.threads), [&](size_t done, size_t total) {
        if (show_progress) std::fprintf(stderr, "\rlmz: checked %zu of %zu summaries", done, total);
      });
  if (show_progress) std::fprintf(stderr, "\n");
  const std::vector<ground::BumpRow> rows = ground::bump_rows(*records, scores);
  const std::vector<ground::BumpRow> published = ground::published_rows(*records);
  const std::string model = options.model != nullptr ? options.model->file_name() +
                                                           " + cm -" + std::to_string(options.level)
                                                     : "cm -" + std::to_string(options.level);
  if (o.format == "json") {
    auto rows_json = [](const std::vector<ground::BumpRow>& rs) {
      nlohmann::json a = nlohmann::json::array();
      for (const ground::BumpRow& r : rs) {
        a.push_back({{"name", r.name}, {"pairs", r.pairs}, {"consistency", r.consistency}, {"roc_auc", r.roc_auc}});
      }
      return a;
    };
    nlohmann::json pairs = nlohmann::json::array();
    for (size_t i = 0; i < records->size(); ++i) {
      pairs.push_back({{"id", (*records)[i].id},
                       {"error_type", (*records)[i].error_type},
                       {"reference", scores.reference[i]},
                       {"edited", scores.edited[i]}});
    }
    const nlohmann::json out = {{"file", o.bump},   {"model", model},
                                {"lmz", rows_json(rows)}, {"published", rows_json(published)},
                                {"pairs", pairs}};
    return emit_report(o, out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  }
  std::string report = "BUMP: " + std::to_string(records->size()) + " pairs from " + o.bump + "\n\n";
  report += bump_table("lmz check (" + model + ")", rows) + "\n" + bump_table("published metric", published);
  return emit_report(o, report);
}

}  // namespace

int run_check(const Options& o) {
  ground::CheckOptions options;
  options.question = o.question;
  if (o.level != 0) options.level = o.level;
  options.threads = resolve_thread_count(o.threads);
  std::unique_ptr<llm::LlamaModel> model;
  if (Status s = load_model(o, model, options); !s.ok()) return fail(s.message());
  if (!o.bump.empty()) {
    options.threads = 1;  // records run in parallel instead
    return run_bench(o, options);
  }
  const std::string& answer_path = o.files[0];
  if (answer_path == "-" && isatty(0) && !o.force) return fail("refusing to read the answer from a terminal (give a file, or use -f)");
  Result<std::string> answer = read_text(answer_path);
  if (!answer.ok()) return fail(answer.status().message());
  Result<std::vector<ground::SourcePassage>> passages =
      o.store.empty() ? passages_of_files(o.sources) : passages_from_store(o.store, *answer);
  if (!passages.ok()) return fail(passages.status().message());
  const ground::CheckResult result = ground::check_answer(std::move(*answer), std::move(*passages), options);
  std::string report;
  if (o.format == "json") report = ground::check_json(result);
  else if (o.format == "html") report = ground::check_html(result);
  else report = ground::check_terminal(result, report_in_color(o));
  if (const int status = emit_report(o, report); status != 0) return status;
  const bool flagged = o.fail_on == "unsupported" ? result.unsupported + result.contradicted > 0
                       : o.fail_on == "contradicted" ? result.contradicted > 0
                                                     : false;
  return flagged ? 3 : 0;
}

}  // namespace lmz::cli
