// lmz::check: an answer against its sources, as `lmz check` does it.
#include "api/model_state.h"
#include "ground/check.h"
#include "ground/check_reports.h"
#include "ground/passages.h"

namespace lmz {

struct CheckDetail {
  ground::CheckResult result;
};

Result<CheckReport> check(const Model& model, std::string_view answer, const CheckParams& params) {
  LMZ_ASSIGN_OR_RETURN(const ground::CheckOptions options, api::check_options(model, params.question));
  std::vector<ground::SourcePassage> passages;
  if (!params.sources.empty()) {
    for (const Source& s : params.sources) {
      for (ground::SourcePassage& p : ground::passages_of(s.name, s.text)) passages.push_back(std::move(p));
    }
    if (passages.empty()) return make_error(ErrorCode::kInvalidArgument, "the sources hold no text to check against");
  } else if (!params.store.empty()) {
    LMZ_ASSIGN_OR_RETURN(std::vector<ground::SourcePassage> found,
                         ground::passages_from_store(params.store, std::string(answer)));
    passages = std::move(found);
  } else {
    return make_error(ErrorCode::kInvalidArgument, "no sources and no store to check against");
  }
  auto detail = std::make_shared<CheckDetail>();
  {
    CancelScope scope(params.cancel.get());
    detail->result = ground::check_answer(std::string(answer), std::move(passages), options);
  }
  if (params.cancel.requested()) return cancelled_error();
  const ground::CheckResult& r = detail->result;
  CheckReport out;
  out.model = r.model;
  for (const ground::SourcePassage& p : r.passages) out.passages.push_back({p.path, p.begin, p.end, p.text});
  auto span_of = [&](const ground::SpanVerdict& v) {
    CheckSpan s;
    s.begin = v.span.begin;
    s.end = v.span.end;
    s.cp_begin = v.cp_begin;
    s.cp_end = v.cp_end;
    s.text = r.answer.substr(v.span.begin, v.span.end - v.span.begin);
    s.verdict = ground::verdict_name(v.verdict);
    s.fact = ground::fact_name(v.fact);
    s.value = v.value;
    s.source_value = v.source_value;
    s.relation = v.relation;
    s.relation_begin = v.relation_begin;
    s.relation_end = v.relation_end;
    s.bits_without = v.bits_without;
    s.bits_with = v.bits_with;
    s.passage = v.passage;
    return s;
  };
  for (const ground::SpanVerdict& v : r.spans) out.spans.push_back(span_of(v));
  for (const ground::SpanVerdict& v : r.claims) out.claims.push_back(span_of(v));
  out.supported = r.supported;
  out.unsupported = r.unsupported;
  out.contradicted = r.contradicted;
  out.novel = r.novel;
  out.unresolved = r.unresolved;
  out.word_pairs = r.word_pairs.all;
  out.word_pairs_together = r.word_pairs.together;
  out.bits_without = r.bits_without;
  out.bits_with = r.bits_with;
  out.detail = std::move(detail);
  return out;
}

std::string CheckReport::json() const {
  return detail ? ground::check_json(detail->result) : "";
}
std::string CheckReport::html() const {
  return detail ? ground::check_html(detail->result) : "";
}
std::string CheckReport::terminal(bool color) const {
  return detail ? ground::check_terminal(detail->result, color) : "";
}

}  // namespace lmz
