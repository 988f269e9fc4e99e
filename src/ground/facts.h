// Facts in text: numbers, dates and names in a normalised form, so that an
// answer's "1,000" finds a source's "1000", "18.4 percent" finds "18.4%",
// "three" finds "3", "1.5 million" finds "1,500,000" and "May 29, 1943"
// finds "29 May 1943".
//
// A fact is a set of keys that must all occur in one passage of the sources:
//   n:<value>   a number: separators dropped, trailing decimal zeros dropped
//               (also "n:<value x multiplier>" after thousand/million/billion)
//   m:<1-12>    a month name or abbreviation
//   d:<day>     a weekday
//   w:<word>    a word, lower-cased, possessive 's dropped (names are their words)
//   a:<letters> an acronym (CFO), held by the acronym or by the initials of
//               words in a row (chief financial officer)
//   t:<h:mm>    a clock time, the hour on a 12-hour clock; t:am, t:pm
//   s:<stem>    the word's stem (passages only)
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/span_classes.h"

namespace lmz::ground {

// kReference and kClaim are no facts of a text: they are what the check
// calls a pronoun that opens an answer and refers to no one the answer has
// named, and a clause of the answer that the sources do not make.
enum class FactKind : uint8_t { kNone, kNumber, kDate, kName, kReference, kClaim };

struct Fact {
  FactKind kind = FactKind::kNone;
  std::vector<std::string> keys;  // all must be found in one passage
  std::string value;              // the normalised form shown in reports
  size_t span_count = 1;          // the spans it covers ("twenty one": three, the space included)
  std::vector<std::string> also;  // keys it may also mean, as a source says it ("40m": 40 million)
  std::string sort;               // what it counts, compared only with its own sort: "percent",
                                  // "money" (numbers), "time" (dates), or ""
  std::string unit;               // a number's unit, "dimension:unit" ("time:month",
                                  // "money:dollar"), or "" where none is written
  std::string unit_text;          // the unit's word as written after the number ("months")
};

// The fact that starts at spans[i] of `text` (its classify_spans(); kind
// kNone: no fact). Digits take a scale word after them ("1.5 million").
// Spelled-out numbers are numbers, over as many spans as they take: "two",
// "a dozen", "thirty-seven", "twenty one", "three hundred and twelve", "two
// thousand five hundred"; "one" alone is not (it is too often a pronoun).
Fact fact_at(std::string_view text, const std::vector<analysis::Span>& spans, size_t i);

// "six in ten", "1 in 4", "one in three" starting at spans[i]: the share as
// a percentage ("60", "25", "33.3"), over the five spans it covers; "" where
// the spans are no such share.
std::string ratio_at(std::string_view text, const std::vector<analysis::Span>& spans, size_t i, size_t& span_count);

// The normalised value of a number as written ("1,000.50" -> "1000.5"),
// empty if `s` holds no digits.
std::string normalise_number(std::string_view s);

// Every key a passage holds: its words and their stems, its numbers (and
// their scaled forms, spelled-out numbers), months and weekdays. `spans` are the passage's
// classify_spans().
std::set<std::string> passage_keys(std::string_view passage, const std::vector<analysis::Span>& spans);

// The text of the first span after spans[i] that is not white space ("" at
// the end): the scale word fact_at() looks for after a number.
std::string_view next_word(std::string_view text, const std::vector<analysis::Span>& spans, size_t i);

// A word of a text, lower-cased, with where it lies.
struct Word {
  std::string text;
  uint64_t begin = 0;
  uint64_t end = 0;
};

// The words of `text`: letters and digits, with apostrophes inside words; a
// possessive 's is dropped from the word, not from its extent.
std::vector<Word> located_words(std::string_view text);

// The same words without their places.
std::vector<std::string> words_of(std::string_view text);

// A word without a plural, past or -ing/-ly ending (the "s:" keys), so that
// "appeared" finds "appears".
std::string word_stem(const std::string& word);

// Whether every key of `part` is one of `whole`'s: a date given with fewer
// parts ("January 7" of "January 7, 2012").
bool part_of(const Fact& part, const Fact& whole);

}  // namespace lmz::ground
