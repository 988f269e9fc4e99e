#include "ground/relations.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "analysis/span_classes.h"
#include "ground/place_names.h"
#include "ground/relation_reach.h"

namespace lmz::ground {
namespace {

// A name's word compared as its stem, a plural's -s dropped first
// ("porsches" and "porsche").
std::string name_stem(const std::string& w) {
  return word_stem(w.size() > 3 && w.back() == 's' ? w.substr(0, w.size() - 1) : w);
}

constexpr uint32_t kContextReach = 8;  // near: as a fact's context words
// How far a clause reaches for these tests: a "clause" of thousands of
// words is no clause (an answer without punctuation).
constexpr size_t kClauseWindow = 40;
// A name stated with at most this many of the other words of the answer's
// clause, where another name's clause holds kElsewhereMargin more, is that
// one's (BUMP task 1, measured before a word beside both was required: 2,
// 3, 4 more gave 84.7 / 60.5, 84.7 / 60.8, 84.7 / 60.9; at most 0, 1, 2
// words with 3 more, 84.4 / 60.7, 84.7 / 60.8, 85.1 / 60.5).
constexpr size_t kElsewhereOwnWords = 1;
constexpr size_t kElsewhereMargin = 3;

}  // namespace

Relations::Relations(const std::string& text, const PassageIndex& index,
                     const std::vector<std::pair<uint64_t, uint64_t>>& sentences,
                     const std::map<uint64_t, Fact>& answer_facts,
                     std::vector<std::pair<uint64_t, uint64_t>> fact_extents)
    : text_(text),
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
    std::vector<std::string> stems;
    for (const std::string& w : words) stems.push_back(word_stem(w));
    std::sort(stems.begin(), stems.end());
    stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
    sentence_stems_.push_back(std::move(stems));
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    sentence_words_.push_back(std::move(words));
  }
}

// The answer's content words next to [begin, end) that the sources hold:
// the nearest before and the nearest after, within kRelationReach words
// of its clause.
std::vector<Relations::Neighbour> Relations::held_neighbours(size_t sentence, const analysis::Span& span) const {
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
    out.push_back({&w, n, before, in_fact(w), was_open && n <= kTightReach});
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
int Relations::context_distance(const Occurrence& o, const std::string& key) {
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
void Relations::fact_relation(const Fact& fact, size_t sentence, const analysis::Span& span, SpanVerdict& v) const {
  // Where the sources state it as a fact of its own (a "CEO" may be held
  // only by the initials of "chief executive": then there is no relation to test).
  std::vector<const Occurrence*> own;
  for (const Occurrence& o : index_.occurrences) {
    if (o.fact.kind == fact.kind && (matches(fact, o) || names_the_same(fact, o))) own.push_back(&o);
  }
  // A country the sources hold only by its adjective ("Kenyan") is stated
  // nowhere as a name: every word beside it in the answer is unbound.
  if (own.empty()) {
    const std::vector<std::string> fact_words = words_of(fact.value);
    if (fact.kind != FactKind::kName || fact_words.size() != 1 || place_names_of(fact_words[0]).empty()) return;
  }
  const std::vector<Neighbour> neighbours = held_neighbours(sentence, span);
  std::vector<const Neighbour*> unbound;  // beside the fact in the answer, nowhere near it in the sources
  for (const Neighbour& n : neighbours) {
    // A contraction ("doesn't") is a function word, whatever the list says.
    if (n.distance > kTightReach || n.word->text.find('\'') != std::string::npos) continue;
    // A word of another fact is a relation only as "X of Y" ("Tomas Vanek
    // of Kenya"): facts in a list ("Cartier, Rolex and Bulgari") relate to
    // nothing.
    if (n.in_fact && !(n.before && n.distance == 2 && answer_words_[word_at(span.begin) - 1].text == "of")) continue;
    const std::string key = context_key(n.word->text);
    const std::string stem = word_stem(n.word->text);
    // Near the fact where the sources state it, or near one of its words
    // (a name's last word, a date's year) where they state it otherwise.
    // "X of Y" binds X to Y alone: the sources must put X right beside it
    // ("Sara Conti of Italy and Maud Leroy of France" states no "Sara Conti
    // of France").
    const bool bound = n.in_fact && std::isupper(static_cast<unsigned char>(text_[n.word->begin]));
    const int reach = bound ? 2 : INT32_MAX;
    bool near = std::any_of(own.begin(), own.end(), [&](const Occurrence* o) {
      const int d = context_distance(*o, key);
      return (d > 0 && d <= reach) || std::find(o->words.begin(), o->words.end(), n.word->text) != o->words.end();
    });
    for (const std::string& w : words_of(text_.substr(span.begin, span.end - span.begin))) {
      const uint32_t near_reach = bound ? 2 : kContextReach;
      near = near || (!analysis::is_common_word(w) && index_.near(word_stem(w), stem, near_reach));
      // Or by its other names ("Kenyan runner Ruth Chepkoech" for "Chepkoech of Kenya").
      for (const std::string& other : place_names_of(w))
        near = near || index_.near(word_stem(other), stem, kContextReach);
    }
    // A word right before the fact that the sources put right before
    // another fact of its kind, and only further from this one in the same
    // clause ("the cellist Maeve Brennan" where they say "the violinist
    // Maeve Brennan and the cellist Tom Aske"), is that other fact's. (At
    // any tight distance, "grew up in Manchester" against "grew up in
    // Pune, studied chemistry in Manchester", it flagged reference summaries
    // of BUMP: measured in bench/results.md.)
    if (near && n.tight && n.before && n.distance == 1 &&
        std::any_of(own.begin(), own.end(), [&](const Occurrence* o) { return taken_from(fact, *o, key, 1); })) {
      near = false;
    }
    if (!near) unbound.push_back(&n);
  }
  // How well a source clause matches the answer's clause: the content
  // words of the answer's clause, the fact's own among them, that it holds.
  const std::vector<const std::vector<WordPlace>*> answer_places = clause_places(sentence, span, true);
  // The clauses that state it, in order (occurrences are in order of clause).
  std::vector<uint32_t> own_clauses;
  for (const Occurrence* o : own) {
    if (own_clauses.empty() || own_clauses.back() != o->clause) own_clauses.push_back(o->clause);
  }
  size_t own_match = 0;
  for (const uint32_t c : own_clauses) {
    own_match = std::max(own_match, clause_match_at(c, answer_places));
    if (own_match == answer_places.size()) break;  // none can match better
  }
  auto states_it = [&](uint32_t clause) { return std::binary_search(own_clauses.begin(), own_clauses.end(), clause); };
  if (unbound.empty()) {
    name_from_elsewhere(fact, sentence, span, own_clauses, neighbours, v);
    return;
  }
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
  std::vector<std::string> unbound_keys;
  for (const Neighbour* n : unbound) unbound_keys.push_back(context_key(n->word->text));
  uint32_t matched_clause = UINT32_MAX;  // the last clause matched, and how well
  size_t clause_matched = 0;
  for (const Occurrence& o : index_.occurrences) {
    if (o.fact.kind != fact.kind || o.fact.sort != fact.sort) continue;
    size_t support = 0;
    const Neighbour* nearest = nullptr;
    for (size_t u = 0; u < unbound.size(); ++u) {
      const Neighbour* n = unbound[u];
      const std::string& key = unbound_keys[u];
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
      if (o.clause != matched_clause) {
        matched_clause = o.clause;
        clause_matched = clause_match_at(o.clause, answer_places);
      }
      const size_t match = clause_matched;
      const bool shared = states_it(o.clause);
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
  if (own_match == answer_places.size()) {  // none matches better
    name_from_elsewhere(fact, sentence, span, own_clauses, neighbours, v);
    return;
  }
  for (const Neighbour* n : unbound) {
    if (!n->tight) continue;
    const auto places = index_.places.find(word_stem(n->word->text));
    if (places == index_.places.end()) continue;
    uint32_t last = UINT32_MAX;
    for (const WordPlace& p : places->second) {
      if (p.clause == last) continue;
      last = p.clause;
      const bool holds_fact = states_it(p.clause);
      // Nor where it names someone by an object pronoun ("had watched him").
      const bool object_pronoun = index_.in_clause("him", p.clause) || index_.in_clause("them", p.clause);
      if (holds_fact || clause_match_at(p.clause, answer_places) <= own_match || leaves_to_pronoun(p.clause) ||
          object_pronoun) {
        continue;
      }
      v.verdict = Verdict::kUnsupported;
      v.passage = static_cast<int>(p.passage);
      set_relation(*n->word, v);
      return;
    }
  }
  name_from_elsewhere(fact, sentence, span, own_clauses, neighbours, v);
}

// A name the sources state with at most kElsewhereOwnWords of the other
// content words of the answer's clause, where a clause without it states
// another name of its sort with at least kElsewhereMargin more of them:
// the answer puts the name in that one's place ("Its chief executive,
// Arthur Whitlock, said the firm would open six new shops" where the
// sources have "... open six new shops ..., its chief executive, Dana
// Whitlock, said" and Arthur Whitlock as her grandfather), when the other
// name stands beside (within kTightReach words of) a word next to this one
// in the answer (its nearest held content words, "executive"):
// contradicted, the other name as `source_value`.
// Not where that clause, right after one stating the name, names someone
// by a pronoun: it may be this name.
void Relations::name_from_elsewhere(const Fact& fact, size_t sentence, const analysis::Span& span,
                                    const std::vector<uint32_t>& own_clauses, const std::vector<Neighbour>& neighbours,
                                    SpanVerdict& v) const {
  if (fact.kind != FactKind::kName) return;
  // The answer clause's held content words other than the fact's own.
  const std::vector<const std::vector<WordPlace>*> context = clause_places(sentence, span, false);
  size_t own_match = 0;
  for (const uint32_t c : own_clauses) {
    own_match = std::max(own_match, clause_match_at(c, context));
    if (own_match > kElsewhereOwnWords) return;
  }
  std::vector<std::pair<std::string, const Word*>> beside;  // the words next to it, by key
  for (const Neighbour& n : neighbours) {
    beside.emplace_back(context_key(n.word->text), n.word);
  }
  if (beside.empty()) return;
  // The best-matching clause's name that stands beside a word next to it
  // in the answer (without that word, names of other sorts were taken: a
  // country for a newspaper; with only the words right beside it in the
  // answer, BUMP task 1 gave 84.8 / 61.2, with its nearest held words 85.1 /
  // 61.2).
  const Occurrence* best = nullptr;
  const Word* relation = nullptr;
  size_t best_match = own_match + kElsewhereMargin;
  uint32_t last = UINT32_MAX;
  size_t match = 0;
  for (const Occurrence& o : index_.occurrences) {
    if (o.fact.kind != fact.kind || o.fact.sort != fact.sort ||
        std::binary_search(own_clauses.begin(), own_clauses.end(), o.clause))
      continue;
    if (o.clause != last) {
      last = o.clause;
      // A clause right after one that states the name, naming someone by a
      // pronoun, may say it of the name ("Brenna Foods will close its bakery.
      // Production will move to its larger plant in Navan").
      const bool after_it = o.clause > 0 && std::binary_search(own_clauses.begin(), own_clauses.end(), o.clause - 1);
      match = after_it && leaves_to_pronoun(o.clause) ? 0 : clause_match_at(o.clause, context);
    }
    if (match < best_match || (best != nullptr && match == best_match)) continue;
    const auto word = std::find_if(beside.begin(), beside.end(), [&](const auto& b) {
      const int d = context_distance(o, b.first);
      return d > 0 && d <= static_cast<int>(kTightReach);
    });
    if (word == beside.end() || matches(fact, o) || shares_a_word(fact, o) || named_in_sentence(o, sentence)) continue;
    best = &o;
    relation = word->second;
    best_match = match;
  }
  if (best == nullptr) return;
  v.verdict = Verdict::kContradicted;
  v.passage = static_cast<int>(best->passage);
  v.source_value = best->text;
  set_relation(*relation, v);
}

// Whether the sources put the word of `key` within `distance` words before
// another fact of the kind and sort of `fact` in the clause of `own` (a
// statement of it), and further from `own`; not where the two facts stand
// together ("Liverpool team-mate Raheem Sterling").
bool Relations::taken_from(const Fact& fact, const Occurrence& own, const std::string& key, int distance) const {
  const int d_own = context_distance(own, key);
  if (d_own > 0 && d_own <= distance) return false;
  // The facts of own's clause (occurrences are in order of clause).
  const auto [first, last] =
      std::equal_range(index_.occurrences.begin(), index_.occurrences.end(), own,
                       [](const Occurrence& a, const Occurrence& b) { return a.clause < b.clause; });
  return std::any_of(first, last, [&](const Occurrence& o) {
    if (o.fact.kind != fact.kind || o.fact.sort != fact.sort || matches(fact, o) || shares_a_word(fact, o))
      return false;
    const int d = context_distance(o, key);
    if (d <= 0 || d > distance || !context_before(o, key)) return false;
    return std::none_of(own.words.begin(), own.words.end(), [&](const std::string& w) {
      const int apart = context_distance(o, context_key(w));
      return apart > 0 && apart <= static_cast<int>(kTightReach);
    });
  });
}

// Whether o and the fact share a word's stem and one holds all the
// other's words: the same thing, or a part of it. A plural's -s, a
// country's adjective and an acronym's initials name the same thing too
// ("Porsches" and "Porsche", "UK" and "British", "LA" and "Los Angeles"),
// and a date the sources give with fewer parts ("January 7" for "January
// 7, 2012") is a part of it.
bool Relations::shares_a_word(const Fact& fact, const Occurrence& o) const {
  if (fact.kind == FactKind::kDate) {
    return !fact.keys.empty() && !o.fact.keys.empty() && (part_of(fact, o.fact) || part_of(o.fact, fact));
  }
  if (names_the_same(fact, o)) return true;
  std::vector<std::string> theirs;
  for (const std::string& w : o.words) {
    if (!analysis::is_common_word(w)) theirs.push_back(name_stem(w));
  }
  std::vector<std::string> mine;
  for (const std::string& k : fact.keys) {
    if (k.rfind("w:", 0) == 0 || k.rfind("a:", 0) == 0) mine.push_back(name_stem(k.substr(2)));
  }
  auto same = [](const std::string& a, const std::string& b) {
    if (a == b) return true;
    const std::vector<std::string>& names = place_names_of(a);
    return std::find(names.begin(), names.end(), b) != names.end();
  };
  auto all_in = [&](const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return std::all_of(a.begin(), a.end(), [&](const std::string& w) {
      return std::any_of(b.begin(), b.end(), [&](const std::string& x) { return same(w, x); });
    });
  };
  const bool shared = std::any_of(mine.begin(), mine.end(), [&](const std::string& w) {
    return std::any_of(theirs.begin(), theirs.end(), [&](const std::string& x) { return same(w, x); });
  });
  // Two names that each have a word the other lacks are two things ("Dana
  // Whitlock" and "Arthur Whitlock").
  return shared && (all_in(mine, theirs) || all_in(theirs, mine));
}

// Whether o names what the name `fact` names, in the plural, by the
// initials of its words or by its country's adjective ("Porsche" and
// "Porsches", "LA" and "Los Angeles", "UK" and "British").
bool Relations::names_the_same(const Fact& fact, const Occurrence& o) {
  if (fact.kind != FactKind::kName) return false;
  std::set<std::string> theirs;
  std::string their_initials;
  for (const std::string& w : o.words) {
    if (analysis::is_common_word(w)) continue;
    theirs.insert(name_stem(w));
    their_initials += w[0];
  }
  std::set<std::string> mine;
  for (const std::string& k : fact.keys) {
    if (k.rfind("w:", 0) == 0) mine.insert(name_stem(k.substr(2)));
    if (k.rfind("a:", 0) == 0) {
      if (theirs.size() >= 2 && k.substr(2) == their_initials) return true;
      mine.insert(k.substr(2));
    }
  }
  if (mine.size() == 1 && theirs.size() == 1) {
    const std::vector<std::string>& names = place_names_of(*mine.begin());
    if (std::find(names.begin(), names.end(), *theirs.begin()) != names.end()) return true;
  }
  return !mine.empty() && mine == theirs;
}

// Whether the answer's sentence names every word of o (as a fact of its own).
bool Relations::named_in_sentence(const Occurrence& o, size_t sentence) const {
  const std::vector<std::string>& said = sentence_words_[sentence];
  const std::vector<std::string>& own = o.words;
  return !own.empty() && std::all_of(own.begin(), own.end(), [&](const std::string& w) {
    return analysis::is_common_word(w) || std::binary_search(said.begin(), said.end(), w);
  });
}

bool Relations::context_before(const Occurrence& o, const std::string& key) {
  const auto at = std::lower_bound(o.context.begin(), o.context.end(), key,
                                   [](const ContextWord& a, const std::string& k) { return a.key < k; });
  return at != o.context.end() && at->key == key && at->before;
}

// The clause of the answer's sentence that holds `span` (clause_around(),
// by the semicolons found once).
std::pair<uint64_t, uint64_t> Relations::clause_of(size_t sentence, const analysis::Span& span) const {
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
bool Relations::leaves_to_pronoun(uint32_t clause, bool possessives) const {
  static const char* const kPronouns[] = {"it", "he", "she", "they", "this", "which", "who"};
  static const char* const kPossessives[] = {"its", "his", "her", "their"};
  return std::any_of(std::begin(kPronouns), std::end(kPronouns),
                     [&](const char* pronoun) { return index_.in_clause(pronoun, clause); }) ||
         (possessives && std::any_of(std::begin(kPossessives), std::end(kPossessives),
                                     [&](const char* pronoun) { return index_.in_clause(pronoun, clause); }));
}

// The source places of the distinct content words of the answer's clause
// around `span` (clause_words()) that the sources hold; the span's own
// words among them where `with_span`.
std::vector<const std::vector<WordPlace>*> Relations::clause_places(size_t sentence, const analysis::Span& span,
                                                                    bool with_span) const {
  std::set<std::string> stems;
  const auto [lo, hi] = clause_words(sentence, span);
  for (size_t k = lo; k < hi; ++k) {
    const Word& w = answer_words_[k];
    if ((!with_span && w.begin >= span.begin && w.end <= span.end) || analysis::is_common_word(w.text)) continue;
    stems.insert(word_stem(w.text));
  }
  std::vector<const std::vector<WordPlace>*> out;
  for (const std::string& st : stems) {
    if (const auto it = index_.places.find(st); it != index_.places.end()) out.push_back(&it->second);
  }
  return out;
}

// The index of the first answer word that ends after `at`.
size_t Relations::word_at(uint64_t at) const {
  return static_cast<size_t>(std::lower_bound(answer_words_.begin(), answer_words_.end(), at,
                                              [](const Word& w, uint64_t a) { return w.end <= a; }) -
                             answer_words_.begin());
}

// The answer words of the clause around `span` (a sentence cut at
// semicolons), at most kClauseWindow on each side of it: [first, last).
std::pair<size_t, size_t> Relations::clause_words(size_t sentence, const analysis::Span& span) const {
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
bool Relations::stated_twice(const Fact& fact, size_t sentence) const {
  size_t n = 0;
  for (auto it = answer_facts_.lower_bound(sentences_[sentence].first);
       it != answer_facts_.end() && it->first < sentences_[sentence].second; ++it) {
    n += it->second.kind == fact.kind && it->second.keys == fact.keys ? 1 : 0;
  }
  return n > 1;
}

// Whether the sources state the fact in the clause that states `other`.
bool Relations::same_clause(const Fact& fact, const Occurrence& other) const {
  return std::any_of(index_.occurrences.begin(), index_.occurrences.end(), [&](const Occurrence& o) {
    return o.clause == other.clause && o.fact.kind == fact.kind && matches(fact, o);
  });
}

// Where the sources put another fact in this one's place (`other`): the
// answer's word beside the fact that stands beside `other` in the sources
// and near no statement of the fact itself.
void Relations::relation_of_place(const Fact& fact, size_t sentence, const analysis::Span& span,
                                  const Occurrence& other, SpanVerdict& v) const {
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

bool Relations::in_fact(const Word& w) const {
  return std::any_of(fact_extents_.begin(), fact_extents_.end(),
                     [&](const auto& f) { return w.begin >= f.first && w.end <= f.second; });
}

void Relations::set_relation(const Word& w, SpanVerdict& v) const {
  v.relation = text_.substr(w.begin, w.end - w.begin);
  v.relation_begin = w.begin;
  v.relation_end = w.end;
}

// How many of the words whose places are `stems` the source clause of o holds.
size_t Relations::clause_match_at(uint32_t clause, const std::vector<const std::vector<WordPlace>*>& stems) {
  size_t n = 0;
  for (const std::vector<WordPlace>* places : stems) {
    const auto at = std::lower_bound(places->begin(), places->end(), clause,
                                     [](const WordPlace& w, uint32_t c) { return w.clause < c; });
    n += at != places->end() && at->clause == clause ? 1 : 0;
  }
  return n;
}

// Whether o states `fact`: all of its keys, or all it may also mean.
bool Relations::matches(const Fact& fact, const Occurrence& o) {
  auto has = [&](const std::string& k) { return std::binary_search(o.fact.keys.begin(), o.fact.keys.end(), k); };
  return std::all_of(fact.keys.begin(), fact.keys.end(), has) ||
         (!fact.also.empty() && std::all_of(fact.also.begin(), fact.also.end(), has));
}

}  // namespace lmz::ground
