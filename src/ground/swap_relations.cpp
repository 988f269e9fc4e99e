// The relations of a word swapped for another in the sources' own frame
// (relations.h): a verb (swapped_word), a word of another kind
// (swapped_attribute), a name (swapped_name).
#include <algorithm>
#include <set>

#include "analysis/span_classes.h"
#include "ground/relation_reach.h"
#include "ground/relation_words.h"
#include "ground/relations.h"
#include "ground/word_senses.h"

namespace lmz::ground {
namespace {

// A word swapped in a frame of the sources: words matched around it, and content words among them.
constexpr size_t kSwapContext = 3;
constexpr size_t kSwapContent = 2;

// A word other than a verb needs more of its frame matched.
constexpr size_t kAttributeContext = 4;
// A name needs this many words before it matched.
constexpr size_t kNameFrame = 3;

// A pronoun that can be a clause's subject.
bool is_subject_pronoun(const std::string& w) {
  return w == "it" || w == "he" || w == "she" || w == "they";
}

}  // namespace

// The source places of `next`'s stem with two words or more before it in
// their passage, at most kMaxOppositePlaces of them.
std::vector<const WordPlace*> Relations::places_before(const std::string& next) const {
  std::vector<const WordPlace*> out;
  const auto places = index_.places.find(word_stem(next));
  if (places == index_.places.end()) return out;
  for (const WordPlace& p : places->second) {
    if (out.size() >= kMaxOppositePlaces) break;
    if (p.position >= 2) out.push_back(&p);
  }
  return out;
}

// A word the sources have another word in the place of, all else the same:
// the answer's words on both sides of it stand in a source sentence in the
// same order around one other word ("The county council inspected the
// bridge to lorries" where they say "The county council closed the bridge
// to lorries"), with at least kSwapContext words matched, kSwapContent of
// them content words, and no source states the word itself in that frame:
// contradicted, the other word as the sources' value.
void Relations::swapped_word(size_t sentence, const analysis::Span& span, SpanVerdict& v) const {
  if (!word_senses_available()) return;  // every other word could be a synonym
  const std::vector<std::string> words = words_of(text_.substr(span.begin, span.end - span.begin));
  if (words.size() != 1 || !starts_lowercase(std::string_view(text_).substr(span.begin))) return;
  const size_t at = word_at(span.begin);
  const size_t lo = word_at(sentences_[sentence].first), hi = word_at(sentences_[sentence].second);
  if (at + 1 >= hi || at <= lo) return;
  // A predicate: a verb in a verb's form ("a three-year deal" is a noun).
  if (!stands_as_verb(words[0], answer_words_[at - 1].text)) return;
  const std::string stem = word_stem(words[0]);
  const std::vector<std::string>& said = sentence_stems_[sentence];
  // Whether the sources use the answer's verb elsewhere with an object of
  // its own (a content word within two words after it: "has cleared a
  // former bank manager"; not "still played well").
  bool held_elsewhere = false;
  if (const auto uses = index_.places.find(stem); uses != index_.places.end()) {
    for (size_t i = 0; i < uses->second.size() && i < kMaxOppositePlaces && !held_elsewhere; ++i) {
      const WordPlace& u = uses->second[i];
      const std::vector<SourceWord>& passage = index_.words[u.passage];
      for (size_t j = u.position + 1; j < passage.size() && j <= u.position + 2; ++j) {
        if (passage[j].clause != u.clause) break;
        if (!analysis::is_common_word(passage[j].text) && starts_with_letter(passage[j].text)) held_elsewhere = true;
      }
    }
  }
  size_t best = 0, best_object = 0;
  const WordPlace* best_place = nullptr;
  for (const WordPlace* place : places_before(answer_words_[at + 1].text)) {
    const WordPlace& p = *place;
    const std::vector<SourceWord>& passage = index_.words[p.passage];
    const size_t x = p.position - 1;  // the sources' word in its place
    size_t right = 0, left = 0, content = 0, object = 0;
    // A modal or "have" before the sources' verb that the answer drops
    // ("founded six new shops" for "will open six new shops"); not "be",
    // whose dropping turns a passive into another verb ("stopped" for "was
    // cancelled").
    const size_t skip = x >= 2 && passage[x - 1].clause == p.clause && is_tense_auxiliary(passage[x - 1].text) &&
                                answer_words_[at - 1].text != passage[x - 1].text
                            ? 1
                            : 0;
    // And one the answer adds ("will close its bakery" for "closed its bakery").
    const size_t added = skip == 0 && at >= lo + 2 && is_tense_auxiliary(answer_words_[at - 1].text) && x >= 1 &&
                                 answer_words_[at - 1].text != passage[x - 1].text
                             ? 1
                             : 0;
    while (at >= lo + 1 + added + left && x >= 1 + skip + left &&
           passage[x - 1 - skip - left].text == answer_words_[at - 1 - added - left].text) {
      if (!analysis::is_common_word(passage[x - 1 - skip - left].text)) ++content;
      ++left;
    }
    // The sources' subject a pronoun where the answer names it ("it cut
    // severe attacks" for "the inhaler cut severe attacks"): the frame is
    // what follows, two content words of it at least.
    const bool pronoun_subject = left == 0 && skip == 0 && x >= 1 && passage[x - 1].clause == p.clause &&
                                 is_subject_pronoun(passage[x - 1].text);
    if (left == 0 && !pronoun_subject) continue;
    size_t said_of = 0;  // content words after it: what it is said of (an object, a place, a time)
    while (at + 1 + right < hi && x + 1 + right < passage.size() &&
           passage[x + 1 + right].text == answer_words_[at + 1 + right].text) {
      const std::string& w = passage[x + 1 + right].text;
      if (!analysis::is_common_word(w)) {
        ++said_of;
        if (object == 0 && starts_with_letter(w)) object = at + 1 + right;
      }
      ++right;
    }
    content += said_of;
    // The pronoun stands for the answer's subject: one word of the frame.
    if (said_of == 0 || left + right + (pronoun_subject ? 1 : 0) < kSwapContext || content < kSwapContent) continue;
    if (pronoun_subject && said_of < 2) continue;
    const std::string& other = passage[x].text;
    const std::string other_stem = word_stem(other);
    if (other_stem == stem) return;  // the sources state the word itself in this frame
    if (!starts_lowercase(other) || analysis::is_common_word(other) ||
        std::binary_search(said.begin(), said.end(), other_stem) || !has_verb_sense(other)) {
      continue;
    }
    // In other words ("will end" for "will stop"); a verb the sources use
    // elsewhere must be of the same sense or one more general, not a
    // sibling ("Hart cleared the money" for "moved", where a jury cleared him).
    if (verb_may_stand_for(other, words[0], !held_elsewhere)) return;
    if (left + right > best) {
      best = left + right;
      best_place = &p;
      best_object = object != 0 ? object : at + 1;
    }
  }
  if (best_place == nullptr) return;
  v.verdict = Verdict::kContradicted;
  v.passage = static_cast<int>(best_place->passage);
  v.source_value = index_.words[best_place->passage][best_place->position - 1].text;
  set_relation(answer_words_[best_object], v);
}

// A word other than a verb that the sources have another word in the
// place of, all else the same ("founded by two design students, Hugo
// Marchal" where they say "two engineering students"; "The cub, a male,
// was born" for "a female"): the answer's words match a source's on both
// sides of it, at least kAttributeContext of them and kSwapContent content
// words, and no source states the word itself in that frame: contradicted.
void Relations::swapped_attribute(size_t sentence, const analysis::Span& span, SpanVerdict& v) const {
  if (!word_senses_available()) return;  // every other word could be a synonym
  const std::vector<std::string> words = words_of(text_.substr(span.begin, span.end - span.begin));
  if (words.size() != 1 || !starts_lowercase(std::string_view(text_).substr(span.begin)) ||
      analysis::is_common_word(words[0])) {
    return;
  }
  const size_t at = word_at(span.begin);
  const size_t lo = word_at(sentences_[sentence].first), hi = word_at(sentences_[sentence].second);
  if (at + 1 >= hi || at <= lo) return;
  if (stands_as_verb(words[0], answer_words_[at - 1].text)) return;  // a verb's: swapped_word
  const std::string stem = word_stem(words[0]);
  const std::vector<std::string>& said = sentence_stems_[sentence];
  size_t best = 0;
  const WordPlace* best_place = nullptr;
  for (const WordPlace* place : places_before(answer_words_[at + 1].text)) {
    const WordPlace& p = *place;
    const std::vector<SourceWord>& passage = index_.words[p.passage];
    const size_t x = p.position - 1;  // the sources' word in its place
    size_t left = 0, right = 0, content = 0;
    while (at >= lo + 1 + left && x >= 1 + left && passage[x - 1 - left].text == answer_words_[at - 1 - left].text) {
      if (!analysis::is_common_word(passage[x - 1 - left].text)) ++content;
      ++left;
    }
    while (at + 1 + right < hi && x + 1 + right < passage.size() &&
           passage[x + 1 + right].text == answer_words_[at + 1 + right].text) {
      if (!analysis::is_common_word(passage[x + 1 + right].text)) ++content;
      ++right;
    }
    if (left < 2 || right == 0 || left + right < kAttributeContext || content < kSwapContent) continue;
    const std::string& other = passage[x].text;
    const std::string other_stem = word_stem(other);
    if (other_stem == stem) return;  // the sources state the word itself in this frame
    if (!starts_lowercase(other) || analysis::is_common_word(other) ||
        std::binary_search(said.begin(), said.end(), other_stem)) {
      continue;
    }
    // Two words that may both be verbs are swapped_word's ("makes her own
    // list" for "reveals her list"); WordNet must know both, and not as
    // words that may stand for each other.
    if (has_verb_sense(other) && has_verb_sense(words[0])) continue;
    if (!words_opposed(other, words[0]) &&
        (!has_word_sense(other) || !has_word_sense(words[0]) || words_related(other, words[0]))) {
      continue;
    }
    if (left + right > best) {
      best = left + right;
      best_place = &p;
    }
  }
  if (best_place == nullptr) return;
  v.verdict = Verdict::kContradicted;
  v.passage = static_cast<int>(best_place->passage);
  v.source_value = index_.words[best_place->passage][best_place->position - 1].text;
}

// A name the sources have another name of its kind in the place of,
// after the same words: at least kNameFrame words before it (kSwapContent
// of them content words) stand in a source clause before that other name
// ("born on 12 June to parents Mei and Edinburgh" where they say "Mei and
// Tashi"), and no statement of this name follows as many of them:
// contradicted, that name as the sources' value.
void Relations::swapped_name(const Fact& fact, size_t sentence, const analysis::Span& span, SpanVerdict& v) const {
  if (fact.kind != FactKind::kName) return;
  const size_t at = word_at(span.begin);
  const size_t lo = word_at(sentences_[sentence].first);
  if (at < lo + kNameFrame) return;
  // A place ("visiting relatives in Michigan" where they say "in
  // Ishpeming, Michigan") may be the wider one; fact_relation tests it.
  const std::string& before = answer_words_[at - 1].text;
  if (is_place_preposition(before)) return;
  const std::vector<std::string> own_words = words_of(fact.value);
  // Each source name right after the answer's word before this one.
  const auto places = index_.places.find(word_stem(before));
  if (places == index_.places.end()) return;
  const Occurrence* other = nullptr;
  size_t best = 0, own_best = 0, scanned = 0;
  for (const WordPlace& p : places->second) {
    if (++scanned > kMaxOppositePlaces) break;
    const std::vector<SourceWord>& passage = index_.words[p.passage];
    if (p.position + 1 >= passage.size() || passage[p.position].text != before ||
        passage[p.position + 1].clause != p.clause) {
      continue;
    }
    const std::string& next = passage[p.position + 1].text;
    const auto in_clause =
        std::equal_range(index_.occurrences.begin(), index_.occurrences.end(), p.clause, OccurrenceClause{});
    for (auto o = in_clause.first; o != in_clause.second; ++o) {
      if (o->fact.kind != FactKind::kName || o->words.empty() || o->words[0] != next) continue;
      // How many of the answer's words before the name stand before it here.
      size_t left = 0, content = 0;
      while (left <= p.position && at >= lo + 1 + left && passage[p.position - left].clause == p.clause &&
             passage[p.position - left].text == answer_words_[at - 1 - left].text) {
        if (!analysis::is_common_word(answer_words_[at - 1 - left].text)) ++content;
        ++left;
      }
      if (matches(fact, *o) || names_the_same(fact, *o) || shares_a_word(fact, *o)) {
        own_best = std::max(own_best, left);
        continue;
      }
      // A clause that names both is a list or a relation of the two
      // ("Xavi, Carles Puyol, Xabi Alonso and David Villa"), no swap.
      const bool names_both = std::any_of(own_words.begin(), own_words.end(), [&](const std::string& w) {
        return !analysis::is_common_word(w) && index_.in_clause(word_stem(w), p.clause);
      });
      if (names_both || left < kNameFrame || content < kSwapContent || left <= best ||
          named_in_sentence(*o, sentence)) {
        continue;
      }
      best = left;
      other = &*o;
    }
  }
  if (other == nullptr || own_best >= best) return;
  v.verdict = Verdict::kContradicted;
  v.passage = static_cast<int>(other->passage);
  v.source_value = other->text;
}

}  // namespace lmz::ground
