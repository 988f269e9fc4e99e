// How numbers are written, beyond digits: spelled out over several words,
// with a scale or unit written on ("$1.2bn", "40m", "5kg"), with a scale
// word after them ("1.5 million"), and in which unit they count ("17
// months", "30 km/h"). facts.h builds a fact's keys from these.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/span_classes.h"

namespace lmz::ground {

// Whether `w` (lower case) is a word of a spelled-out number: "two",
// "twenty", "hundred", "million", "dozen", "and".
bool is_number_word(std::string_view w);

// The value of number words read from the front ("twenty one", "three
// hundred and twelve"); `used`: how many words it read (0: none).
uint64_t number_words_value(const std::vector<std::string>& words, size_t& used);

// A spelled-out number that starts at spans[i]: its value ("" if none) and
// how many spans it covers (words joined by single spaces; a hyphenated
// "thirty-seven" is one span). "one" alone is no number: it is too often a
// pronoun ("one of them").
std::string spelled_number_at(std::string_view text, const std::vector<analysis::Span>& spans, size_t i,
                              size_t& span_count);

// The number that leads a hyphenated compound of one word: "two-year" and
// "twenty-five-year" give "2" and "25", "one-way" and "two-thirty" nothing
// ("one" is too often no number; the rest must not be number words).
std::string compound_number_of(std::string_view word);

// The power of ten a number is scaled by: "1.5 million" as one span, or
// "1.5" followed by the word "million".
int multiplier_after(std::string_view number, std::string_view next_word);

// The scale of a number written with its letters on: "$1.2bn", "40m".
// `certain` is false where the letters may be a unit instead ("180m" tall,
// "5k" run, "8B" of memory); with money they are a scale.
struct Suffix {
  int zeros = 0;
  bool certain = true;
};
Suffix suffix_scale(std::string_view number);

// "1.5" x 10^zeros as a normalised decimal string.
std::string scaled(const std::string& value, int zeros);

// Drops an ordinal suffix: 29th -> 29.
// Whether `w` is digits only (and not empty).
bool all_digits(std::string_view w);

std::string_view without_ordinal(std::string_view w);

// The unit a number is counted in, as "dimension:unit", and as written:
// from the words after it ("17 months" time:month, "30 km/h" and "30
// kilometres per hour" speed:km/h) or a currency sign or unit written on it
// ("$4.27" money:dollar, "12km" length:km); "" for none known. Two units of
// one dimension contradict each other; of two dimensions, they count two
// different things.
constexpr size_t kUnitReach = 40;  // bytes after a number read for its unit
struct Unit {
  std::string unit;
  std::string text;  // the words after the number that name it ("months", "km/h"); "" for a sign
};
Unit unit_of(std::string_view number, std::string_view rest);

// What a number counts: "percent" (18.4%, 3 percent, 35 per cent),
// "money" (a currency sign before or after the digits, or a currency word
// after them), "ordinal" (21st: a place, not a count), or "".
std::string number_sort(std::string_view number, std::string_view after);

}  // namespace lmz::ground
