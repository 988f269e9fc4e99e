// What the check tests share: sources as passages, the flagged spans of a
// result, and the expectation of one contradicted span.
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

}  // namespace lmz::ground
