#include "cli/map_command.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "analysis/logprobs.h"
#include "analysis/map_reports.h"
#include "codec/stream_codec.h"
#include "cli/report_output.h"
#include "core/file_io.h"
#include "core/thread_pool.h"

namespace lmz::cli {
namespace {

// Scores the text under "cm" or a GGUF path; a GGUF model mixed with the
// built-in model as the codec codes it, when `mixed`.
Result<analysis::Scoring> score(const Options& o, const std::string& model_spec, const std::string& text, bool mixed) {
  const ByteSpan bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  if (model_spec.empty() || model_spec == "cm") {
    cm::CmParams params;
    if (o.level != 0) params.level = o.level;
    return analysis::score_with_cm(bytes, params, o.chunk_size != 0 ? o.chunk_size : codec::kDefaultChunkSize);
  }
  Result<std::unique_ptr<llm::LlamaModel>> model = llm::LlamaModel::load(model_spec);
  if (!model.ok()) return model.status();
  const uint32_t n_ctx = o.ctx != 0 ? o.ctx : (*model)->config().context_length;
  if (n_ctx < codec::kMinLlmContext || n_ctx > codec::kMaxLlmContext) {
    return make_error(ErrorCode::kInvalidArgument, model_spec + " declares a context of " + std::to_string(n_ctx) +
                                                       " positions; give one with --ctx");
  }
  std::optional<cm::CmParams> mix;
  if (mixed) {
    mix.emplace();
    if (o.level != 0) mix->level = o.level;
  }
  // The codec's default chunks: the built-in model's when mixed.
  const uint32_t chunk_size =
      o.chunk_size != 0 ? o.chunk_size : mixed ? codec::kDefaultChunkSize : codec::kDefaultLlmChunkSize;
  return analysis::score_with_llm(bytes, **model, n_ctx, chunk_size, o.top, resolve_thread_count(o.threads), mix);
}


}  // namespace

int run_map(const Options& o) {
  std::string text;
  analysis::Scoring scoring;
  if (!o.logprobs.empty()) {
    Result<std::string> response = read_text(o.logprobs);
    if (!response.ok()) return fail(response.status().message());
    Result<analysis::LogprobAnswer> answer = analysis::parse_logprobs(*response, o.logprobs);
    if (!answer.ok()) return fail(o.logprobs + ": " + answer.status().message());
    text = std::move(answer->text);
    scoring = std::move(answer->scoring);
  } else {
    const std::string input = o.files.empty() ? "-" : o.files[0];
    if (input == "-" && isatty(0) && !o.force) return fail("refusing to read from a terminal (give a file, or use -f)");
    Result<std::string> data = read_text(input);
    if (!data.ok()) return fail(data.status().message());
    text = std::move(*data);
    if (!o.compare.empty()) {
      Result<analysis::Scoring> a = score(o, o.compare[0], text, false);
      if (!a.ok()) return fail(a.status().message());
      Result<analysis::Scoring> b = score(o, o.compare[1], text, false);
      if (!b.ok()) return fail(b.status().message());
      const analysis::BitMap map_a = analysis::build_bit_map(text, std::move(*a));
      const analysis::BitMap map_b = analysis::build_bit_map(text, std::move(*b));
      return emit_report(o, o.format == "json"   ? analysis::compare_json(map_a, map_b)
                            : o.format == "html" ? analysis::compare_html(map_a, map_b)
                                                 : analysis::compare_terminal(map_a, map_b));
    }
    Result<analysis::Scoring> scored = score(o, o.model, text, o.mix);
    if (!scored.ok()) return fail(scored.status().message());
    scoring = std::move(*scored);
  }
  const analysis::BitMap map = analysis::build_bit_map(text, std::move(scoring));
  if (o.format == "json") return emit_report(o, analysis::map_json(map));
  if (o.format == "html") return emit_report(o, analysis::map_html(map));
  const bool color = report_in_color(o);
  return emit_report(o, analysis::map_terminal(map, color));
}

}  // namespace lmz::cli
