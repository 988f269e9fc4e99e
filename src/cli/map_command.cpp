#include "cli/map_command.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "analysis/map_reports.h"
#include "api/score_detail.h"
#include "cli/open_model.h"
#include "cli/report_output.h"

namespace lmz::cli {
namespace {

// Scores the text under "cm" or a GGUF path; a GGUF model mixed with the
// built-in model as the codec codes it, when `mixed`.
Result<Scores> score_text(const Options& o, const std::string& model_spec, const std::string& text, bool mixed) {
  LMZ_ASSIGN_OR_RETURN(Model model, open_model(o, model_spec));
  ScoreParams params;
  params.mix = mixed;
  params.top = o.top;
  params.chunk_size = o.chunk_size;
  return score(model, text, params);
}

}  // namespace

int run_map(const Options& o) {
  if (!o.logprobs.empty()) {
    // The log-probabilities of an API's answer: no model to run.
    Result<std::string> response = read_text(o.logprobs);
    if (!response.ok()) return fail(response.status().message());
    Result<Scores> scores = score_logprobs(*response, o.logprobs);
    if (!scores.ok()) return fail(o.logprobs + ": " + scores.status().message());
    if (o.format == "json") return emit_report(o, scores->json());
    if (o.format == "html") return emit_report(o, scores->html());
    return emit_report(o, scores->terminal(report_in_color(o)));
  }
  const std::string input = o.files.empty() ? "-" : o.files[0];
  if (input == "-" && isatty(0) && !o.force) return fail("refusing to read from a terminal (give a file, or use -f)");
  Result<std::string> text = read_text(input);
  if (!text.ok()) return fail(text.status().message());
  if (!o.compare.empty()) {
    Result<Scores> a = score_text(o, o.compare[0], *text, false);
    if (!a.ok()) return fail(a.status().message());
    Result<Scores> b = score_text(o, o.compare[1], *text, false);
    if (!b.ok()) return fail(b.status().message());
    const analysis::BitMap& map_a = a->detail->map;
    const analysis::BitMap& map_b = b->detail->map;
    return emit_report(o, o.format == "json"   ? analysis::compare_json(map_a, map_b)
                          : o.format == "html" ? analysis::compare_html(map_a, map_b)
                                               : analysis::compare_terminal(map_a, map_b));
  }
  Result<Scores> scores = score_text(o, o.model, *text, o.mix);
  if (!scores.ok()) return fail(scores.status().message());
  if (o.format == "json") return emit_report(o, scores->json());
  if (o.format == "html") return emit_report(o, scores->html());
  return emit_report(o, scores->terminal(report_in_color(o)));
}

}  // namespace lmz::cli
