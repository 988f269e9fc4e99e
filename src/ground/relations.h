// What a name, date or word of an answer is to the rest of its clause, and
// whether the sources state it so (docs/CHECK.md, "Relations"): a fact the
// sources put beside other words, or that they state beside another fact
// of its kind ("born in York" for "born in Leeds"); a fact attached to a
// statement the sources make without it; a past-tense verb from an
// unrelated clause. check.cpp's verdicts call these on the spans they judge.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analysis/span_classes.h"
#include "ground/check.h"
#include "ground/facts.h"
#include "ground/passage_index.h"

namespace lmz::ground {

class Relations {
 public:
  // The answer `text`, split into `sentences`, with its facts by where they
  // start and their byte extents, against the sources' index.
  Relations(const std::string& text, const PassageIndex& index,
            const std::vector<std::pair<uint64_t, uint64_t>>& sentences, const std::map<uint64_t, Fact>& answer_facts,
            std::vector<std::pair<uint64_t, uint64_t>> fact_extents);

  // The answer's words.
  const std::vector<Word>& words() const { return answer_words_; }

  // A supported fact the sources never state in the relation the answer
  // gives it. Where a word of the answer stands right beside it ("born in
  // Leeds"), no source puts that word beside it, and a source puts it beside
  // another fact of its kind and sort ("born in York") in a clause that
  // matches the answer's at least as well as any that states this fact:
  // contradicted, the relation is with that one. Where that word stands in
  // a source clause without the fact that matches the answer's clause
  // better than any stating it ("a betrayal of loyal workers in Navan"):
  // unsupported, the fact attached to a statement made without it.
  void fact_relation(const Fact& fact, size_t sentence, const analysis::Span& span, SpanVerdict& v) const;

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
  void predicate_relation(size_t sentence, const analysis::Span& span, SpanVerdict& v) const;

  // A word whose opposite ("fell" for "rose") the sources put right beside
  // a word right beside it in the answer, on the same side, and never the
  // word itself with that one ("Its shares rose 4 percent" where they say
  // "Its shares fell 4 percent"): contradicted, the opposite as the
  // sources' value and the word beside it as the relation (opposites.h).
  void opposite_relation(size_t sentence, const analysis::Span& span, SpanVerdict& v) const;

  // A word the sources have another word in the place of, the words on
  // both sides of it the same ("The county council inspected the bridge to
  // lorries" where they say "closed the bridge to lorries"): contradicted,
  // the other word as the sources' value.
  void swapped_word(size_t sentence, const analysis::Span& span, SpanVerdict& v) const;
  // The same for a word that is not a verb ("two design students" for
  // "two engineering students"), with more of the frame matched.
  void swapped_attribute(size_t sentence, const analysis::Span& span, SpanVerdict& v) const;
  // A name where the sources have another name after the same words
  // ("to parents Mei and Edinburgh" for "Mei and Tashi").
  void swapped_name(const Fact& fact, size_t sentence, const analysis::Span& span, SpanVerdict& v) const;

  // A fact the sources state with another verb before it, where the
  // answer's verb before it is one they use elsewhere ("The Kelso bridge
  // was closed in 1934" where they say "completed in 1934"): contradicted,
  // the sources' verb as their value, unless WordNet says the answer's verb
  // may stand for a verb before one of their statements of it.
  void verb_of_fact(const Fact& fact, size_t sentence, const analysis::Span& span, SpanVerdict& v) const;

  // A verb the sources deny of the word before it, the same verb in any
  // form ("Sales rose" where they say "Sales did not rise"): contradicted,
  // the denial as the sources' value.
  void denied_word(size_t sentence, const analysis::Span& span, SpanVerdict& v) const;

  // The clause of the answer's sentence that holds `span` (clause_around(),
  // by the semicolons found once).
  std::pair<uint64_t, uint64_t> clause_of(size_t sentence, const analysis::Span& span) const;

  // Whether another fact of the answer's sentence has the same keys.
  bool stated_twice(const Fact& fact, size_t sentence) const;

  // Whether the sources state the fact in the clause that states `other`.
  bool same_clause(const Fact& fact, const Occurrence& other) const;

  // Where the sources put another fact in this one's place (`other`): the
  // answer's word beside the fact that stands beside `other` in the sources
  // and near no statement of the fact itself.
  void relation_of_place(const Fact& fact, size_t sentence, const analysis::Span& span, const Occurrence& other,
                         SpanVerdict& v) const;

 private:
  struct Neighbour {
    const Word* word = nullptr;
    size_t distance = 0;  // in words, 1: adjacent
    bool before = false;
    bool in_fact = false;  // a word of one of the answer's facts
    bool tight = false;    // beside it: within kTightReach words, only common words between
  };

  // The answer's content words next to [begin, end) that the sources hold:
  // the nearest before and the nearest after, within kRelationReach words
  // of its clause.
  std::vector<Neighbour> held_neighbours(size_t sentence, const analysis::Span& span) const;
  // The source places of the content words of the answer's clause that
  // the sources hold (the span's own among them where `with_span`).
  std::vector<const std::vector<WordPlace>*> clause_places(size_t sentence, const analysis::Span& span,
                                                           bool with_span) const;
  // Whether the sources put the word of `key` right before another fact
  // of its kind in own's clause, further from own ("the cellist").
  bool taken_from(const Fact& fact, const Occurrence& own, const std::string& key, int distance) const;
  // A name stated apart from its clause's words, put in the place of
  // another name (relations.cpp).
  void name_from_elsewhere(const Fact& fact, size_t sentence, const analysis::Span& span,
                           const std::vector<uint32_t>& own_clauses, const std::vector<Neighbour>& neighbours,
                           SpanVerdict& v) const;
  // word_relations.cpp: a past-tense verb used only in unrelated clauses;
  // a word whose object the sources state with another word; whether the
  // sources state one of `forms` (or it with "re-") in a clause that
  // names someone by a pronoun ("It reopened in May 2019").
  bool used_elsewhere(size_t sentence, const analysis::Span& span, const std::string& stem) const;
  void object_relation(size_t sentence, const analysis::Span& span, const std::string& stem, SpanVerdict& v) const;
  bool said_of_a_pronoun(const std::vector<std::string>& forms) const;
  // The source places of the stem of `next` where a word stands before
  // the one before it: where the answer's word before `next` may have
  // another in its place (at most a bounded number of them).
  std::vector<const WordPlace*> places_before(const std::string& next) const;

  // The distance of `key` from o in its source clause, 0 where its context lacks it.
  static int context_distance(const Occurrence& o, const std::string& key);

  // Whether o and the fact share a word's stem and one holds all the
  // other's words: the same thing, or a part of it ("Porsche" and
  // "Porsches", "Manchester United" and "United"; not "Dana Whitlock" and
  // "Arthur Whitlock").
  bool shares_a_word(const Fact& fact, const Occurrence& o) const;

  // Whether o names what the name `fact` names: in the plural, by the
  // initials of its words or by its country's adjective.
  static bool names_the_same(const Fact& fact, const Occurrence& o);

  // Whether the answer's sentence names every word of o (as a fact of its own).
  bool named_in_sentence(const Occurrence& o, size_t sentence) const;

  static bool context_before(const Occurrence& o, const std::string& key);

  // Whether a source clause names someone or something by a pronoun (it,
  // its, he, they, this, which...): what it says may be said of what the
  // answer names ("It reopened in May 2019", "two of its arches").
  // Without `possessives`, only a pronoun that can be a clause's subject
  // counts ("It reopened"; not "buy a frozen variety in its food market").
  bool leaves_to_pronoun(uint32_t clause, bool possessives = true) const;

  // The index of the first answer word that ends after `at`.
  size_t word_at(uint64_t at) const;

  // The answer words of the clause around `span` (a sentence cut at
  // semicolons), at most kClauseWindow on each side of it: [first, last).
  std::pair<size_t, size_t> clause_words(size_t sentence, const analysis::Span& span) const;

  // Whether an answer word is one of the answer's facts' words.
  bool in_fact(const Word& w) const;

  void set_relation(const Word& w, SpanVerdict& v) const;

  // How many of the words whose places are `stems` the source clause of o holds.
  static size_t clause_match_at(uint32_t clause, const std::vector<const std::vector<WordPlace>*>& stems);

  // Whether o states `fact`: all of its keys, or all it may also mean.
  static bool matches(const Fact& fact, const Occurrence& o);

  const std::string& text_;
  const PassageIndex& index_;
  const std::vector<std::pair<uint64_t, uint64_t>>& sentences_;
  const std::map<uint64_t, Fact>& answer_facts_;
  const std::vector<std::pair<uint64_t, uint64_t>> fact_extents_;
  const std::vector<Word> answer_words_;
  std::vector<std::vector<std::string>> sentence_words_;  // per sentence, sorted, each once
  std::vector<std::vector<std::string>> sentence_stems_;  // and their stems, likewise
  std::vector<uint64_t> semicolons_;                      // where the answer's semicolons stand
  // said_of_a_pronoun() by a word's first form, found once (a check judges
  // its spans on one thread).
  mutable std::map<std::string, bool> pronoun_said_;
};

}  // namespace lmz::ground
