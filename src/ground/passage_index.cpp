#include "ground/passage_index.h"

#include <algorithm>
#include <cmath>

#include "analysis/english_words.h"

namespace lmz::ground {
namespace {

constexpr size_t kContextWords = 8;  // each side of a fact

constexpr size_t kContextKeyLength = 6;

// How much a context word can tell where a fact belongs, from how often
// ordinary English uses it: 1 for a word the primer never uses, 1/6 for one
// it uses 20 times ("people", "said").
constexpr double kEnglishCommon = 4.0;
double key_specificity(const std::string& key) {
  static const std::map<std::string, uint32_t> kKeyCounts = [] {
    std::map<std::string, uint32_t> counts;
    for (const auto& [word, count] : analysis::english_word_counts()) counts[context_key(word)] += count;
    return counts;
  }();
  const auto it = kKeyCounts.find(key);
  return 1.0 / (1.0 + (it == kKeyCounts.end() ? 0.0 : it->second / kEnglishCommon));
}

std::vector<std::string> content_words(std::string_view text) {
  std::vector<std::string> out;
  for (std::string& w : words_of(text)) {
    if (!analysis::is_common_word(w)) out.push_back(std::move(w));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The clauses of a passage: its sentences, cut at semicolons.
std::vector<std::pair<uint64_t, uint64_t>> clauses_of(std::string_view text) {
  std::vector<std::pair<uint64_t, uint64_t>> out;
  for (const auto& [b, e] : sentences_of(text)) {
    uint64_t start = b;
    for (uint64_t i = b; i < e; ++i) {
      if (text[i] != ';') continue;
      out.emplace_back(start, i);
      start = i + 1;
    }
    out.emplace_back(start, e);
  }
  return out;
}

}  // namespace

std::string context_key(const std::string& word) {
  std::string key = word_stem(word);
  if (key.size() > kContextKeyLength) key.resize(kContextKeyLength);
  return key;
}

double specificity(const std::string& word) {
  return key_specificity(context_key(word));
}

// Places are in order of clause and position (passages and their words in
// order), so both look-ups walk them once or search them.
bool PassageIndex::near(const std::string& a, const std::string& b, uint32_t reach) const {
  const auto pa = places.find(a);
  const auto pb = places.find(b);
  if (pa == places.end() || pb == places.end()) return false;
  const std::vector<WordPlace>& other = pb->second;
  size_t j = 0;
  for (const WordPlace& x : pa->second) {
    while (j < other.size() &&
           (other[j].clause < x.clause ||
            (other[j].clause == x.clause && static_cast<uint64_t>(other[j].position) + reach < x.position))) {
      ++j;
    }
    for (size_t k = j; k < other.size() && other[k].clause == x.clause &&
                       other[k].position <= static_cast<uint64_t>(x.position) + reach;
         ++k) {
      if (other[k].position != x.position) return true;
    }
  }
  return false;
}

bool PassageIndex::in_clause(const std::string& stem, uint32_t clause) const {
  const auto it = places.find(stem);
  if (it == places.end()) return false;
  const auto at = std::lower_bound(it->second.begin(), it->second.end(), clause,
                                   [](const WordPlace& w, uint32_t c) { return w.clause < c; });
  return at != it->second.end() && at->clause == clause;
}

// The content words within kContextWords words of [begin, end), outside it
// and inside [limit_begin, limit_end) (its clause).
Context context_of(const std::vector<Word>& words, uint64_t begin, uint64_t end, uint64_t limit_begin,
                   uint64_t limit_end) {
  Context out;
  size_t first = 0;
  while (first < words.size() && words[first].end <= begin) ++first;
  size_t after = first;
  while (after < words.size() && words[after].begin < end) ++after;
  for (size_t k = first, n = 0; k > 0 && n < kContextWords; --k, ++n) {
    if (words[k - 1].begin < limit_begin) break;
    if (!analysis::is_common_word(words[k - 1].text)) {
      out.push_back({context_key(words[k - 1].text), static_cast<int>(n) + 1, true});
    }
  }
  for (size_t k = after, n = 0; k < words.size() && n < kContextWords; ++k, ++n) {
    if (words[k].end > limit_end) break;
    if (!analysis::is_common_word(words[k].text))
      out.push_back({context_key(words[k].text), static_cast<int>(n) + 1, false});
  }
  // Keep each word once, at its nearest.
  std::sort(out.begin(), out.end(), [](const ContextWord& a, const ContextWord& b) {
    return a.key != b.key ? a.key < b.key : a.distance < b.distance;
  });
  out.erase(
      std::unique(out.begin(), out.end(), [](const ContextWord& a, const ContextWord& b) { return a.key == b.key; }),
      out.end());
  return out;
}

// The clause of [limit_begin, limit_end) (a sentence) that holds [begin,
// end): semicolons part a sentence into statements of their own ("cut it by
// 68% over 12 months; a booster kept it at 61%").
std::pair<uint64_t, uint64_t> clause_around(std::string_view text, uint64_t limit_begin, uint64_t limit_end,
                                            uint64_t begin, uint64_t end) {
  uint64_t b = begin;
  while (b > limit_begin && text[b - 1] != ';') --b;
  uint64_t e = end;
  while (e < limit_end && text[e] != ';') ++e;
  return {b, e};
}

std::vector<LocatedFact> facts_of(std::string_view text, const std::vector<analysis::Span>& spans) {
  std::vector<LocatedFact> out;
  for (size_t i = 0; i < spans.size(); ++i) {
    Fact f = fact_at(text, spans, i);
    if (f.kind == FactKind::kNone) continue;
    const size_t last = i + f.span_count - 1;
    out.push_back({spans[i].begin, spans[last].end, std::move(f)});
    i = last;
  }
  return out;
}

PassageIndex index_passages(const std::vector<SourcePassage>& passages, std::string_view answer,
                            const std::vector<std::pair<uint64_t, uint64_t>>& sentences) {
  PassageIndex index;
  index.keys.reserve(passages.size());
  size_t clause_base = 0;
  for (size_t p = 0; p < passages.size(); ++p) {
    const std::string& text = passages[p].text;
    const std::vector<analysis::Span> spans = analysis::classify_spans(text);
    index.keys.push_back(passage_keys(text, spans));
    const std::vector<Word> words = located_words(text);
    const std::vector<std::pair<uint64_t, uint64_t>> passage_sentences = sentences_of(text);
    std::vector<LocatedFact> facts = facts_of(text, spans);
    const std::vector<std::pair<uint64_t, uint64_t>> clauses = clauses_of(text);
    size_t in_clause = 0;
    std::vector<SourceWord>& passage_words = index.words.emplace_back();
    passage_words.reserve(words.size());
    for (size_t w = 0; w < words.size(); ++w) {
      while (in_clause + 1 < clauses.size() && words[w].begin >= clauses[in_clause].second) ++in_clause;
      passage_words.push_back({words[w].text, static_cast<uint32_t>(clause_base + in_clause)});
      index.places[word_stem(words[w].text)].push_back(
          {static_cast<uint32_t>(p), static_cast<uint32_t>(clause_base + in_clause), static_cast<uint32_t>(w)});
    }
    size_t in_sentence = 0;
    size_t c = 0;  // the clause of f: facts are in order of where they stand
    for (LocatedFact& f : facts) {
      while (in_sentence + 1 < passage_sentences.size() && f.begin >= passage_sentences[in_sentence].second)
        ++in_sentence;
      f.fact.keys.insert(f.fact.keys.end(), f.fact.also.begin(), f.fact.also.end());
      std::sort(f.fact.keys.begin(), f.fact.keys.end());  // for binary_search
      const auto [clause_begin, clause_end] = clause_around(text, passage_sentences[in_sentence].first,
                                                            passage_sentences[in_sentence].second, f.begin, f.end);
      Context context = context_of(words, f.begin, f.end, clause_begin, clause_end);
      while (c + 1 < clauses.size() && f.begin >= clauses[c].second) ++c;
      const std::string_view written = std::string_view(text).substr(f.begin, f.end - f.begin);
      index.occurrences.push_back({p, static_cast<uint32_t>(clause_base + c), std::string(written), words_of(written),
                                   std::move(f.fact), std::move(context)});
    }
    clause_base += clauses.size();
  }
  const double n = static_cast<double>(passages.size());
  std::map<std::string, double> counts;
  double total = 0.0;
  for (const SourcePassage& p : passages) {
    for (const std::string& w : words_of(p.text)) {
      counts[context_key(w)] += 1.0;
      total += 1.0;
    }
  }
  for (const auto& [w, count] : counts) {
    index.rarity[w] = key_specificity(w) * std::log(1.0 + total / count) / std::log(1.0 + total);
  }
  index.relevance.assign(passages.size(), 0.0);
  for (const auto& [b, e] : sentences) {
    std::vector<double> scores(passages.size(), 0.0);
    for (const std::string& w : content_words(answer.substr(b, e - b))) {
      const std::string key = "w:" + w;
      double df = 0.0;
      for (const auto& k : index.keys) df += k.count(key) != 0 ? 1.0 : 0.0;
      if (df == 0.0) continue;
      const double idf = std::log(1.0 + n / df);
      for (size_t p = 0; p < passages.size(); ++p) {
        if (index.keys[p].count(key) != 0) scores[p] += idf;
      }
    }
    for (size_t p = 0; p < passages.size(); ++p) index.relevance[p] += scores[p];
    index.sentence.push_back(std::move(scores));
  }
  return index;
}

}  // namespace lmz::ground
