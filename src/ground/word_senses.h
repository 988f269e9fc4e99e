// Verb senses from WordNet (Debian's wordnet-base, in /usr/share/wordnet):
// whether the verb of an answer written in other words may stand for the
// sources' verb ("end" for "stop", "destroyed" for "burned", "revealed" for
// "uncovered", "play" for "give"), where a verb of another sense is a claim
// of its own ("inspected" for "closed").
//
// A word is reduced to its dictionary forms as WordNet's own lookup does
// (its list of irregular forms, then its suffix rules, keeping the forms its
// index holds). Each part of speech's index is read whole at its first use
// (the verbs' first, the nouns' and adjectives' at the first test in any
// part of speech) and a word's entry found by binary search (the files are
// sorted by word) and parsed when it is first looked up; each sense's line
// is read where it stands in the data file. Without the files no word is a
// verb, and no two different words stand for each other.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lmz::ground {

// One entry of a WordNet data file: the words of a sense (lower-cased, "_"
// for a space) and the byte offsets of the senses one step more general
// (its hypernyms) in the same file. False for a line that is not one.
struct SenseLine {
  std::vector<std::string> words;
  std::vector<uint64_t> more_general;
  // Its words' opposites ("!" pointers): the word's place in `words` (from
  // 1), the opposite's sense and the opposite's place in that sense's words.
  struct Opposite {
    unsigned word = 0;
    uint64_t sense = 0;
    unsigned other_word = 0;
  };
  std::vector<Opposite> opposites;
};
bool parse_sense_line(std::string_view line, SenseLine& out);

// One line of a WordNet index file: a word and the offsets of its senses.
// False for a line that is not one (the licence at the top of the file).
bool parse_index_line(std::string_view line, std::string& word, std::vector<uint64_t>& offsets);

// Whether the answer's verb `answer` may stand for the sources' verb
// `source`: one of its forms names a sense of one of the source word's
// forms, or the sense one step more general ("destroyed" for "burned", not
// "burned" for "destroyed"), or a sense with the same one above it ("play"
// a concert for "give" one: both are to perform; not without `siblings`).
// Both lower-cased. Safe from any thread.
bool verb_may_stand_for(const std::string& source, const std::string& answer, bool siblings = true);

// Whether one of the word's forms is a verb in WordNet ("closed", "sold";
// not "individuals").
bool has_verb_sense(const std::string& word);

// Whether WordNet lists the word as an irregular form of a verb ("grew",
// "won", "sold"; not "grow", nor "closed", which its suffix rules read).
bool is_irregular_verb_form(const std::string& word);

// Whether a word WordNet has as a verb stands in a verb's form, `before`
// being the word before it: a past in "-ed" or an irregular one ("grew"),
// or any form after an auxiliary or "to" ("was treated", "will hold").
// Nouns with verb senses ("deal", "trip", "station") are passed over.
bool stands_as_verb(const std::string& word, const std::string& before);

// The forms ("decrease", "decreases", "decreased", "decreasing") of the
// verbs WordNet gives as opposite to one of the word's forms ("increased");
// empty for a word without one. Lower-cased.
std::vector<std::string> verb_opposites(const std::string& word);

// The forms of the word's own verbs ("increase", "increases", ... for
// "increased"); empty for a word WordNet lacks.
std::vector<std::string> verb_forms(const std::string& word);

// The forms of the other one-word verbs that share a sense with one of the
// word's verbs ("begin", "began", "starting", ... for "start"); empty for a
// word WordNet lacks as a verb. Lower-cased, sorted.
std::vector<std::string> verb_synonyms(const std::string& word);

// The other one-word nouns and adjectives that share a sense with one of
// the word's ("cost" for "price"), in their dictionary forms; sorted.
std::vector<std::string> noun_synonyms(const std::string& word);

// Whether WordNet has the word (lower-cased) as a verb, noun or adjective.
bool has_word_sense(const std::string& word);

// Whether two words (lower-cased) may stand for each other, as WordNet has
// them in any part of speech (verb, noun, adjective): they share a sense,
// one's sense is one or two steps more general than the other's ("truck"
// and "rig", "children" and "sons"), or their senses share the one above
// ("victory" and "success"), or an adjective's is similar to the other's
// ("massive" and "big"). Not for words WordNet gives as opposites.
bool words_related(const std::string& a, const std::string& b);

// Whether WordNet gives one of a's senses as opposite to one of b's
// ("male" and "female", "increase" and "decrease").
bool words_opposed(const std::string& a, const std::string& b);

// Whether WordNet's verb files were found (in $LMZ_WORDNET where it is
// set, else /usr/share/wordnet).
bool word_senses_available();

}  // namespace lmz::ground
