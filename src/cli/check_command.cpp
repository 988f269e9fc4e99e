#include "cli/check_command.h"

#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "api/model_state.h"
#include "cli/open_model.h"
#include "cli/report_output.h"
#include "core/file_io.h"
#include "core/thread_pool.h"
#include "ground/bump.h"
#include "ground/source_store.h"

namespace lmz::cli {
namespace {

// Every source file's text (folders recursively); binary files are skipped.
Result<std::vector<Source>> read_sources(const std::vector<std::string>& paths) {
  std::vector<Source> out;
  for (const std::string& source : paths) {
    LMZ_ASSIGN_OR_RETURN(std::vector<std::string> files, ground::document_files(source));
    for (const std::string& f : files) {
      LMZ_ASSIGN_OR_RETURN(std::string doc, read_text(f));
      if (ground::is_binary_document(doc)) {
        std::fprintf(stderr, "lmz: %s: not text, skipped\n", f.c_str());
        continue;
      }
      out.push_back({f, std::move(doc)});
    }
  }
  if (out.empty()) return make_error(ErrorCode::kInvalidArgument, "the sources hold no text to check against");
  return out;
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
  const std::string model = options.model != nullptr
                                ? options.model->file_name() + " + cm -" + std::to_string(options.level)
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
    const nlohmann::json out = {{"file", o.bump},
                                {"model", model},
                                {"lmz", rows_json(rows)},
                                {"published", rows_json(published)},
                                {"pairs", pairs}};
    return emit_report(o, out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  }
  std::string report = "BUMP: " + std::to_string(records->size()) + " pairs from " + o.bump + "\n\n";
  report += bump_table("lmz check (" + model + ")", rows) + "\n" + bump_table("published metric", published);
  return emit_report(o, report);
}

}  // namespace

int run_check(const Options& o) {
  Result<Model> model = open_model(o, o.model);
  if (!model.ok()) return fail(model.status().message());
  if (!o.bump.empty()) {
    Result<ground::CheckOptions> options = api::check_options(*model, o.question);
    if (!options.ok()) return fail(options.status().message());
    options->threads = 1;  // records run in parallel instead
    return run_bench(o, *options);
  }
  const std::string& answer_path = o.files[0];
  if (answer_path == "-" && isatty(0) && !o.force)
    return fail("refusing to read the answer from a terminal (give a file, or use -f)");
  Result<std::string> answer = read_text(answer_path);
  if (!answer.ok()) return fail(answer.status().message());
  CheckParams params;
  params.question = o.question;
  params.store = o.store;
  if (o.store.empty()) {
    Result<std::vector<Source>> sources = read_sources(o.sources);
    if (!sources.ok()) return fail(sources.status().message());
    params.sources = std::move(*sources);
  }
  Result<CheckReport> result = check(*model, *answer, params);
  if (!result.ok()) return fail(result.status().message());
  std::string report;
  if (o.format == "json")
    report = result->json();
  else if (o.format == "html")
    report = result->html();
  else
    report = result->terminal(report_in_color(o));
  if (const int status = emit_report(o, report); status != 0) return status;
  const bool flagged = o.fail_on == "unsupported"    ? result->flagged()
                       : o.fail_on == "contradicted" ? result->contradicted > 0
                       : o.fail_on == "claim"        ? !result->claims.empty()
                                                     : false;
  return flagged ? 3 : 0;
}

}  // namespace lmz::cli
