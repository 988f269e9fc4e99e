#include "cli/artifacts_command.h"

#include <cstdio>

#include "api/artifacts_report.h"
#include "cli/open_model.h"
#include "cli/report_output.h"
#include "core/file_io.h"
#include "lmz/lmz.h"

namespace lmz::cli {

int run_artifacts(const Options& o) {
  Result<Bytes> input = read_file(o.files[0]);
  if (!input.ok()) return fail(input.status().message());
  const std::string text(input->begin(), input->end());
  Result<Model> model = open_model(o, o.model);
  if (!model.ok()) return fail(model.status().message());

  if (o.sweep) {
    std::vector<Artifacts> runs;
    for (int q = 10; q <= 100; q += 10) {
      Result<Artifacts> run = artifacts(*model, text, q, o.chunk_size);
      if (!run.ok()) return fail(run.status().message());
      runs.push_back(std::move(*run));
    }
    if (!o.svg.empty()) {
      Options svg_out = o;
      svg_out.output = o.svg;
      if (emit_report(svg_out, api::sweep_svg(runs)) != 0) return 1;
    }
    return emit_report(o, o.format == "json" ? api::sweep_json(runs) : api::sweep_table(runs));
  }

  Result<Artifacts> run = artifacts(*model, text, o.quality, o.chunk_size);
  if (!run.ok()) return fail(run.status().message());
  if (o.format == "json") return emit_report(o, run->json());
  if (o.format == "html") return emit_report(o, run->html());
  return emit_report(o, run->terminal(report_in_color(o)));
}

}  // namespace lmz::cli
