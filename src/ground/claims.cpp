#include "ground/claims.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "analysis/span_classes.h"
#include "ground/word_senses.h"

namespace lmz::ground {
namespace {

// A claim needs at least this many content words the sources do not hold,
// and at least this share of its content (each word weighted by its
// specificity: rare words say more than "later" or "several").
constexpr int kMinNovelWords = 2;
constexpr int kMinTailNovelWords = 3;  // the tail of a segment that states supported things
constexpr double kMinNovelShare = 0.5;
// ... and the sources save less than this on it, in bits per byte (with
// them in context, its words cost about what they cost without).
constexpr double kMaxSupportPerByte = 0.5;
// A content word pairs with the next kPairReach content words of its
// sentence (BUMP task 1 at a weight of 0.2, pairs of held words only:
// 86.1 / 61.8 at 3, 85.9 / 61.3 at 2, 85.7 / 61.3 at 5).
constexpr size_t kPairReach = 3;

// Words that open a clause of their own inside a sentence.
bool opens_clause(const std::string& w) {
  static const std::set<std::string> kOpeners = {"which",   "who",       "whom",     "whose",  "after",
                                                 "because", "while",     "although", "though", "but",
                                                 "and",     "including", "making",   "where",  "whereas"};
  return kOpeners.count(w) != 0;
}

bool breaks_clause(char c) {
  return c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '"';
}

// A break that is no break: the comma or colon inside "20,000" or "2:30".
bool inside_number(std::string_view text, uint64_t i) {
  return (text[i] == ',' || text[i] == ':') && i > 0 && i + 1 < text.size() &&
         std::isdigit(static_cast<unsigned char>(text[i - 1])) && std::isdigit(static_cast<unsigned char>(text[i + 1]));
}

// The spans (in order, covering the answer) that overlap [begin, end).
std::pair<std::vector<SpanVerdict>::const_iterator, std::vector<SpanVerdict>::const_iterator> spans_over(
    const std::vector<SpanVerdict>& spans, uint64_t begin, uint64_t end) {
  const auto first = std::lower_bound(spans.begin(), spans.end(), begin,
                                      [](const SpanVerdict& v, uint64_t b) { return v.span.end <= b; });
  auto last = first;
  while (last != spans.end() && last->span.begin < end) ++last;
  return {first, last};
}

}  // namespace

std::vector<std::pair<uint64_t, uint64_t>> claim_segments(std::string_view text, uint64_t begin, uint64_t end) {
  // Words whose "to" begins what they ask for, not a purpose ("plans to add").
  static const std::set<std::string> kAskInfinitive = {
      "plan",   "plans",   "want",     "wants",  "need",    "needs",   "hope",   "hopes",   "aim",      "aims",
      "seek",   "seeks",   "try",      "tries",  "going",   "able",    "unable", "likely",  "unlikely", "due",
      "ready",  "order",   "decision", "bid",    "effort",  "attempt", "right",  "expects", "expect",   "agree",
      "agrees", "promise", "promises", "refuse", "refuses", "wish",    "wishes", "set",     "way",      "chance"};
  std::vector<uint64_t> cuts{begin};
  for (uint64_t i = begin; i < end; ++i) {
    if (breaks_clause(text[i]) && !inside_number(text, i)) cuts.push_back(i + 1);
  }
  const std::vector<Word> words = located_words(text.substr(begin, end - begin));
  for (size_t k = 0; k < words.size(); ++k) {
    const Word& w = words[k];
    if (w.begin > 0 && opens_clause(w.text)) cuts.push_back(begin + w.begin);
    // A purpose: "to" and a verb after a word that is no verb and asks
    // for none ("bought a mill in March to cut its costs"; not "had to
    // leave", "plans to add").
    if (w.text == "to" && k >= 1 && k + 1 < words.size() && !analysis::is_common_word(words[k - 1].text) &&
        kAskInfinitive.count(words[k - 1].text) == 0 &&
        !stands_as_verb(words[k - 1].text, k >= 2 ? words[k - 2].text : std::string()) &&
        has_verb_sense(words[k + 1].text) &&
        std::isalpha(static_cast<unsigned char>(text[begin + words[k + 1].begin])) &&
        std::islower(static_cast<unsigned char>(text[begin + words[k + 1].begin]))) {
      cuts.push_back(begin + w.begin);
    }
  }
  cuts.push_back(end);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<std::pair<uint64_t, uint64_t>> out;
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    uint64_t b = cuts[k];
    uint64_t e = cuts[k + 1];
    while (b < e && (std::isspace(static_cast<unsigned char>(text[b])) || breaks_clause(text[b]))) ++b;
    while (e > b && (std::isspace(static_cast<unsigned char>(text[e - 1])) || breaks_clause(text[e - 1]) ||
                     text[e - 1] == '.' || text[e - 1] == '!' || text[e - 1] == '?'))
      --e;
    if (e > b) out.emplace_back(b, e);
  }
  return out;
}

namespace {

// A word the sources state in other words: one of its WordNet synonyms
// stands in them, a verb's for a word in a verb's form ("begin" where they
// say "start"), else a noun's or an adjective's ("prices" for "costs").
bool held_as_synonym(const PassageIndex& index, const std::string& word, const std::string& before) {
  const std::vector<std::string> others = stands_as_verb(word, before) ? verb_synonyms(word) : noun_synonyms(word);
  for (const std::string& other : others) {
    if (index.places.count(word_stem(other)) != 0) return true;
  }
  return false;
}

// The word that ends before `at`, lower-cased ("" at the start).
std::string word_before(const std::string& text, uint64_t at) {
  uint64_t end = at;
  while (end > 0 && !std::isalnum(static_cast<unsigned char>(text[end - 1]))) --end;
  uint64_t begin = end;
  while (begin > 0 && std::isalnum(static_cast<unsigned char>(text[begin - 1]))) --begin;
  const std::vector<std::string> words = words_of(std::string_view(text).substr(begin, end - begin));
  return words.empty() ? std::string() : words.back();
}

}  // namespace

SegmentContent segment_content(const std::string& text, const std::vector<SpanVerdict>& spans, uint64_t begin,
                               uint64_t end, const PassageIndex* index) {
  SegmentContent c;
  const auto [first, last] = spans_over(spans, begin, end);
  for (auto it = first; it != last; ++it) {
    const SpanVerdict& v = *it;
    if (v.verdict == Verdict::kUnsupported || v.verdict == Verdict::kContradicted) ++c.flagged;
    if (v.fact == FactKind::kNumber || v.fact == FactKind::kDate || v.fact == FactKind::kName) {
      if (v.verdict == Verdict::kSupported) ++c.supported_facts;
      continue;
    }
    if (v.verdict != Verdict::kSupported && v.verdict != Verdict::kNovel) continue;
    std::string before = word_before(text, v.span.begin);
    for (const std::string& w : words_of(text.substr(v.span.begin, v.span.end - v.span.begin))) {
      const std::string previous = std::exchange(before, w);
      if (analysis::is_common_word(w)) continue;
      const double weight = specificity(w);
      ++c.content_words;
      c.content_weight += weight;
      if (v.verdict == Verdict::kNovel && !(index != nullptr && held_as_synonym(*index, w, previous))) {
        ++c.novel_words;
        c.novel_weight += weight;
      }
    }
  }
  return c;
}

namespace {

// The end of a segment that its last anchor (a fact the sources hold, or a
// content word they hold) leaves behind: "... by the autumn, [funded by a
// new tourist tax]". `begin` where no anchor stands in it at all.
uint64_t tail_begin(const std::string& text, const std::vector<SpanVerdict>& spans, uint64_t begin, uint64_t end) {
  uint64_t tail = begin;
  const auto [first, last] = spans_over(spans, begin, end);
  for (auto it = first; it != last; ++it) {
    const SpanVerdict& v = *it;
    const bool fact = v.fact == FactKind::kNumber || v.fact == FactKind::kDate || v.fact == FactKind::kName;
    bool anchor = fact && v.verdict == Verdict::kSupported;
    if (!fact && v.verdict == Verdict::kSupported) {
      for (const std::string& w : words_of(text.substr(v.span.begin, v.span.end - v.span.begin)))
        anchor = anchor || !analysis::is_common_word(w);
    }
    if (anchor) tail = v.span.end;
  }
  // From the next word on.
  while (tail < end && !std::isalnum(static_cast<unsigned char>(text[tail]))) ++tail;
  return tail;
}

// Where the segment's first anchor begins when that anchor is a fact the
// sources hold: "{a strike by port workers} in Gdansk". `begin` where the
// first is a word ("Opt for family-sized meals": the words before a held
// word are its own) or where none stands in it.
uint64_t head_end(const std::string& text, const std::vector<SpanVerdict>& spans, uint64_t begin, uint64_t end) {
  const auto [first, last] = spans_over(spans, begin, end);
  for (auto it = first; it != last; ++it) {
    const SpanVerdict& v = *it;
    const bool fact = v.fact == FactKind::kNumber || v.fact == FactKind::kDate || v.fact == FactKind::kName;
    if (fact && v.verdict == Verdict::kSupported) return std::max(begin, v.span.begin);
    if (!fact && v.verdict == Verdict::kSupported) {
      for (const std::string& w : words_of(text.substr(v.span.begin, v.span.end - v.span.begin)))
        if (!analysis::is_common_word(w)) return begin;
    }
  }
  return begin;
}

// Where a comparison the sources never make begins in [begin, end): a
// superlative they do not use ("the largest art museum in the region") or
// "more than any other" where they never say "than any". `end` where none.
uint64_t comparison_begin(const std::string& text, uint64_t begin, uint64_t end, const PassageIndex& index) {
  static const std::set<std::string> kSuperlatives = {
      "largest",  "biggest",  "greatest", "highest",   "lowest",    "smallest", "oldest",   "youngest", "longest",
      "shortest", "fastest",  "slowest",  "strongest", "weakest",   "richest",  "poorest",  "busiest",  "deepest",
      "tallest",  "heaviest", "worst",    "best",      "newest",    "earliest", "hottest",  "coldest",  "wettest",
      "driest",   "warmest",  "cheapest", "costliest", "deadliest", "safest",   "toughest", "widest",   "finest"};
  // Said in other words ("the biggest" for "the largest").
  static const std::vector<std::set<std::string>> kSame = {
      {"largest", "biggest", "greatest"}, {"highest", "tallest"}, {"oldest", "earliest"}, {"newest", "latest"}};
  const std::vector<Word> words = located_words(std::string_view(text).substr(begin, end - begin));
  auto held = [&](const std::string& w) {
    if (index.places.count(word_stem(w)) != 0) return true;
    for (const std::set<std::string>& same : kSame) {
      if (same.count(w) == 0) continue;
      for (const std::string& other : same) {
        if (index.places.count(word_stem(other)) != 0) return true;
      }
    }
    return false;
  };
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i].text;
    if (kSuperlatives.count(w) != 0 && !held(w)) return begin + words[i].begin;
    if ((w == "more" || w == "fewer" || w == "less") && i + 2 < words.size() && words[i + 1].text == "than" &&
        (words[i + 2].text == "any" || words[i + 2].text == "ever") &&
        !index.near(word_stem("than"), word_stem(words[i + 2].text), 1)) {
      return begin + words[i].begin;
    }
  }
  return end;
}

}  // namespace

std::vector<SpanVerdict> unsupported_claims(const std::string& text, const std::vector<SpanVerdict>& spans,
                                            const std::vector<std::pair<uint64_t, uint64_t>>& sentences,
                                            const PassageIndex& index) {
  std::vector<SpanVerdict> out;
  for (size_t s = 0; s < sentences.size(); ++s) {
    uint64_t claimed_end = 0;  // where the last claim of this sentence ends, 0: none just before
    for (const auto& segment : claim_segments(text, sentences[s].first, sentences[s].second)) {
      const uint64_t segment_begin = segment.first;
      uint64_t e = segment.second;
      // A segment after a claim with nothing but space between ("farmers
      // and fishermen"), and nothing the sources hold, continues it.
      if (claimed_end != 0 && text.find_first_not_of(" \t\n", claimed_end) == segment_begin) {
        const SegmentContent more = segment_content(text, spans, segment_begin, e, &index);
        if (more.flagged == 0 && more.supported_facts == 0 && more.novel_words == more.content_words) {
          SpanVerdict& claim = out.back();
          const auto [first, last] = spans_over(spans, claim.span.end, e);
          for (auto it = first; it != last; ++it) {
            claim.bits_without += it->bits_without;
            claim.bits_with += it->bits_with;
          }
          claim.span.end = e;
          claim.novel_words += more.novel_words;
          claim.content_words += more.content_words;
          claimed_end = e;
          continue;
        }
      }
      claimed_end = 0;
      // The whole segment, or the tail its last anchor leaves (then with
      // more novel words: a longer claim beside a supported one).
      uint64_t b = segment_begin;
      SegmentContent c = segment_content(text, spans, b, e, &index);
      int min_novel = kMinNovelWords;
      auto fails = [&](uint64_t from, uint64_t to, const SegmentContent& got, int least) {
        return from >= to || got.flagged > 0 || got.supported_facts > 0 || got.novel_words < least ||
               got.novel_weight < kMinNovelShare * got.content_weight;
      };
      // A purpose ("to open a factory in Lyon") is a claim of its own.
      const bool purpose = text.compare(segment_begin, 3, "to ") == 0;
      if (c.supported_facts > 0 || c.novel_weight < kMinNovelShare * c.content_weight) {
        b = tail_begin(text, spans, segment_begin, e);
        c = segment_content(text, spans, b, e, &index);
        min_novel = purpose ? kMinNovelWords : kMinTailNovelWords;
        // Or the head before its first anchor.
        if (fails(b, e, c, min_novel)) {
          // Up to its last content word ("in" before "Gdansk" is the place's).
          uint64_t head = segment_begin;
          const uint64_t anchor = head_end(text, spans, segment_begin, e);
          for (const Word& w : located_words(std::string_view(text).substr(segment_begin, anchor - segment_begin))) {
            if (!analysis::is_common_word(w.text)) head = segment_begin + w.end;
          }
          const SegmentContent h = segment_content(text, spans, segment_begin, head, &index);
          if (!fails(segment_begin, head, h, min_novel)) {
            b = segment_begin;
            e = head;
            c = h;
          }
        }
      }
      bool comparison = false;
      if (fails(b, e, c, min_novel)) {
        // A comparison the sources never make, whatever else the segment holds.
        b = comparison_begin(text, segment_begin, segment.second, index);
        e = segment.second;
        c = segment_content(text, spans, b, e, &index);
        if (b >= e || c.flagged > 0) continue;
        comparison = true;
      }
      SpanVerdict v;
      v.span = {b, e, analysis::SpanClass::kOtherWord};
      v.verdict = Verdict::kUnsupported;
      v.fact = FactKind::kClaim;
      v.novel_words = c.novel_words;
      v.content_words = c.content_words;
      const auto [first, last] = spans_over(spans, b, e);
      for (auto it = first; it != last; ++it) {
        v.bits_without += it->bits_without;
        v.bits_with += it->bits_with;
      }
      if (!comparison && v.bits_without - v.bits_with >= kMaxSupportPerByte * static_cast<double>(e - b)) continue;
      const std::vector<double>& scores = index.sentence[s];
      int best = -1;
      for (size_t p = 0; p < scores.size(); ++p) {
        if (scores[p] > 0.0 && (best < 0 || scores[p] > scores[static_cast<size_t>(best)])) best = static_cast<int>(p);
      }
      v.passage = best;
      out.push_back(std::move(v));
      claimed_end = e;
    }
  }
  return out;
}

namespace {

// Whether a source clause holds words of both stems: each place of the
// rarer word looked up among the other's (both in order of clause), so a
// pair costs the rarer word's count times a logarithm.
bool share_a_clause(const PassageIndex& index, const std::string& a, const std::string& b) {
  const auto pa = index.places.find(a);
  const auto pb = index.places.find(b);
  if (pa == index.places.end() || pb == index.places.end()) return false;
  const bool a_rarer = pa->second.size() <= pb->second.size();
  const std::vector<WordPlace>& rarer = a_rarer ? pa->second : pb->second;
  const std::vector<WordPlace>& other = a_rarer ? pb->second : pa->second;
  auto from = other.begin();
  for (const WordPlace& p : rarer) {
    from = std::lower_bound(from, other.end(), p.clause,
                            [](const WordPlace& w, uint32_t clause) { return w.clause < clause; });
    if (from == other.end()) return false;
    if (from->clause == p.clause) return true;
  }
  return false;
}

}  // namespace

WordPairs word_pairs(const std::string& text, const std::vector<std::pair<uint64_t, uint64_t>>& sentences,
                     const PassageIndex& index) {
  WordPairs pairs;
  std::map<std::pair<std::string, std::string>, bool> seen;  // a pair's answer, found once
  const std::vector<Word> words = located_words(text);
  size_t w = 0;
  for (const auto& [begin, end] : sentences) {
    std::vector<std::string> stems;  // the sentence's content words
    for (; w < words.size() && words[w].begin < end; ++w) {
      if (words[w].begin < begin || analysis::is_common_word(words[w].text)) continue;
      if (std::none_of(words[w].text.begin(), words[w].text.end(),
                       [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; })) {
        continue;
      }
      stems.push_back(word_stem(words[w].text));
    }
    for (size_t i = 0; i < stems.size(); ++i) {
      for (size_t j = i + 1; j < stems.size() && j <= i + kPairReach; ++j) {
        if (stems[i] == stems[j]) continue;
        ++pairs.all;
        auto key = std::minmax(stems[i], stems[j]);
        auto found = seen.find(key);
        if (found == seen.end()) found = seen.emplace(key, share_a_clause(index, stems[i], stems[j])).first;
        if (found->second) ++pairs.together;
      }
    }
  }
  return pairs;
}

}  // namespace lmz::ground
