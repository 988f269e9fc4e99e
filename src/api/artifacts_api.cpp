// lmz::artifacts: a lossy coding kept whole, as `lmz artifacts` shows it.
#include "analysis/span_classes.h"
#include "api/artifacts_report.h"
#include "api/model_state.h"

namespace lmz {

Result<Artifacts> artifacts(const Model& model, std::string_view text, int quality, uint32_t chunk_size) {
  return artifacts(model, text, ArtifactsParams{.quality = quality, .chunk_size = chunk_size});
}

Result<Artifacts> artifacts(const Model& model, std::string_view text, const ArtifactsParams& params) {
  const int quality = params.quality;
  LMZ_RETURN_IF_ERROR(api::window_of(model).status());
  // The lossy coding is the token model's alone.
  const codec::CompressOptions c = api::codec_options(model, {.mix = false, .chunk_size = params.chunk_size});
  auto detail = std::make_shared<ArtifactsDetail>();
  detail->text = std::string(text);
  Result<api::Run> run = api::cancellable(params.cancel, [&] {
    return api::run_quality(detail->text, analysis::classify_spans(detail->text), c, quality);
  });
  if (!run.ok()) return run.status();
  detail->run = std::move(*run);
  const api::Run& r = detail->run;
  Artifacts out;
  out.model = model.name();
  out.quality = quality;
  out.bytes = text.size();
  out.payload_bytes = r.trial.payload_bytes;
  out.tokens = r.trial.tokens.size();
  out.reconstruction.assign(r.trial.reconstruction.begin(), r.trial.reconstruction.end());
  for (size_t i = 0; i < r.trial.tokens.size(); ++i) {
    const codec::LossyToken& t = r.trial.tokens[i];
    if (!t.altered) continue;
    out.altered.push_back({t.begin, t.end, detail->text.substr(t.begin, t.end - t.begin),
                           out.reconstruction.substr(t.out_begin, t.out_end - t.out_begin),
                           analysis::span_class_name(r.classes[i])});
  }
  out.detail = std::move(detail);
  return out;
}

std::string Artifacts::json() const {
  return detail ? api::report_json(detail->text, detail->run, model) : "";
}
std::string Artifacts::html() const {
  return detail ? api::report_html(detail->text, detail->run, model) : "";
}
std::string Artifacts::terminal(bool color) const {
  return detail ? api::report_terminal(detail->text, detail->run, model, color) : "";
}

}  // namespace lmz
