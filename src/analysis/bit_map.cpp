#include "analysis/bit_map.h"

#include <utf8proc.h>

#include <algorithm>

namespace lmz::analysis {

BitMap build_bit_map(std::string_view text, Scoring scoring) {
  BitMap map;
  map.text = text;
  map.scoring = std::move(scoring);
  for (const Span& s : classify_spans(text)) map.spans.push_back({s, 0.0, 0.0});

  // Each token's bits go to the spans it overlaps, in proportion to the bytes.
  size_t first = 0;
  const bool mixed = map.mixed();
  for (const TokenScore& t : map.scoring.tokens) {
    const double alone = mixed ? t.model_bits : t.bits;
    map.total_bits += t.bits;
    map.model_total_bits += alone;
    while (first < map.spans.size() && map.spans[first].span.end <= t.begin) ++first;
    if (t.end <= t.begin) {
      // A token of no text bytes (the space a tokenizer puts first) goes to the span where it stands.
      if (!map.spans.empty()) {
        map.spans[std::min(first, map.spans.size() - 1)].bits += t.bits;
        map.spans[std::min(first, map.spans.size() - 1)].model_bits += alone;
      }
      continue;
    }
    for (size_t s = first; s < map.spans.size() && map.spans[s].span.begin < t.end; ++s) {
      const uint64_t overlap = std::min(t.end, map.spans[s].span.end) - std::max(t.begin, map.spans[s].span.begin);
      const double share = static_cast<double>(overlap) / static_cast<double>(t.end - t.begin);
      map.spans[s].bits += t.bits * share;
      map.spans[s].model_bits += alone * share;
    }
  }

  for (int c = 0; c < kSpanClassCount; ++c) map.classes[c].cls = static_cast<SpanClass>(c);
  for (size_t i = 0; i < map.spans.size(); ++i) {
    const ScoredSpan& s = map.spans[i];
    ClassTotals& totals = map.classes[static_cast<int>(s.span.cls)];
    totals.bytes += s.span.end - s.span.begin;
    totals.bits += s.bits;
    totals.model_bits += s.model_bits;
    ++totals.spans;
    totals.most_expensive.push_back(i);
  }
  for (ClassTotals& totals : map.classes) {
    std::vector<size_t>& top = totals.most_expensive;
    const size_t k = std::min<size_t>(5, top.size());
    std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(k), top.end(), [&](size_t a, size_t b) {
      return map.spans[a].bits > map.spans[b].bits || (map.spans[a].bits == map.spans[b].bits && a < b);
    });
    top.resize(k);
  }

  map.code_points.resize(text.size() + 1);
  uint64_t cp = 0;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  for (size_t pos = 0; pos < text.size();) {
    utf8proc_int32_t c = 0;
    utf8proc_ssize_t n = utf8proc_iterate(bytes + pos, static_cast<utf8proc_ssize_t>(text.size() - pos), &c);
    if (n <= 0) n = 1;
    for (utf8proc_ssize_t k = 0; k < n; ++k) map.code_points[pos + static_cast<size_t>(k)] = cp;
    pos += static_cast<size_t>(n);
    ++cp;
  }
  map.code_points[text.size()] = cp;
  return map;
}

}  // namespace lmz::analysis
