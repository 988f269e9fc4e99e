// lmz::score: what `lmz map` computes, as records and as its reports.
#include <nlohmann/json.hpp>

#include "analysis/bit_map.h"
#include "analysis/logprobs.h"
#include "analysis/map_reports.h"
#include "analysis/scoring.h"
#include "api/model_state.h"
#include "api/score_detail.h"

namespace lmz {

namespace {

Result<analysis::Scoring> scoring_of(const Model& model, std::string_view text, const ScoreParams& params) {
  const Model::State& state = model.state();
  const ByteSpan bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  // The costs the codec pays: its chunks for this model and mode.
  const uint32_t chunk_size =
      api::codec_options(model, {.mix = params.mix, .chunk_size = params.chunk_size}).chunk_size;
  if (!state.llm) return analysis::score_with_cm(bytes, state.cm, chunk_size);
  LMZ_ASSIGN_OR_RETURN(uint32_t n_ctx, api::window_of(model));
  if (params.top < 0) return make_error(ErrorCode::kInvalidArgument, "a negative number of alternatives");
  std::optional<cm::CmParams> mix;
  if (params.mix) mix = state.cm;
  return analysis::score_with_llm(bytes, *state.llm, n_ctx, chunk_size, params.top, state.threads, mix);
}

// The public records of a scoring laid over `detail`'s text.
Scores scores_of(std::shared_ptr<ScoresDetail> detail, analysis::Scoring scoring) {
  detail->map = analysis::build_bit_map(detail->text, std::move(scoring));
  const analysis::BitMap& map = detail->map;
  const std::string& text = detail->text;
  Scores out;
  out.model = map.scoring.model;
  out.unit = map.scoring.unit;
  out.bytes = text.size();
  out.total_bits = map.total_bits;
  out.tokens.reserve(map.scoring.tokens.size());
  for (const analysis::TokenScore& t : map.scoring.tokens) {
    TokenRecord r;
    r.begin = t.begin;
    r.end = t.end;
    r.text.assign(text, t.begin, t.end - t.begin);
    r.bits = t.bits;
    r.model_bits = t.model_bits;
    r.has_distribution = t.has_distribution;
    r.entropy_bits = t.entropy_bits;
    r.rank = t.rank;
    r.top.reserve(t.top.size());
    for (const analysis::Alternative& a : t.top) r.top.push_back({a.text, a.probability});
    out.tokens.push_back(std::move(r));
  }
  for (const analysis::ClassTotals& c : map.classes) {
    out.classes.push_back({analysis::span_class_name(c.cls), c.bytes, c.spans, c.bits});
  }
  out.detail = std::move(detail);
  return out;
}

}  // namespace

Result<Scores> score(const Model& model, std::string_view text, const ScoreParams& params) {
  LMZ_ASSIGN_OR_RETURN(analysis::Scoring scoring,
                       api::cancellable(params.cancel, [&] { return scoring_of(model, text, params); }));
  auto detail = std::make_shared<ScoresDetail>();
  detail->text = std::string(text);
  return scores_of(std::move(detail), std::move(scoring));
}

Result<Scores> score_logprobs(std::string_view response, const std::string& source) {
  LMZ_ASSIGN_OR_RETURN(analysis::LogprobAnswer answer, analysis::parse_logprobs(std::string(response), source));
  auto detail = std::make_shared<ScoresDetail>();
  detail->text = std::move(answer.text);
  return scores_of(std::move(detail), std::move(answer.scoring));
}

Result<Tokenization> tokenize(const Model& model, std::string_view text) {
  const Model::State& state = model.state();
  if (!state.llm) return make_error(ErrorCode::kInvalidArgument, "the built-in model has no tokens: give a GGUF model");
  const llm::Tokenizer& tokenizer = state.llm->tokenizer();
  Tokenization out;
  out.tokenizer = tokenizer.kind_name();
  for (const int32_t id : tokenizer.encode(text)) out.tokens.push_back({id, tokenizer.piece(id)});
  return out;
}

std::string Tokenization::json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const TokenPiece& p : tokens) list.push_back({{"id", p.id}, {"piece", p.piece}});
  return nlohmann::json({{"tokenizer", tokenizer}, {"n_tokens", tokens.size()}, {"tokens", list}})
             .dump(1, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

std::string Scores::json() const {
  return detail ? analysis::map_json(detail->map) : "";
}
std::string Scores::html() const {
  return detail ? analysis::map_html(detail->map) : "";
}
std::string Scores::terminal(bool color) const {
  return detail ? analysis::map_terminal(detail->map, color) : "";
}

}  // namespace lmz
