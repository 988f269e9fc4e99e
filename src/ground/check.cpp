#include "ground/check.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "analysis/conditional_scoring.h"
#include "ground/claims.h"
#include "ground/passage_index.h"
#include "ground/relations.h"

namespace lmz::ground {
namespace {

using analysis::SpanClass;

// A fact is placed elsewhere when another fact of its kind and sort sits
// among words that match the answer's at least this well (each word
// weighted by its rarity in the sources, 1 for a word seen once, by how
// rarely English uses it, and by 2/(1+d) at d words from the fact: one rare
// word beside it, or two within three words) and kContextMargin times
// better than any occurrence of its own.
constexpr double kMinContextOverlap = 0.5;
constexpr double kContextMargin = 2.0;

// A pronoun that stands for a person or a group named elsewhere. "It" is
// not among them: it opens as many sentences that refer to nothing ("It is
// estimated that...").
bool is_personal_pronoun(std::string_view word) {
  static const std::set<std::string> kPronouns = {"he",   "she",   "they",   "him",     "her",     "them",      "his",
                                                  "hers", "their", "theirs", "himself", "herself", "themselves"};
  const std::vector<std::string> words = words_of(word);
  return words.size() == 1 && kPronouns.count(words[0]) > 0;
}

// Whether a passage holds the last two words of a name of several words
// within three words of each other, in either order: a name's head, given
// name and surname or "Air Force", is one thing ("Michael and Johanne
// Wagner", "University of Sydney"); words before it may be titles or places
// said elsewhere ("Treasury Secretary Danny Alexander"). "Port Sorne" is not
// held by "the port" a sentence away from "Sorne".
bool holds_name_head(std::string_view passage, const std::vector<std::string>& keys) {
  std::vector<std::string> names;
  for (const std::string& k : keys) {
    if (k.rfind("w:", 0) == 0) names.push_back(k.substr(2));
  }
  if (names.size() < 2) return true;
  const std::string& first = names[names.size() - 2];
  const std::string& last = names.back();
  const std::vector<std::string> words = words_of(passage);
  constexpr size_t kHeadReach = 3;
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] != first && words[i] != last) continue;
    const std::string& other = words[i] == first ? last : first;
    for (size_t j = i + 1; j < words.size() && j <= i + kHeadReach; ++j) {
      if (words[j] == other) return true;
    }
  }
  return false;
}

bool holds_all(const std::set<std::string>& keys, const std::vector<std::string>& wanted) {
  for (const std::string& k : wanted) {
    if (keys.count(k) == 0) return false;
  }
  return true;
}

// The passage that best matches the sentence among those `accept` allows; -1 if none.
template <class Accept>
int best_passage(const std::vector<double>& sentence_scores, Accept&& accept) {
  int best = -1;
  for (size_t p = 0; p < sentence_scores.size(); ++p) {
    if (!accept(p)) continue;
    if (best < 0 || sentence_scores[p] > sentence_scores[static_cast<size_t>(best)]) best = static_cast<int>(p);
  }
  return best;
}

std::string joined_context(const std::vector<SourcePassage>& passages, const std::vector<size_t>& order,
                           const std::string& question) {
  std::string context;
  for (size_t p : order) {
    context += passages[p].text;
    context += "\n\n";
  }
  if (!question.empty()) context += question + "\n";
  return context;
}

}  // namespace

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kSupported:
      return "supported";
    case Verdict::kUnsupported:
      return "unsupported";
    case Verdict::kContradicted:
      return "contradicted";
    case Verdict::kNovel:
      return "novel";
    case Verdict::kUnresolved:
      return "unresolved";
    default:
      return "none";
  }
}

namespace {

// A full stop that ends no sentence: after a title or an initial ("Dr.
// Helga Brandt", "J. Smith"), or before a word in lower case.
bool abbreviation_stop(std::string_view text, uint64_t i) {
  static const std::set<std::string> kShort = {"dr",   "mr", "mrs", "ms",  "prof", "st",  "gen", "sen", "rep", "gov",
                                               "capt", "lt", "col", "sgt", "rev",  "hon", "jr",  "sr",  "vs",  "mt"};
  uint64_t b = i;
  while (b > 0 && std::isalpha(static_cast<unsigned char>(text[b - 1]))) --b;
  std::string word(text.substr(b, i - b));
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (word.size() == 1 && std::isupper(static_cast<unsigned char>(text[b]))) return true;
  if (kShort.count(word) != 0) return true;
  uint64_t n = i + 1;
  while (n < text.size() && text[n] == ' ') ++n;
  return n < text.size() && std::islower(static_cast<unsigned char>(text[n]));
}

}  // namespace

std::vector<std::pair<uint64_t, uint64_t>> sentences_of(std::string_view text) {
  std::vector<std::pair<uint64_t, uint64_t>> out;
  uint64_t start = 0;
  for (uint64_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool end_mark = (c == '.' || c == '!' || c == '?') &&
                          (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n' || text[i + 1] == '"') &&
                          !(c == '.' && abbreviation_stop(text, i));
    if (end_mark || c == '\n') {
      while (start <= i && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
      if (i + 1 > start) out.emplace_back(start, i + 1);
      start = i + 1;
    }
  }
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  if (start < text.size()) out.emplace_back(start, text.size());
  if (out.empty()) out.emplace_back(0, 0);
  return out;
}

namespace {

// Passages least relevant first, so that the best sit nearest the answer.
std::vector<size_t> by_relevance(const PassageIndex& index) {
  std::vector<size_t> order(index.relevance.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return index.relevance[a] < index.relevance[b]; });
  return order;
}

// The span of the answer's first word when it is a personal pronoun and no
// question comes before the answer: it refers to no one the reader has been
// told of.
std::optional<size_t> opening_pronoun(std::string_view text, const std::vector<analysis::Span>& spans,
                                      const std::string& question) {
  size_t opening = 0;
  while (opening < spans.size() &&
         (spans[opening].cls == SpanClass::kSpace || spans[opening].cls == SpanClass::kPunctuation)) {
    ++opening;
  }
  if (!question.empty() || opening >= spans.size()) return std::nullopt;
  if (!is_personal_pronoun(text.substr(spans[opening].begin, spans[opening].end - spans[opening].begin)))
    return std::nullopt;
  return opening;
}

// What the sources hold of one fact of the answer.
struct FactEvidence {
  const Occurrence* same = nullptr;  // the same fact, where its surroundings best match the answer's
  double same_overlap = 0.0;
  const Occurrence* other = nullptr;  // another of its kind and sort, likewise
  double other_overlap = 0.0;
  const Occurrence* first_in_near = nullptr;  // of the fact's kind, in the passage nearest the sentence
  const Occurrence* namesake = nullptr;       // a name sharing the most words with this one
  size_t namesake_shared = 0;
  bool unit_held = false;                  // the figure in its unit, or with none, somewhere in the sources
  const Occurrence* other_unit = nullptr;  // the figure in another unit of the same dimension
};

// The verdicts of an answer's spans against the indexed passages.
class Judge {
 public:
  Judge(const std::string& text, const std::vector<SourcePassage>& passages, const PassageIndex& index,
        const std::vector<std::pair<uint64_t, uint64_t>>& sentences, const std::map<uint64_t, Fact>& answer_facts,
        std::vector<std::pair<uint64_t, uint64_t>> fact_extents)
      : text_(text),
        passages_(passages),
        index_(index),
        sentences_(sentences),
        answer_facts_(answer_facts),
        relations_(text, index, sentences, answer_facts, std::move(fact_extents)) {}

  void fact(const Fact& fact, size_t sentence, const analysis::Span& span, SpanVerdict& v) const {
    v.fact = fact.kind;
    v.value = fact.value;
    const std::vector<double>& scores = index_.sentence[sentence];
    const int near = best_passage(scores, [](size_t) { return true; });
    const FactEvidence e = evidence(fact, sentence, span, near);
    v.passage = best_passage(scores, [&](size_t p) {
      // An answer's "2.1m" is 2.1 (metres) or 2.1 million: either held will do.
      return (holds_all(index_.keys[p], fact.keys) || (!fact.also.empty() && holds_all(index_.keys[p], fact.also))) &&
             (fact.kind != FactKind::kName || holds_name_head(passages_[p].text, fact.keys));
    });
    // Names share their surroundings with the other names of a story too
    // often for this to tell a swap from a faithful mention.
    // A date the sources give with fewer parts ("January 7" for "January 7,
    // 2012") is no other date.
    const bool fewer_parts = fact.kind == FactKind::kDate && e.other != nullptr && part_of(e.other->fact, fact);
    bool placed_elsewhere = fact.kind != FactKind::kName && e.other != nullptr && !fewer_parts &&
                            e.other_overlap >= kMinContextOverlap && e.other_overlap > kContextMargin * e.same_overlap;
    // Where the sources state both in one clause ("closed in 2017 ... and
    // reopened in May 2019"), that clause's words are around both: only a
    // word right beside the fact in the answer, beside the other in the
    // sources, tells which one the answer means ("closed in").
    // (Not where the answer's sentence states the fact twice: "between 2007
    // and 2007" puts one of them where the other was.)
    if (placed_elsewhere && v.passage >= 0 && relations_.same_clause(fact, *e.other) &&
        !relations_.stated_twice(fact, sentence)) {
      SpanVerdict probe;
      relations_.relation_of_place(fact, sentence, span, *e.other, probe);
      placed_elsewhere = !probe.relation.empty();
    }
    if (v.passage >= 0 && !e.unit_held && e.other_unit != nullptr) {
      v.verdict = Verdict::kContradicted;
      v.passage = static_cast<int>(e.other_unit->passage);
      v.source_value =
          e.other_unit->text + (e.other_unit->fact.unit_text.empty() ? "" : " " + e.other_unit->fact.unit_text);
    } else if (v.passage >= 0 && !placed_elsewhere) {
      if (e.same != nullptr && e.same_overlap > 0.0) v.passage = static_cast<int>(e.same->passage);
      v.verdict = Verdict::kSupported;
      // Numbers have their own test of place (placed_elsewhere): what a
      // number counts sits beside it in the sources as in the answer.
      if (fact.kind != FactKind::kNumber) relations_.fact_relation(fact, sentence, span, v);
    } else if (fact.kind == FactKind::kName && e.namesake != nullptr) {
      // A misspelt or half-changed name: the sources' name that shares its words.
      v.verdict = Verdict::kContradicted;
      v.passage = static_cast<int>(e.namesake->passage);
      v.source_value = e.namesake->text;
    } else if (fewer_parts) {
      // Not stated in one passage: supported where the sources hold the
      // other parts in another one, unsupported where they lack them.
      const bool held = std::all_of(fact.keys.begin(), fact.keys.end(), [&](const std::string& k) {
        return std::any_of(index_.keys.begin(), index_.keys.end(),
                           [&](const std::set<std::string>& passage) { return passage.count(k) != 0; });
      });
      v.verdict = held ? Verdict::kSupported : Verdict::kUnsupported;
      v.passage = static_cast<int>(e.other->passage);
    } else if (placed_elsewhere || (e.other != nullptr && e.other_overlap > 0.0)) {
      v.verdict = Verdict::kContradicted;
      v.passage = static_cast<int>(e.other->passage);
      v.source_value = e.other->text;
      relations_.relation_of_place(fact, sentence, span, *e.other, v);
    } else {
      const bool relevant = near >= 0 && scores[static_cast<size_t>(near)] > 0.0;
      if (relevant && e.first_in_near != nullptr) {
        v.verdict = Verdict::kContradicted;
        v.passage = near;
        v.source_value = e.first_in_near->text;
      } else {
        v.verdict = Verdict::kUnsupported;
        v.passage = relevant ? near : -1;
      }
    }
  }

  // A supported fact the sources state with another verb than the
  // answer's (Relations::verb_of_fact), unless that verb is flagged itself
  // among `judged` (the spans before it): one error, reported once, at the verb.
  void verb_of_fact(const Fact& fact, size_t sentence, const analysis::Span& span,
                    const std::vector<SpanVerdict>& judged, SpanVerdict& v) const {
    if (v.verdict != Verdict::kSupported) return;
    SpanVerdict probe = v;
    relations_.verb_of_fact(fact, sentence, span, probe);
    if (probe.verdict == v.verdict) return;
    for (auto w = judged.rbegin(); w != judged.rend() && w->span.end > probe.relation_begin; ++w) {
      if (w->span.begin < probe.relation_end &&
          (w->verdict == Verdict::kUnsupported || w->verdict == Verdict::kContradicted)) {
        return;
      }
    }
    v = std::move(probe);
  }

  void swapped_name(const Fact& fact, size_t sentence, const analysis::Span& span, SpanVerdict& v) const {
    relations_.swapped_name(fact, sentence, span, v);
  }

  // A word or code: supported when a passage holds it or its stem (and,
  // where `relations`, the sources do not state it otherwise).
  void word(size_t sentence, const analysis::Span& span, SpanVerdict& v, bool relations = true) const {
    const std::vector<double>& scores = index_.sentence[sentence];
    std::vector<std::string> keys;
    for (const std::string& w : words_of(text_.substr(span.begin, span.end - span.begin)))
      keys.push_back("s:" + word_stem(w));
    v.passage = best_passage(scores, [&](size_t p) { return holds_all(index_.keys[p], keys); });
    if (v.passage >= 0 || keys.empty()) {
      v.verdict = Verdict::kSupported;
      if (relations) relations_.predicate_relation(sentence, span, v);
    } else {
      v.verdict = Verdict::kNovel;
      const int near = best_passage(scores, [](size_t) { return true; });
      v.passage = near >= 0 && scores[static_cast<size_t>(near)] > 0.0 ? near : -1;
    }
    // A word the sources state the opposite of, held or novel ("rose" for "fell").
    if (relations && (v.verdict == Verdict::kSupported || v.verdict == Verdict::kNovel)) {
      relations_.opposite_relation(sentence, span, v);
    }
    if (relations && (v.verdict == Verdict::kSupported || v.verdict == Verdict::kNovel)) {
      relations_.swapped_word(sentence, span, v);
    }
    if (relations && (v.verdict == Verdict::kSupported || v.verdict == Verdict::kNovel)) {
      relations_.denied_word(sentence, span, v);
    }
    if (relations && (v.verdict == Verdict::kSupported || v.verdict == Verdict::kNovel)) {
      relations_.swapped_attribute(sentence, span, v);
    }
  }

 private:
  // Whether another fact of the answer's sentence states o.
  bool stated_elsewhere(const Occurrence& o, size_t sentence, uint64_t begin) const {
    for (auto it = answer_facts_.lower_bound(sentences_[sentence].first);
         it != answer_facts_.end() && it->first < sentences_[sentence].second; ++it) {
      if (it->first == begin || it->second.kind != o.fact.kind) continue;
      if (std::all_of(it->second.keys.begin(), it->second.keys.end(), [&](const std::string& k) {
            return std::binary_search(o.fact.keys.begin(), o.fact.keys.end(), k);
          })) {
        return true;
      }
    }
    return false;
  }

  // How well the source words around o match the answer's words around the
  // fact: rare words count more, and nearer ones (in the source) more.
  double overlap(const Fact& fact, const Context& context, const Occurrence& o) const {
    double sum = 0.0;
    for (const ContextWord& c : context) {
      const auto at = std::lower_bound(o.context.begin(), o.context.end(), c.key,
                                       [](const ContextWord& a, const std::string& key) { return a.key < key; });
      if (at == o.context.end() || at->key != c.key) continue;
      // A name stands where another stood when its neighbours are on the
      // same side: "Tallinn and Oslo" is in the place of "Tallinn and Riga"
      // more than of "Brandt, employs... in Tallinn". (Half, not none: "Lydia
      // Mbeki is the chief engineer" says "chief engineer Lydia Mbeki" again.)
      double weight = fact.kind == FactKind::kName && at->before != c.before ? 0.5 : 1.0;
      // What a number counts, the word just after it on both sides ("12 tyres"), says most.
      if (fact.kind == FactKind::kNumber && !c.before && !at->before && c.distance <= 2 && at->distance <= 2)
        weight = 2.0;
      // What a date or a name is to the sentence, the word just before it on
      // both sides ("reopened in May 2019", "born in Leeds"), says most.
      if (fact.kind != FactKind::kNumber && c.before && at->before && c.distance <= 2 && at->distance <= 2)
        weight *= 2.0;
      const auto it = index_.rarity.find(c.key);
      sum += (it != index_.rarity.end() ? it->second : 0.0) * weight * 2.0 / (1.0 + at->distance);
    }
    return sum;
  }

  // The same fact and any other of its kind, each where the sources' words
  // around it best match the answer's words around this one.
  FactEvidence evidence(const Fact& fact, size_t sentence, const analysis::Span& span, int near) const {
    const std::pair<uint64_t, uint64_t> clause = relations_.clause_of(sentence, span);
    const Context context = context_of(relations_.words(), span.begin, span.end, clause.first, clause.second);
    FactEvidence e;
    e.unit_held = fact.unit.empty();
    for (const Occurrence& o : index_.occurrences) {
      if (o.fact.kind != fact.kind) continue;
      // Only a fact of the same sort can stand in its place: a percentage
      // for a percentage, a time for a time, kilometres for kilometres
      // where both say their unit.
      const bool same_sort =
          o.fact.sort == fact.sort && (o.fact.unit.empty() || fact.unit.empty() || o.fact.unit == fact.unit);
      if (same_sort && e.first_in_near == nullptr && near >= 0 && o.passage == static_cast<size_t>(near)) {
        e.first_in_near = &o;
      }
      const double o_overlap = overlap(fact, context, o);
      const size_t shared =
          static_cast<size_t>(std::count_if(fact.keys.begin(), fact.keys.end(), [&](const std::string& k) {
            return std::binary_search(o.fact.keys.begin(), o.fact.keys.end(), k);
          }));
      const bool matches =
          shared == fact.keys.size() ||
          (!fact.also.empty() && std::all_of(fact.also.begin(), fact.also.end(), [&](const std::string& k) {
            return std::binary_search(o.fact.keys.begin(), o.fact.keys.end(), k);
          }));
      if (!matches && shared > e.namesake_shared) {
        e.namesake = &o;
        e.namesake_shared = shared;
      }
      if (matches && fact.kind == FactKind::kNumber && !fact.unit.empty()) {
        // The same figure in another unit of the same dimension: 17 months for 17 years.
        if (o.fact.unit.empty() || o.fact.unit == fact.unit) {
          e.unit_held = true;
        } else if (o.fact.unit.substr(0, o.fact.unit.find(':')) == fact.unit.substr(0, fact.unit.find(':'))) {
          e.other_unit = &o;
        }
      }
      if (matches && (e.same == nullptr || o_overlap > e.same_overlap)) {
        e.same = &o;
        e.same_overlap = o_overlap;
      } else if (!matches && same_sort && (e.other == nullptr || o_overlap > e.other_overlap) &&
                 !stated_elsewhere(o, sentence, span.begin)) {
        e.other = &o;
        e.other_overlap = o_overlap;
      }
    }
    return e;
  }

  const std::string& text_;
  const std::vector<SourcePassage>& passages_;
  const PassageIndex& index_;
  const std::vector<std::pair<uint64_t, uint64_t>>& sentences_;
  const std::map<uint64_t, Fact>& answer_facts_;
  const Relations relations_;
};

void tally(CheckResult& result, const SpanVerdict& v) {
  switch (v.verdict) {
    case Verdict::kSupported:
      ++result.supported;
      break;
    case Verdict::kNovel:
      ++result.novel;
      break;
    case Verdict::kUnresolved:
      ++result.unresolved;
      break;
    case Verdict::kUnsupported:
      ++result.unsupported;
      result.unsupported_bits += v.bits_with;
      break;
    case Verdict::kContradicted:
      ++result.contradicted;
      result.unsupported_bits += v.bits_with;
      break;
    default:
      break;
  }
}

}  // namespace

CheckResult check_answer(std::string answer, std::vector<SourcePassage> passages, const CheckOptions& options) {
  CheckResult result;
  result.answer = std::move(answer);
  result.passages = std::move(passages);
  const std::string& text = result.answer;
  const std::vector<std::pair<uint64_t, uint64_t>> sentences = sentences_of(text);
  const PassageIndex index = index_passages(result.passages, text, sentences);

  // The answer scored after the question alone, and after the sources too.
  analysis::ConditionalScorer scorer(options.level, options.model, options.n_ctx, options.threads);
  const std::string baseline = options.question.empty() ? "" : options.question + "\n";
  analysis::Scoring without = scorer.score(baseline, text);
  analysis::Scoring with = scorer.score(joined_context(result.passages, by_relevance(index), options.question), text);
  result.model = with.model;
  const analysis::BitMap map_without = analysis::build_bit_map(text, std::move(without));
  const analysis::BitMap map_with = analysis::build_bit_map(text, std::move(with));
  result.bits_without = map_without.total_bits;
  result.bits_with = map_with.total_bits;

  std::vector<analysis::Span> spans;
  for (const analysis::ScoredSpan& s : map_with.spans) spans.push_back(s.span);
  // The answer's facts, by where they start: each span's verdict starts from
  // them, and a source fact the answer states too was not displaced by
  // another of its facts.
  std::map<uint64_t, Fact> answer_facts;
  std::vector<std::pair<uint64_t, uint64_t>> fact_extents;
  for (LocatedFact& f : facts_of(text, spans)) {
    fact_extents.emplace_back(f.begin, f.end);
    answer_facts.emplace(f.begin, std::move(f.fact));
  }
  const std::optional<size_t> pronoun = opening_pronoun(text, spans, options.question);
  const Judge judge(text, result.passages, index, sentences, answer_facts, std::move(fact_extents));
  size_t sentence = 0;
  std::vector<size_t> span_sentences;  // each verdict's sentence
  for (size_t i = 0; i < spans.size(); ++i) {
    const auto found = answer_facts.find(spans[i].begin);
    const Fact fact = found != answer_facts.end() ? found->second : Fact{};
    // A fact over several spans ("twenty one") is one span of the verdicts.
    analysis::Span span = spans[i];
    span.end = spans[i + fact.span_count - 1].end;
    SpanVerdict v;
    for (size_t k = i; k < i + fact.span_count; ++k) {
      v.bits_without += map_without.spans[k].bits;
      v.bits_with += map_with.spans[k].bits;
    }
    i += fact.span_count - 1;
    while (sentence + 1 < sentences.size() && span.begin >= sentences[sentence].second) ++sentence;
    v.span = span;
    v.cp_begin = map_with.code_points[span.begin];
    v.cp_end = map_with.code_points[span.end];
    if (pronoun && i == *pronoun) {
      v.fact = FactKind::kReference;
      v.value = words_of(text.substr(span.begin, span.end - span.begin))[0];
      v.verdict = Verdict::kUnresolved;
    } else if (fact.kind != FactKind::kNone) {
      judge.fact(fact, sentence, span, v);
      judge.verb_of_fact(fact, sentence, span, result.spans, v);
      if (v.verdict == Verdict::kSupported) judge.swapped_name(fact, sentence, span, v);
    } else if (span.cls == SpanClass::kOtherWord || span.cls == SpanClass::kCode || span.cls == SpanClass::kUrl) {
      judge.word(sentence, span, v);
    }
    span_sentences.push_back(sentence);
    result.spans.push_back(std::move(v));
  }
  // A word flagged for its relation to an object that is itself flagged
  // ("shot 12 tyres" where the 12 the sources hold counts vehicles): one
  // error, reported once, at the object.
  auto flagged = [](const SpanVerdict& v) {
    return v.verdict == Verdict::kUnsupported || v.verdict == Verdict::kContradicted;
  };
  for (size_t i = 0; i < result.spans.size(); ++i) {
    SpanVerdict& v = result.spans[i];
    if (v.fact != FactKind::kNone || !flagged(v) || v.relation.empty() || v.relation_begin < v.span.end) continue;
    for (size_t k = i + 1; k < result.spans.size() && result.spans[k].span.begin < v.relation_end; ++k) {
      if (result.spans[k].span.end <= v.relation_begin || !flagged(result.spans[k])) continue;
      v.relation.clear();
      v.relation_begin = v.relation_end = 0;
      v.source_value.clear();
      judge.word(span_sentences[i], v.span, v, false);
      break;
    }
  }
  for (const SpanVerdict& v : result.spans) tally(result, v);
  result.claims = unsupported_claims(text, result.spans, sentences, index);
  result.word_pairs = word_pairs(text, sentences, index);
  for (SpanVerdict& c : result.claims) {
    c.cp_begin = map_with.code_points[c.span.begin];
    c.cp_end = map_with.code_points[c.span.end];
    result.unsupported_bits += c.bits_with;
  }
  return result;
}

}  // namespace lmz::ground
