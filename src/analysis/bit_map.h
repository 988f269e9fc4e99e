// A map of where the bits go: a scoring laid over the text's classified
// spans, with the totals per class that every report ends with.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "analysis/scoring.h"
#include "analysis/span_classes.h"

namespace lmz::analysis {

struct ScoredSpan {
  Span span;
  double bits = 0.0;        // the bits of the tokens over it, split by bytes where a token straddles spans
  double model_bits = 0.0;  // the same of the token model alone (a mixed scoring)
};

struct ClassTotals {
  SpanClass cls = SpanClass::kOtherWord;
  uint64_t bytes = 0;
  double bits = 0.0;
  double model_bits = 0.0;  // a mixed scoring: the token model alone
  uint64_t spans = 0;
  std::vector<size_t> most_expensive;  // indices into BitMap::spans, most bits first (at most 5)
};

struct BitMap {
  std::string_view text;
  Scoring scoring;
  std::vector<ScoredSpan> spans;
  std::array<ClassTotals, kSpanClassCount> classes;
  double total_bits = 0.0;
  double model_total_bits = 0.0;  // a mixed scoring: the token model alone
  bool mixed() const { return scoring.mix_level > 0; }
  // Code-point offset of every byte offset 0..size (a byte that is not UTF-8 counts as one code point).
  std::vector<uint64_t> code_points;
};

BitMap build_bit_map(std::string_view text, Scoring scoring);

}  // namespace lmz::analysis
