// What the check tests share: sources as passages, the flagged spans of a
// result, the expectation of one contradicted span, and the one span flagged.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ground/check.h"
#include "ground/source_store.h"

namespace lmz::ground {

inline std::vector<SourcePassage> passages_of(const std::string& text) {
  std::vector<SourcePassage> out;
  for (Passage& p : split_passages(text, false)) out.push_back({"source.txt", p.begin, p.end, std::move(p.text)});
  return out;
}

inline std::vector<SpanVerdict> flagged(const CheckResult& r) {
  std::vector<SpanVerdict> out;
  for (const SpanVerdict& v : r.spans) {
    if (v.verdict == Verdict::kUnsupported || v.verdict == Verdict::kContradicted) out.push_back(v);
  }
  return out;
}

// Checks `answer` against `source`: one span flagged, contradicted, citing `source_value`.
inline void expect_contradicted(const std::string& answer, const std::string& source, const std::string& source_value) {
  SCOPED_TRACE(answer);
  const std::vector<SpanVerdict> f = flagged(check_answer(answer, passages_of(source), {}));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].verdict, Verdict::kContradicted);
  EXPECT_EQ(f[0].source_value, source_value);
}

// The one span flagged in `answer` against `source`, as "span / verdict /
// relation / source value" ("sold / contradicted / 19 / scored"), or how
// many spans were flagged where that is not one.
inline std::string one_flag(const std::string& answer, const std::string& source) {
  const CheckResult r = check_answer(answer, passages_of(source), {});
  const std::vector<SpanVerdict> f = flagged(r);
  if (f.size() != 1) return std::to_string(f.size()) + " flagged";
  return r.answer.substr(f[0].span.begin, f[0].span.end - f[0].span.begin) + " / " + verdict_name(f[0].verdict) +
         " / " + f[0].relation + " / " + f[0].source_value;
}

// Whether nothing in `answer` is flagged against `source`.
inline bool nothing_flagged(const std::string& answer, const std::string& source) {
  return flagged(check_answer(answer, passages_of(source), {})).empty();
}

}  // namespace lmz::ground
