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

// A fact or word is in relation with the answer's content words next to it
// (the nearest before and after, each within kRelationReach words of its
// clause): the sources must state it with one of them that they hold, in one
// clause, or it comes from elsewhere; a word right beside a fact
// (kTightReach) must stand beside it in the sources too where it stands
// beside another fact of its kind there ("born in Leeds" where the sources
// say born in York and trained in Leeds).
constexpr size_t kRelationReach = 3;
constexpr size_t kTightReach = 3;      // "born in Leeds", "paid for by": beside it
constexpr uint32_t kContextReach = 8;  // near: as a fact's context words
constexpr uint32_t kAnywhereInClause = 1u << 30;
// How far a clause reaches for these tests: a "clause" of thousands of
// words is no clause (an answer without punctuation).
constexpr size_t kClauseWindow = 40;
// A verb the sources use in more clauses than this is no predicate of one place.
constexpr size_t kMaxPredicateClauses = 64;

// A verb in the past tense, as far as its ending tells: "-ed", five
// letters or more (not "red", "bed"). Irregular pasts ("rose", "won") were
// tried and flagged faithful answers ("revenue rose") for no gain.
bool is_past_tense(const std::string& w) {
  return w.size() >= 5 && w.compare(w.size() - 2, 2, "ed") == 0;
}

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
        fact_extents_(std::move(fact_extents)),
        answer_words_(located_words(text)) {
    for (uint64_t i = 0; i < text_.size(); ++i) {
      if (text_[i] == ';') semicolons_.push_back(i);
    }
    for (const auto& [b, e] : sentences_) {
      std::vector<std::string> words = words_of(std::string_view(text_).substr(b, e - b));
      std::sort(words.begin(), words.end());
      words.erase(std::unique(words.begin(), words.end()), words.end());
      sentence_words_.push_back(std::move(words));
    }
  }

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
    bool placed_elsewhere = fact.kind != FactKind::kName && e.other != nullptr &&
                            e.other_overlap >= kMinContextOverlap && e.other_overlap > kContextMargin * e.same_overlap;
    // Where the sources state both in one clause ("closed in 2017 ... and
    // reopened in May 2019"), that clause's words are around both: only a
    // word right beside the fact in the answer, beside the other in the
    // sources, tells which one the answer means ("closed in").
    // (Not where the answer's sentence states the fact twice: "between 2007
    // and 2007" puts one of them where the other was.)
    if (placed_elsewhere && v.passage >= 0 && same_clause(fact, *e.other) && !stated_twice(fact, sentence)) {
      SpanVerdict probe;
      relation_of_place(fact, sentence, span, *e.other, probe);
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
      if (fact.kind != FactKind::kNumber) fact_relation(fact, sentence, span, v);
    } else if (fact.kind == FactKind::kName && e.namesake != nullptr) {
      // A misspelt or half-changed name: the sources' name that shares its words.
      v.verdict = Verdict::kContradicted;
      v.passage = static_cast<int>(e.namesake->passage);
      v.source_value = e.namesake->text;
    } else if (placed_elsewhere || (e.other != nullptr && e.other_overlap > 0.0)) {
      v.verdict = Verdict::kContradicted;
      v.passage = static_cast<int>(e.other->passage);
      v.source_value = e.other->text;
      relation_of_place(fact, sentence, span, *e.other, v);
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

  // A word or code: supported when a passage holds it or its stem.
  void word(size_t sentence, const analysis::Span& span, SpanVerdict& v) const {
    const std::vector<double>& scores = index_.sentence[sentence];
    std::vector<std::string> keys;
    for (const std::string& w : words_of(text_.substr(span.begin, span.end - span.begin)))
      keys.push_back("s:" + word_stem(w));
    v.passage = best_passage(scores, [&](size_t p) { return holds_all(index_.keys[p], keys); });
    if (v.passage >= 0 || keys.empty()) {
      v.verdict = Verdict::kSupported;
      predicate_relation(sentence, span, v);
    } else {
      v.verdict = Verdict::kNovel;
      const int near = best_passage(scores, [](size_t) { return true; });
      v.passage = near >= 0 && scores[static_cast<size_t>(near)] > 0.0 ? near : -1;
    }
  }

 private:
  // The answer's content words next to [begin, end) that the sources hold:
  // the nearest before and the nearest after, within kRelationReach words
  // of its clause.
  struct Neighbour {
    const Word* word = nullptr;
    size_t distance = 0;  // in words, 1: adjacent
    bool before = false;
    bool in_fact = false;  // a word of one of the answer's facts
    bool tight = false;    // beside it: within kTightReach words, only common words between
  };
  std::vector<Neighbour> held_neighbours(size_t sentence, const analysis::Span& span) const {
    const auto [clause_begin, clause_end] = clause_of(sentence, span);
    const size_t first = word_at(span.begin);
    size_t after = first;
    while (after < answer_words_.size() && answer_words_[after].begin < span.end) ++after;
    std::vector<Neighbour> out;
    bool open = true;  // only common words so far
    auto add = [&](const Word& w, size_t n, bool before) {
      const bool common = analysis::is_common_word(w.text);
      const bool was_open = open;
      open = open && common;
      if (common || index_.places.count(word_stem(w.text)) == 0) return;
      const bool in_fact = std::any_of(fact_extents_.begin(), fact_extents_.end(),
                                       [&](const auto& f) { return w.begin >= f.first && w.end <= f.second; });
      out.push_back({&w, n, before, in_fact, was_open && n <= kTightReach});
    };
    for (size_t k = first, n = 1; k > 0 && n <= kRelationReach; --k, ++n) {
      if (answer_words_[k - 1].begin < clause_begin) break;
      add(answer_words_[k - 1], n, true);
    }
    open = true;
    for (size_t k = after, n = 1; k < answer_words_.size() && n <= kRelationReach; ++k, ++n) {
      if (answer_words_[k].end > clause_end) break;
      add(answer_words_[k], n, false);
    }
    return out;
  }

  // The distance of `key` from o in its source clause, 0 where its context lacks it.
  static int context_distance(const Occurrence& o, const std::string& key) {
    const auto at = std::lower_bound(o.context.begin(), o.context.end(), key,
                                     [](const ContextWord& a, const std::string& k) { return a.key < k; });
    return at == o.context.end() || at->key != key ? 0 : at->distance;
  }

  // A supported fact the sources never state in the relation the answer
  // gives it. Where a word of the answer stands right beside it ("born in
  // Leeds"), no source puts that word beside it, and a source puts it beside
  // another fact of its kind and sort ("born in York") in a clause that
  // matches the answer's at least as well as any that states this fact:
  // contradicted, the relation is with that one.
  void fact_relation(const Fact& fact, size_t sentence, const analysis::Span& span, SpanVerdict& v) const {
    // Where the sources state it as a fact of its own (a "CEO" may be held
    // only by the initials of "chief executive": then there is no relation to test).
    std::vector<const Occurrence*> own;
    for (const Occurrence& o : index_.occurrences) {
      if (o.fact.kind == fact.kind && matches(fact, o)) own.push_back(&o);
    }
    if (own.empty()) return;
    const std::vector<Neighbour> neighbours = held_neighbours(sentence, span);
    std::vector<const Neighbour*> unbound;  // beside the fact in the answer, nowhere near it in the sources
    for (const Neighbour& n : neighbours) {
      // A contraction ("doesn't") is a function word, whatever the list says.
      if (n.in_fact || n.distance > kTightReach || n.word->text.find('\'') != std::string::npos) continue;
      const std::string key = context_key(n.word->text);
      const std::string stem = word_stem(n.word->text);
      // Near the fact where the sources state it, or near one of its words
      // (a name's last word, a date's year) where they state it otherwise.
      bool near = std::any_of(own.begin(), own.end(), [&](const Occurrence* o) {
        return context_distance(*o, key) > 0 ||
               std::find(o->words.begin(), o->words.end(), n.word->text) != o->words.end();
      });
      for (const std::string& w : words_of(text_.substr(span.begin, span.end - span.begin))) {
        near = near || (!analysis::is_common_word(w) && index_.near(word_stem(w), stem, kContextReach));
      }
      if (!near) unbound.push_back(&n);
    }
    if (unbound.empty()) return;
    // How well a source clause matches the answer's clause: the content
    // words of the answer's clause, the fact's own among them, that it holds.
    std::vector<const std::vector<WordPlace>*> answer_places;
    {
      std::set<std::string> stems;
      const auto [lo, hi] = clause_words(sentence, span);
      for (size_t k = lo; k < hi; ++k) {
        if (!analysis::is_common_word(answer_words_[k].text)) stems.insert(word_stem(answer_words_[k].text));
      }
      for (const std::string& st : stems) {
        if (const auto it = index_.places.find(st); it != index_.places.end()) answer_places.push_back(&it->second);
      }
    }
    size_t own_match = 0;
    for (const Occurrence* o : own) own_match = std::max(own_match, clause_match(*o, answer_places));
    // Another fact of its kind and sort that the sources state with these
    // words beside it, on the same side as in the answer, not named by the
    // answer's sentence itself: with two or more of them ("chief financial
    // officer, Erik Dahl" for "chief financial officer, Hanna Lind"), or
    // with one right beside it (only common words between: "born in York"
    // for "born in Leeds") in a clause that matches the answer's at least as
    // well as any clause that states this fact (better, where none of them
    // is that clause).
    const Occurrence* other = nullptr;
    const Neighbour* first = nullptr;
    size_t other_support = 0;
    for (const Occurrence& o : index_.occurrences) {
      if (o.fact.kind != fact.kind || o.fact.sort != fact.sort) continue;
      size_t support = 0;
      const Neighbour* nearest = nullptr;
      for (const Neighbour* n : unbound) {
        const std::string key = context_key(n->word->text);
        const int d = context_distance(o, key);
        if (d <= 0 || d > static_cast<int>(kTightReach) || context_before(o, key) != n->before) continue;
        ++support;
        if (nearest == nullptr || n->distance < nearest->distance) nearest = n;
      }
      if (support == 0 || support <= other_support || matches(fact, o) || shares_a_word(fact, o) ||
          named_in_sentence(o, sentence)) {
        continue;
      }
      if (support == 1) {
        // One word alone says little unless it stands right beside the fact ("born in").
        if (!nearest->tight) continue;
        const size_t match = clause_match(o, answer_places);
        const bool shared =
            std::any_of(own.begin(), own.end(), [&](const Occurrence* m) { return m->clause == o.clause; });
        if (match < own_match || (!shared && match == own_match)) continue;
      }
      other = &o;
      first = nearest;
      other_support = support;
    }
    if (other != nullptr) {
      v.verdict = Verdict::kContradicted;
      v.passage = static_cast<int>(other->passage);
      v.source_value = other->text;
      set_relation(*first->word, v);
      return;
    }
    // The word beside it belongs to a statement of the sources that matches
    // the answer's clause better than any that states the fact, and that
    // statement does not hold the fact: the fact is attached to a statement
    // the sources make without it ("a betrayal of loyal workers in Navan").
    for (const Neighbour* n : unbound) {
      if (!n->tight) continue;
      const auto places = index_.places.find(word_stem(n->word->text));
      if (places == index_.places.end()) continue;
      uint32_t last = UINT32_MAX;
      for (const WordPlace& p : places->second) {
        if (p.clause == last) continue;
        last = p.clause;
        const bool holds_fact =
            std::any_of(own.begin(), own.end(), [&](const Occurrence* o) { return o->clause == p.clause; });
        if (holds_fact || clause_match_at(p.clause, answer_places) <= own_match || leaves_to_pronoun(p.clause))
          continue;
        v.verdict = Verdict::kUnsupported;
        v.passage = static_cast<int>(p.passage);
        set_relation(*n->word, v);
        return;
      }
    }
  }

  // Whether o and the fact share a word's stem: the same thing, or a part
  // of it ("Porsche" and "Porsches", "Manchester United" and "United").
  bool shares_a_word(const Fact& fact, const Occurrence& o) const {
    const std::vector<std::string>& own = o.words;
    return std::any_of(fact.keys.begin(), fact.keys.end(), [&](const std::string& k) {
      return k.rfind("w:", 0) == 0 && std::any_of(own.begin(), own.end(), [&](const std::string& w) {
               return word_stem(w) == word_stem(k.substr(2));
             });
    });
  }

  // Whether the answer's sentence names every word of o (as a fact of its own).
  bool named_in_sentence(const Occurrence& o, size_t sentence) const {
    const std::vector<std::string>& said = sentence_words_[sentence];
    const std::vector<std::string>& own = o.words;
    return !own.empty() && std::all_of(own.begin(), own.end(), [&](const std::string& w) {
      return analysis::is_common_word(w) || std::binary_search(said.begin(), said.end(), w);
    });
  }

  static bool context_before(const Occurrence& o, const std::string& key) {
    const auto at = std::lower_bound(o.context.begin(), o.context.end(), key,
                                     [](const ContextWord& a, const std::string& k) { return a.key < k; });
    return at != o.context.end() && at->key == key && at->before;
  }

  // A verb in the past tense ("-ed") that the sources use, but never with
  // the answer's words next to it (the nearest on each side that they hold)
  // nor in any clause that shares a content word with the answer's clause
  // or leaves its subject to a pronoun ("It reopened in May 2019"): a
  // predicate from elsewhere ("Marta Quist was rescued" where fishermen
  // were), unsupported, with the word next to it as its relation.
  void predicate_relation(size_t sentence, const analysis::Span& span, SpanVerdict& v) const {
    const std::vector<std::string> words = words_of(text_.substr(span.begin, span.end - span.begin));
    if (words.size() != 1 || !is_past_tense(words[0])) return;
    std::vector<const Neighbour*> sides;
    const std::vector<Neighbour> neighbours = held_neighbours(sentence, span);
    for (const Neighbour& n : neighbours) {
      if (std::none_of(sides.begin(), sides.end(), [&](const Neighbour* m) { return m->before == n.before; }))
        sides.push_back(&n);
    }
    if (sides.empty()) return;
    const std::string stem = word_stem(words[0]);
    for (const Neighbour* n : sides) {
      if (index_.near(stem, word_stem(n->word->text), kAnywhereInClause)) return;
    }
    const auto places = index_.places.find(stem);
    if (places == index_.places.end()) return;
    // The clauses that use it; a verb the sources use in many is no
    // predicate of one place.
    std::vector<uint32_t> clauses;
    for (const WordPlace& p : places->second) {
      if (clauses.empty() || clauses.back() != p.clause) clauses.push_back(p.clause);
      if (clauses.size() > kMaxPredicateClauses) return;
    }
    for (const uint32_t c : clauses) {
      if (leaves_to_pronoun(c)) return;
    }
    const auto [lo, hi] = clause_words(sentence, span);
    for (size_t k = lo; k < hi; ++k) {
      const Word& w = answer_words_[k];
      if ((w.begin >= span.begin && w.end <= span.end) || analysis::is_common_word(w.text)) continue;
      const std::string other = word_stem(w.text);
      for (const uint32_t c : clauses) {
        if (index_.in_clause(other, c)) return;
      }
    }
    v.verdict = Verdict::kUnsupported;
    set_relation(*sides[0]->word, v);
  }

  // The clause of the answer's sentence that holds `span` (clause_around(),
  // by the semicolons found once).
  std::pair<uint64_t, uint64_t> clause_of(size_t sentence, const analysis::Span& span) const {
    const uint64_t begin = sentences_[sentence].first;
    const uint64_t end = sentences_[sentence].second;
    auto after = std::lower_bound(semicolons_.begin(), semicolons_.end(), span.end);
    auto before = std::lower_bound(semicolons_.begin(), semicolons_.end(), span.begin);
    const uint64_t b = before == semicolons_.begin() ? begin : std::max(begin, *(before - 1) + 1);
    const uint64_t e = after == semicolons_.end() ? end : std::min(end, *after);
    return {std::min(b, span.begin), std::max(e, span.end)};
  }

  // Whether a source clause names someone or something by a pronoun (it,
  // its, he, they, this, which...): what it says may be said of what the
  // answer names ("It reopened in May 2019", "two of its arches").
  bool leaves_to_pronoun(uint32_t clause) const {
    static const char* const kPronouns[] = {"it",  "he",    "she",  "they",  "its", "his",
                                            "her", "their", "this", "which", "who"};
    return std::any_of(std::begin(kPronouns), std::end(kPronouns),
                       [&](const char* pronoun) { return index_.in_clause(pronoun, clause); });
  }

  // The index of the first answer word that ends after `at`.
  size_t word_at(uint64_t at) const {
    return static_cast<size_t>(std::lower_bound(answer_words_.begin(), answer_words_.end(), at,
                                                [](const Word& w, uint64_t a) { return w.end <= a; }) -
                               answer_words_.begin());
  }

  // The answer words of the clause around `span` (a sentence cut at
  // semicolons), at most kClauseWindow on each side of it: [first, last).
  std::pair<size_t, size_t> clause_words(size_t sentence, const analysis::Span& span) const {
    const auto [clause_begin, clause_end] = clause_of(sentence, span);
    const size_t at = word_at(span.begin);
    size_t lo = word_at(clause_begin);
    size_t hi = word_at(clause_end);
    while (hi < answer_words_.size() && answer_words_[hi].end <= clause_end) ++hi;
    lo = std::max(lo, at > kClauseWindow ? at - kClauseWindow : 0);
    hi = std::min(hi, at + kClauseWindow);
    return {lo, std::max(lo, hi)};
  }

  // Whether another fact of the answer's sentence has the same keys.
  bool stated_twice(const Fact& fact, size_t sentence) const {
    size_t n = 0;
    for (auto it = answer_facts_.lower_bound(sentences_[sentence].first);
         it != answer_facts_.end() && it->first < sentences_[sentence].second; ++it) {
      n += it->second.kind == fact.kind && it->second.keys == fact.keys ? 1 : 0;
    }
    return n > 1;
  }

  // Whether the sources state the fact in the clause that states `other`.
  bool same_clause(const Fact& fact, const Occurrence& other) const {
    return std::any_of(index_.occurrences.begin(), index_.occurrences.end(), [&](const Occurrence& o) {
      return o.clause == other.clause && o.fact.kind == fact.kind && matches(fact, o);
    });
  }

  // Where the sources put another fact in this one's place (`other`): the
  // answer's word beside the fact that stands beside `other` in the sources
  // and near no statement of the fact itself.
  void relation_of_place(const Fact& fact, size_t sentence, const analysis::Span& span, const Occurrence& other,
                         SpanVerdict& v) const {
    for (const Neighbour& n : held_neighbours(sentence, span)) {
      if (n.in_fact || !n.tight) continue;
      const std::string key = context_key(n.word->text);
      const int d = context_distance(other, key);
      if (d <= 0 || d > static_cast<int>(kTightReach)) continue;
      const bool near_own = std::any_of(index_.occurrences.begin(), index_.occurrences.end(), [&](const Occurrence& o) {
        return o.fact.kind == fact.kind && matches(fact, o) && context_distance(o, key) > 0;
      });
      if (!near_own) {
        set_relation(*n.word, v);
        return;
      }
    }
  }

  void set_relation(const Word& w, SpanVerdict& v) const {
    v.relation = text_.substr(w.begin, w.end - w.begin);
    v.relation_begin = w.begin;
    v.relation_end = w.end;
  }

  // How many of the words whose places are `stems` the source clause of o holds.
  static size_t clause_match(const Occurrence& o, const std::vector<const std::vector<WordPlace>*>& stems) {
    return clause_match_at(o.clause, stems);
  }
  static size_t clause_match_at(uint32_t clause, const std::vector<const std::vector<WordPlace>*>& stems) {
    size_t n = 0;
    for (const std::vector<WordPlace>* places : stems) {
      const auto at = std::lower_bound(places->begin(), places->end(), clause,
                                       [](const WordPlace& w, uint32_t c) { return w.clause < c; });
      n += at != places->end() && at->clause == clause ? 1 : 0;
    }
    return n;
  }

  // Whether o states `fact`: all of its keys, or all it may also mean.
  static bool matches(const Fact& fact, const Occurrence& o) {
    auto has = [&](const std::string& k) { return std::binary_search(o.fact.keys.begin(), o.fact.keys.end(), k); };
    return std::all_of(fact.keys.begin(), fact.keys.end(), has) ||
           (!fact.also.empty() && std::all_of(fact.also.begin(), fact.also.end(), has));
  }

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
    const std::pair<uint64_t, uint64_t> clause = clause_of(sentence, span);
    const Context context = context_of(answer_words_, span.begin, span.end, clause.first, clause.second);
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
  const std::vector<std::pair<uint64_t, uint64_t>> fact_extents_;
  const std::vector<Word> answer_words_;
  std::vector<std::vector<std::string>> sentence_words_;  // per sentence, sorted, each once
  std::vector<uint64_t> semicolons_;                      // where the answer's semicolons stand
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
    } else if (span.cls == SpanClass::kOtherWord || span.cls == SpanClass::kCode || span.cls == SpanClass::kUrl) {
      judge.word(sentence, span, v);
    }
    tally(result, v);
    result.spans.push_back(std::move(v));
  }
  result.claims = unsupported_claims(text, result.spans, sentences, index);
  for (SpanVerdict& c : result.claims) {
    c.cp_begin = map_with.code_points[c.span.begin];
    c.cp_end = map_with.code_points[c.span.end];
    result.unsupported_bits += c.bits_with;
  }
  return result;
}

}  // namespace lmz::ground
