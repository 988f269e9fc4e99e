// The relations of an answer's words (relations.h): a past-tense verb
// from an unrelated clause, a word whose object the sources state with
// another word, a word whose opposite they state, a fact they state with
// another verb, a verb they deny. Facts' relations are in relations.cpp,
// words swapped in the sources' frame in swap_relations.cpp.
#include <algorithm>
#include <set>

#include "analysis/span_classes.h"
#include "ground/opposites.h"
#include "ground/relation_reach.h"
#include "ground/relation_words.h"
#include "ground/relations.h"
#include "ground/word_senses.h"

namespace lmz::ground {
namespace {

// A verb the sources use in more clauses than this is no predicate of one place.
constexpr size_t kMaxPredicateClauses = 64;
// How far before the answer's word after it the sources' opposite may
// stand: an object comes after quantities and determiners ("sells one
// billion of its regular meatballs"; BUMP task 1 62.6 at 3, 62.7 at 5 to 8).
constexpr size_t kOppositeObjectReach = 6;
// Words that stand between a verb and its object ("the", "all of").
bool is_determiner(const std::string& w) {
  static const std::set<std::string> kDeterminers = {"the",  "a",     "an",    "its",  "his",   "their", "our", "all",
                                                     "this", "these", "those", "some", "every", "each",  "my",  "your"};
  return kDeterminers.count(w) > 0;
}

// Words after which a word is a noun, not a verb ("at number 302", "a bit").
bool is_noun_marker(const std::string& w) {
  static const std::set<std::string> kMarkers = {"the",  "a",    "an",   "its",  "his",   "her", "their", "our",
                                                 "this", "that", "at",   "in",   "on",    "of",  "for",   "by",
                                                 "with", "from", "into", "over", "under", "my",  "your"};
  return kMarkers.count(w) > 0;
}

// Whether words[k] stands between a verb and its object: a determiner, or
// "of" after a quantifier ("all of Beethoven's": not "a programme of Haydn").
template <class WordText>
bool is_filler(const WordText& text_at, size_t k) {
  if (is_determiner(text_at(k))) return true;
  if (k == 0 || text_at(k) != "of") return false;
  const std::string before = text_at(k - 1);
  return before == "all" || before == "some" || before == "each" || before == "both" || before == "many";
}

// A verb in the past tense, as far as its ending tells: "-ed", five
// letters or more (not "red", "bed"). Irregular pasts ("rose", "won") were
// tried and flagged faithful answers ("revenue rose") for no gain.
bool is_past_tense(const std::string& w) {
  return w.size() >= 5 && w.compare(w.size() - 2, 2, "ed") == 0;
}

}  // namespace

// A verb in the past tense ("-ed") that the sources use, but never with
// the answer's words next to it (the nearest on each side that they hold)
// nor in any clause that shares a content word with the answer's clause
// or leaves its subject to a pronoun ("It reopened in May 2019"): a
// predicate from elsewhere ("Marta Quist was rescued" where fishermen
// were), unsupported, with the word next to it as its relation. A word
// the sources use, never with its neighbours in the answer, whose object
// (the word after it, past determiners) the sources state with another
// word in its place, one the answer's clause does not use
// ("sold 19 goals" where they say "scored 19 goals"): contradicted, the
// object as its relation and the sources' word as their value.
void Relations::predicate_relation(size_t sentence, const analysis::Span& span, SpanVerdict& v) const {
  const std::vector<std::string> words = words_of(text_.substr(span.begin, span.end - span.begin));
  if (words.size() != 1) return;
  std::vector<const Neighbour*> sides;
  const std::vector<Neighbour> neighbours = held_neighbours(sentence, span);
  for (const Neighbour& n : neighbours) {
    if (std::none_of(sides.begin(), sides.end(), [&](const Neighbour* m) { return m->before == n.before; }))
      sides.push_back(&n);
  }
  if (sides.empty()) return;
  const std::string stem = word_stem(words[0]);
  bool held_with_before = false, held_with_after = false;
  for (const Neighbour* n : sides) {
    if (index_.near(stem, word_stem(n->word->text), kAnywhereInClause))
      (n->before ? held_with_before : held_with_after) = true;
  }
  if (held_with_before || held_with_after) return;
  if (is_past_tense(words[0]) && used_elsewhere(sentence, span, stem)) {
    v.verdict = Verdict::kUnsupported;
    set_relation(*sides[0]->word, v);
    return;
  }
  object_relation(sentence, span, stem, v);
}

// Whether the clauses that use the verb `stem` share nothing with the
// answer's clause and none leaves its subject to a pronoun; a verb the
// sources use in many is no predicate of one place.
bool Relations::used_elsewhere(size_t sentence, const analysis::Span& span, const std::string& stem) const {
  const auto places = index_.places.find(stem);
  if (places == index_.places.end()) return false;
  std::vector<uint32_t> clauses;
  for (const WordPlace& p : places->second) {
    if (clauses.empty() || clauses.back() != p.clause) clauses.push_back(p.clause);
    if (clauses.size() > kMaxPredicateClauses) return false;
  }
  for (const uint32_t c : clauses) {
    if (leaves_to_pronoun(c)) return false;
  }
  const auto [lo, hi] = clause_words(sentence, span);
  for (size_t k = lo; k < hi; ++k) {
    const Word& w = answer_words_[k];
    if ((w.begin >= span.begin && w.end <= span.end) || analysis::is_common_word(w.text)) continue;
    const std::string other = word_stem(w.text);
    for (const uint32_t c : clauses) {
      if (index_.in_clause(other, c)) return false;
    }
  }
  return true;
}

// The word's object (the held content word right after it) that the
// sources state with another word in the word's place, one the answer's
// clause does not use ("sold 19 goals" where the sources say "scored 19
// goals", "paid the library" where they say "ran the library"):
// contradicted, the sources' relation is that word.
void Relations::object_relation(size_t sentence, const analysis::Span& span, const std::string& stem,
                                SpanVerdict& v) const {
  if (!starts_lowercase(std::string_view(text_).substr(span.begin))) return;
  const size_t at = word_at(span.begin);
  // The object: the next word, or the one after determiners ("paid the
  // library", "founded all of"); a word right before a plain noun is
  // more likely its attribute than a predicate ("final concert").
  size_t k = at + 1;
  size_t fillers = 0;
  auto answer_text = [&](size_t j) { return answer_words_[j].text; };
  while (k < answer_words_.size() && is_filler(answer_text, k) && fillers < kTightReach) ++k, ++fillers;
  if (k >= answer_words_.size() || k > at + kTightReach) return;
  const Word& object = answer_words_[k];
  const auto [clause_begin, clause_end] = clause_of(sentence, span);
  if (object.end > clause_end || analysis::is_common_word(object.text)) return;
  if (fillers == 0 && starts_lowercase(std::string_view(text_).substr(object.begin))) return;
  // Nor an attribute of the noun after it ("play its final concert").
  if (k + 1 < answer_words_.size() && answer_words_[k + 1].end <= clause_end &&
      starts_lowercase(std::string_view(text_).substr(object.begin)) &&
      starts_lowercase(std::string_view(text_).substr(answer_words_[k + 1].begin)) &&
      !analysis::is_common_word(answer_words_[k + 1].text))
    return;
  const auto places = index_.places.find(word_stem(object.text));
  if (places == index_.places.end()) return;
  std::set<std::string> said;  // the stems of the answer's clause
  {
    const auto [lo, hi] = clause_words(sentence, span);
    for (size_t j = lo; j < hi; ++j) said.insert(word_stem(answer_words_[j].text));
  }
  for (const WordPlace& p : places->second) {
    const std::vector<SourceWord>& passage = index_.words[p.passage];
    auto source_text = [&](size_t j) { return passage[j].text; };
    size_t d = 1;
    while (d <= p.position && d <= kTightReach && is_filler(source_text, p.position - d) &&
           passage[p.position - d].clause == p.clause)
      ++d;
    if (d > p.position || d > kTightReach + 1) continue;
    const SourceWord& w = passage[p.position - d];
    if (w.clause != p.clause || analysis::is_common_word(w.text)) continue;
    // Right after the word, only a figure is its object ("scored 19 goals"):
    // a word there is more often a noun it qualifies. (Source words are
    // lower-cased; reading their capitals instead, so that a lowercase
    // word there and a capitalised word before it were passed over, gave
    // BUMP task 1 84.8 / 60.9 against 85.1 / 61.2.)
    if (d == 1 && starts_with_letter(passage[p.position].text)) continue;
    // A word after a determiner or a preposition is a noun ("at number 302", "a bit").
    if (p.position >= d + 1 && passage[p.position - d - 1].clause == p.clause &&
        is_noun_marker(passage[p.position - d - 1].text))
      continue;
    const std::string other = word_stem(w.text);
    if (starts_with_letter(w.text) && other != stem && said.count(other) == 0) {
      v.verdict = Verdict::kContradicted;
      v.passage = static_cast<int>(p.passage);
      v.source_value = w.text;
      set_relation(object, v);
      return;
    }
  }
}

// A word whose opposite ("fell" for "rose", "closed" for "opened") the
// sources put right beside a word that stands right beside it in the
// answer, on the same side, where they never state the word itself in a
// clause with that one: contradicted, the opposite as `source_value`, the
// word beside it as `relation` ("Its shares rose 4 percent" where the
// sources say "Its shares fell 4 percent"). Not where either is denied
// ("did not rise").
void Relations::opposite_relation(size_t sentence, const analysis::Span& span, SpanVerdict& v) const {
  const std::vector<std::string> words = words_of(text_.substr(span.begin, span.end - span.begin));
  if (words.size() != 1) return;
  // The list's opposites, else WordNet's ("descended" for "ascended"); a
  // word's own forms are looked up only where it has opposites.
  const std::vector<std::string>& listed = opposites_of(words[0]);
  std::vector<std::string> found, found_forms;
  if (listed.empty()) {
    found = verb_opposites(words[0]);
    if (found.empty()) return;
    found_forms = verb_forms(words[0]);
  }
  const std::vector<std::string>& opposites = listed.empty() ? found : listed;
  const std::vector<std::string>& forms = listed.empty() ? found_forms : forms_of(words[0]);
  const size_t at = word_at(span.begin);
  for (size_t k = at > kTightReach ? at - kTightReach : 0; k < at; ++k) {
    if (is_negation(answer_words_[k].text)) return;
  }
  std::set<std::string> opposite_stems;
  for (const std::string& o : opposites) opposite_stems.insert(word_stem(o));
  for (const Neighbour& n : held_neighbours(sentence, span)) {
    if (!n.tight) continue;
    const std::string beside = word_stem(n.word->text);
    // Its forms, and with "re-" ("opened" is said by "reopened").
    if (std::any_of(forms.begin(), forms.end(), [&](const std::string& f) {
          return index_.near(word_stem(f), beside, kAnywhereInClause) ||
                 index_.near(word_stem("re" + f), beside, kAnywhereInClause);
        }))
      continue;
    const auto places = index_.places.find(beside);
    if (places == index_.places.end()) continue;
    const size_t count = std::min(places->second.size(), kMaxOppositePlaces);
    for (size_t i = 0; i < count; ++i) {
      const WordPlace& p = places->second[i];
      const std::vector<SourceWord>& passage = index_.words[p.passage];
      // In the answer the word beside it comes first: in the sources the opposite comes after it.
      const size_t reach = n.before ? kTightReach : kOppositeObjectReach;
      const size_t lo = n.before ? p.position + 1 : (p.position > reach ? p.position - reach : 0);
      const size_t hi = n.before ? std::min(passage.size(), p.position + kTightReach + 1) : p.position;
      for (size_t j = lo; j < hi; ++j) {
        if (passage[j].clause != p.clause || opposite_stems.count(word_stem(passage[j].text)) == 0) continue;
        if (j > 0 && passage[j - 1].clause == p.clause && is_negation(passage[j - 1].text)) continue;
        if (said_of_a_pronoun(forms)) return;
        v.verdict = Verdict::kContradicted;
        v.passage = static_cast<int>(p.passage);
        v.source_value = passage[j].text;
        set_relation(*n.word, v);
        return;
      }
    }
  }
}

// Whether the sources state a word of `forms`, or one of them with "re-",
// in a clause that names someone by a pronoun: it may be said of what the
// answer names ("It reopened in May 2019"). Kept by the first form.
bool Relations::said_of_a_pronoun(const std::vector<std::string>& forms) const {
  if (forms.empty()) return false;
  const auto known = pronoun_said_.find(forms[0]);
  if (known != pronoun_said_.end()) return known->second;
  bool said = false;
  for (const std::string& f : forms) {
    for (const std::string& form : {f, "re" + f}) {
      const auto places = index_.places.find(word_stem(form));
      if (places == index_.places.end()) continue;
      const size_t count = std::min(places->second.size(), kMaxOppositePlaces);
      for (size_t i = 0; i < count && !said; ++i) said = leaves_to_pronoun(places->second[i].clause, false);
    }
  }
  pronoun_said_[forms[0]] = said;
  return said;
}

}  // namespace lmz::ground

namespace lmz::ground {
namespace {

// A fact's verb: within this many words before it ("was closed in 1934",
// "studied chemistry in Pune").
constexpr size_t kFactVerbReach = 4;
// The sources' words before a statement of the fact looked through for it.
constexpr size_t kStatedVerbReach = 6;

// Particles of phrasal verbs ("set out", "grew up").
bool is_particle(const std::string& w) {
  return w == "out" || w == "up" || w == "off" || w == "down" || w == "away" || w == "back";
}

}  // namespace

// A fact stated by the sources with another verb: the answer's verb before
// it is one the sources use, but neither it nor a verb that may stand for
// it (WordNet) stands within kStatedVerbReach words before any statement
// of the fact, where another verb does ("The Kelso bridge was closed in
// 1934" where the sources have "The Kelso bridge, completed in 1934" and
// close it to lorries elsewhere): contradicted, that verb as the sources'
// value and the answer's verb as the relation.
void Relations::verb_of_fact(const Fact& fact, size_t sentence, const analysis::Span& span, SpanVerdict& v) const {
  if (!word_senses_available() || fact.kind == FactKind::kNumber) return;
  const size_t lo = clause_words(sentence, span).first;
  const size_t at = word_at(span.begin);
  // A possessive qualifies the noun after it ("on Mr Byrne's desk").
  const std::string_view written = std::string_view(text_).substr(span.begin, span.end - span.begin);
  if (written.ends_with("'s") || written.ends_with("\u2019s")) return;
  // The verb governs the fact through a preposition, only common words
  // between ("closed in 1934", "grew up in Manchester", "rescued by the
  // coastguard"): a name right after a verb is its object, and a verb
  // further off is more often another's.
  size_t verb = SIZE_MAX;
  bool through_preposition = false;
  for (size_t k = at, n = 0; k > lo && n < kFactVerbReach; --k, ++n) {
    const Word& w = answer_words_[k - 1];
    if (in_fact(w) || is_negation(w.text)) return;
    if (analysis::is_common_word(w.text)) {
      through_preposition = through_preposition || is_place_preposition(w.text);
      continue;
    }
    // A word with a particle after it is a verb ("set out at 11 pm").
    const bool particle = k < at && is_particle(answer_words_[k].text) && has_verb_sense(w.text);
    if (!through_preposition || !starts_lowercase(std::string_view(text_).substr(w.begin)) ||
        !(particle || stands_as_verb(w.text, k >= 2 && k - 2 >= lo ? answer_words_[k - 2].text : std::string()))) {
      return;
    }
    verb = k - 1;
    break;
  }
  // A word after a determiner or a preposition is a noun ("a March inspection").
  if (verb == SIZE_MAX ||
      (verb > lo && (is_negation(answer_words_[verb - 1].text) || is_noun_marker(answer_words_[verb - 1].text)))) {
    return;
  }
  const std::string& answer_verb = answer_words_[verb].text;
  // A birth the sources never speak of ("Fischer was born in Freiburg"
  // where they say she trains there): no other verb can state it.
  if (answer_verb == "born") {
    static const char* const kBirthWords[] = {"born", "birth", "birthplace", "native", "birthday"};
    if (std::none_of(std::begin(kBirthWords), std::end(kBirthWords),
                     [&](const char* w) { return index_.places.count(word_stem(w)) != 0; })) {
      v.verdict = Verdict::kUnsupported;
      set_relation(answer_words_[verb], v);
    }
    return;
  }
  const std::string stem = word_stem(answer_verb);
  const std::string again = word_stem("re" + answer_verb);  // "reopened" states "opened"
  if (index_.places.count(stem) == 0) return;               // a verb of its own: other words may say the same
  const Occurrence* other_at = nullptr;
  std::string other;
  uint32_t last_clause = UINT32_MAX;
  size_t statements = 0;
  for (const Occurrence& o : index_.occurrences) {
    if (o.fact.kind != fact.kind || !(matches(fact, o) || names_the_same(fact, o)) || o.words.empty()) continue;
    if (o.clause == last_clause) continue;
    if (++statements > kMaxOppositePlaces) return;  // stated everywhere: with any verb
    last_clause = o.clause;
    const auto places = index_.places.find(word_stem(o.words[0]));
    if (places == index_.places.end()) return;
    const auto first = std::lower_bound(places->second.begin(), places->second.end(), o.clause,
                                        [](const WordPlace& p, uint32_t c) { return p.clause < c; });
    if (first == places->second.end() || first->clause != o.clause) return;
    const std::vector<SourceWord>& passage = index_.words[first->passage];
    // The sources' verb of this statement: the nearest before it through a
    // preposition, at most one other content word between ("studied
    // chemistry in Manchester"; not "on her way to work Tuesday").
    std::string nearest;
    bool through_preposition = false;
    size_t content = 0;
    for (size_t j = first->position, n = 0; j > 0 && n < kStatedVerbReach; --j, ++n) {
      const SourceWord& s = passage[j - 1];
      if (s.clause != o.clause) break;
      const std::string said = word_stem(s.text);
      if (said == stem || said == again) return;
      if (analysis::is_common_word(s.text)) {
        through_preposition = through_preposition || is_place_preposition(s.text);
        continue;
      }
      const std::string& before = j > 1 && passage[j - 2].clause == o.clause ? passage[j - 2].text : std::string();
      if (!starts_with_letter(s.text) || is_noun_marker(before) || !stands_as_verb(s.text, before)) {
        ++content;
        continue;
      }
      if (verb_may_stand_for(s.text, answer_verb, false)) return;
      if (nearest.empty() && through_preposition && content <= 1) nearest = s.text;
      ++content;
    }
    if (other_at == nullptr && !nearest.empty()) {
      other_at = &o;
      other = nearest;
    }
  }
  if (other_at == nullptr) return;
  v.verdict = Verdict::kContradicted;
  v.passage = static_cast<int>(other_at->passage);
  v.source_value = other;
  set_relation(answer_words_[verb], v);
}

}  // namespace lmz::ground

namespace lmz::ground {

// A verb the sources deny of its subject: the answer's word right before
// it (only common words between) stands in a source clause followed, only
// auxiliaries between, by a negation and then, past "be" or "have", by the
// same verb in any form ("did not rise" for "rose"): contradicted, the
// denial as the sources' value.
void Relations::denied_word(size_t sentence, const analysis::Span& span, SpanVerdict& v) const {
  if (!word_senses_available()) return;
  const std::vector<std::string> words = words_of(text_.substr(span.begin, span.end - span.begin));
  if (words.size() != 1 || !starts_lowercase(std::string_view(text_).substr(span.begin))) return;
  const size_t lo = clause_words(sentence, span).first;
  const size_t at = word_at(span.begin);
  if (at <= lo || !has_verb_sense(words[0])) return;
  size_t subject = SIZE_MAX;
  for (size_t k = at, n = 0; k > lo && n < kTightReach; --k, ++n) {
    const std::string& w = answer_words_[k - 1].text;
    if (is_negation(w)) return;  // the answer denies it too
    if (analysis::is_common_word(w)) continue;
    subject = k - 1;
    break;
  }
  if (subject == SIZE_MAX) return;
  const auto places = index_.places.find(word_stem(answer_words_[subject].text));
  if (places == index_.places.end()) return;
  const std::string stem = word_stem(words[0]);
  const std::vector<std::string> forms = verb_forms(words[0]);
  const size_t count = std::min(places->second.size(), kMaxOppositePlaces);
  for (size_t i = 0; i < count; ++i) {
    const WordPlace& p = places->second[i];
    const std::vector<SourceWord>& passage = index_.words[p.passage];
    for (size_t j = p.position + 1; j < passage.size() && j <= p.position + kTightReach; ++j) {
      if (passage[j].clause != p.clause) break;
      if (!is_negation(passage[j].text)) {
        if (is_tense_auxiliary(passage[j].text) || passage[j].text == "is" || passage[j].text == "was" ||
            passage[j].text == "are" || passage[j].text == "were") {
          continue;
        }
        break;  // only auxiliaries between the subject and its denial
      }
      // Past the auxiliaries after the negation ("not have risen").
      size_t k = j + 1;
      while (k < passage.size() && passage[k].clause == p.clause && k <= j + 2 &&
             (passage[k].text == "be" || passage[k].text == "been" || passage[k].text == "have")) {
        ++k;
      }
      if (k >= passage.size() || passage[k].clause != p.clause) break;
      // The same verb: WordNet's wider senses deny too little ("not going" is no "stay").
      const std::string& denied = passage[k].text;
      if (word_stem(denied) != stem && std::find(forms.begin(), forms.end(), denied) == forms.end()) break;
      v.verdict = Verdict::kContradicted;
      v.passage = static_cast<int>(p.passage);
      v.source_value = passage[j].text + " " + denied;
      set_relation(answer_words_[subject], v);
      return;
    }
  }
}

}  // namespace lmz::ground
