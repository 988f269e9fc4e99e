#include "ground/facts.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace lmz::ground {
namespace {

using analysis::SpanClass;

bool word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

// Number words: units (one to nineteen), tens, and the scale words.
uint64_t unit_value(std::string_view w) {
  static const std::array<const char*, 19> kUnits = {
      "one",    "two",     "three",   "four",     "five",     "six",     "seven",     "eight",    "nine",    "ten",
      "eleven", "twelve",  "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  for (size_t k = 0; k < kUnits.size(); ++k) {
    if (w == kUnits[k]) return k + 1;
  }
  return 0;
}

uint64_t tens_value(std::string_view w) {
  static const std::array<const char*, 8> kTens = {"twenty", "thirty",  "forty",  "fifty",
                                                   "sixty",  "seventy", "eighty", "ninety"};
  for (size_t k = 0; k < kTens.size(); ++k) {
    if (w == kTens[k]) return 10 * (k + 2);
  }
  return 0;
}

uint64_t scale_value(std::string_view w) {
  if (w == "thousand") return 1000;
  if (w == "million") return 1000000;
  if (w == "billion") return 1000000000;
  if (w == "trillion") return 1000000000000;
  return 0;
}

bool is_number_word(std::string_view w) {
  return unit_value(w) != 0 || tens_value(w) != 0 || scale_value(w) != 0 || w == "hundred" || w == "dozen" ||
         w == "and";
}

// The value of number words read from the front: "twenty one", "three
// hundred and twelve", "two thousand five hundred". Sets `used` to how many
// words it reads (0: none make a number); "and" is read only between a
// hundred or a scale word and the tens or units after it.
uint64_t number_words_value(const std::vector<std::string>& words, size_t& used) {
  enum class Last { kNone, kUnit, kTens, kHundred, kScale, kAnd };
  Last last = Last::kNone;
  uint64_t total = 0;
  uint64_t group = 0;  // below a thousand
  uint64_t last_scale = 0;
  uint64_t value = 0;
  used = 0;
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string& w = words[k];
    const bool group_open = last == Last::kNone || last == Last::kHundred || last == Last::kScale || last == Last::kAnd;
    if (const uint64_t u = unit_value(w); u != 0 && (group_open || (last == Last::kTens && u < 10))) {
      group += u;
      last = Last::kUnit;
    } else if (const uint64_t t = tens_value(w); t != 0 && group_open) {
      group += t;
      last = Last::kTens;
    } else if (w == "hundred" && (last == Last::kNone || (last == Last::kUnit && group < 10))) {
      group = (group == 0 ? 1 : group) * 100;
      last = Last::kHundred;
    } else if (const uint64_t s = scale_value(w);
               s != 0 && group != 0 && last != Last::kAnd && (last_scale == 0 || s < last_scale)) {
      total += group * s;
      group = 0;
      last_scale = s;
      last = Last::kScale;
    } else if (w == "and" && (last == Last::kHundred || last == Last::kScale) && k + 1 < words.size() &&
               (unit_value(words[k + 1]) != 0 || tens_value(words[k + 1]) != 0)) {
      last = Last::kAnd;
      continue;
    } else if (w == "dozen" && k == 0) {
      used = 1;
      return 12;
    } else {
      break;
    }
    used = k + 1;
    value = total + group;
  }
  return value;
}

bool word_span(const analysis::Span& span) {
  return span.cls == SpanClass::kCommonWord || span.cls == SpanClass::kOtherWord;
}

// A spelled-out number that starts at spans[i]: its value ("" if none) and
// how many spans it covers (words joined by single spaces; a hyphenated
// "thirty-seven" is one span). "one" alone is no number: it is too often a
// pronoun ("one of them").
std::string spelled_number_at(std::string_view text, const std::vector<analysis::Span>& spans, size_t i,
                              size_t& span_count) {
  span_count = 0;
  if (i >= spans.size() || !word_span(spans[i])) return "";
  std::vector<std::string> words;
  std::vector<size_t> words_before;  // words before each span of the phrase, and after the last
  constexpr size_t kMaxSpans = 16;
  for (size_t j = i; j < spans.size() && words_before.size() < kMaxSpans; j += 2) {
    if (!word_span(spans[j])) break;
    const std::vector<std::string> span_words = words_of(text.substr(spans[j].begin, spans[j].end - spans[j].begin));
    bool numeric = !span_words.empty();
    for (const std::string& w : span_words) numeric = numeric && is_number_word(w);
    if (!numeric) break;
    words_before.push_back(words.size());
    words.insert(words.end(), span_words.begin(), span_words.end());
    const bool joined = j + 2 < spans.size() && spans[j + 1].cls == SpanClass::kSpace &&
                        text.substr(spans[j + 1].begin, spans[j + 1].end - spans[j + 1].begin) == " ";
    if (!joined) break;
  }
  words_before.push_back(words.size());
  // The longest run of whole spans that reads as one number.
  for (size_t n = words_before.size() - 1; n > 0; --n) {
    const std::vector<std::string> head(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(words_before[n]));
    size_t used = 0;
    const uint64_t value = number_words_value(head, used);
    if (used != head.size()) continue;
    if (head.size() == 1 && head[0] == "one") return "";
    span_count = 2 * n - 1;
    return std::to_string(value);
  }
  return "";
}

int multiplier_zeros(std::string_view word) {
  if (word == "thousand") return 3;
  if (word == "million" || word == "millions") return 6;
  if (word == "billion" || word == "billions") return 9;
  if (word == "trillion") return 12;
  return 0;
}

int month_of(std::string_view w) {
  static const std::array<const char*, 12> kMonths = {"january", "february", "march",     "april",   "may",      "june",
                                                      "july",    "august",   "september", "october", "november", "december"};
  for (size_t m = 0; m < kMonths.size(); ++m) {
    const std::string_view month(kMonths[m]);
    if (w == month || (w.size() == 3 && w != "may" && month.substr(0, 3) == w) || (w == "sept" && m == 8)) {
      return static_cast<int>(m) + 1;
    }
  }
  return 0;
}

bool is_weekday(std::string_view w) {
  for (const char* d : {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}) {
    if (w == d) return true;
  }
  return false;
}

// The power of ten a number is scaled by: "1.5 million" as one span, or
// "1.5" followed by the word "million".
int multiplier_after(std::string_view number, std::string_view next_word) {
  const std::vector<std::string> inside = words_of(number);
  if (!inside.empty()) {
    if (const int zeros = multiplier_zeros(inside.back()); zeros != 0) return zeros;
  }
  const std::vector<std::string> next = words_of(next_word);
  return next.size() == 1 ? multiplier_zeros(next[0]) : 0;
}

// The scale of a number written with its letters on: "$1.2bn", "40m".
// `certain` is false where the letters may be a unit instead ("180m" tall,
// "5k" run, "8B" of memory); with money they are a scale.
struct Suffix {
  int zeros = 0;
  bool certain = true;
};
Suffix suffix_scale(std::string_view number) {
  size_t cut = number.size();
  while (cut > 0 && std::isalpha(static_cast<unsigned char>(number[cut - 1]))) --cut;
  if (cut == 0 || cut == number.size()) return {};
  std::string suffix(number.substr(cut));
  for (char& c : suffix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (suffix == "bn") return {9, true};
  if (suffix == "mn") return {6, true};
  if (suffix == "tn") return {12, true};
  const int zeros = suffix == "k" ? 3 : suffix == "m" ? 6 : suffix == "b" ? 9 : 0;
  if (zeros == 0) return {};
  // Money: a currency sign before the digits ($, or a UTF-8 sign such as £ or €).
  bool money = false;
  for (size_t k = 0; k < number.size() && !std::isdigit(static_cast<unsigned char>(number[k])); ++k) {
    money = money || number[k] == '$' || static_cast<unsigned char>(number[k]) >= 0x80;
  }
  return {zeros, money};
}

// "1.5" x 10^zeros as a normalised decimal string.
std::string scaled(const std::string& value, int zeros) {
  std::string whole = value;
  std::string fraction;
  if (const size_t dot = value.find('.'); dot != std::string::npos) {
    whole = value.substr(0, dot);
    fraction = value.substr(dot + 1);
  }
  while (zeros > 0) {
    whole += fraction.empty() ? '0' : fraction[0];
    if (!fraction.empty()) fraction.erase(0, 1);
    --zeros;
  }
  while (whole.size() > 1 && whole[0] == '0') whole.erase(0, 1);
  return fraction.empty() ? whole : whole + "." + fraction;
}

// Drops an ordinal suffix: 29th -> 29.
std::string_view without_ordinal(std::string_view w) {
  for (std::string_view suffix : {"st", "nd", "rd", "th"}) {
    if (w.size() > suffix.size() && w.substr(w.size() - suffix.size()) == suffix &&
        std::isdigit(static_cast<unsigned char>(w[w.size() - suffix.size() - 1]))) {
      return w.substr(0, w.size() - suffix.size());
    }
  }
  return w;
}

bool all_digits(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string stem(const std::string& w) {
  for (std::string_view suffix : {"ing", "ed", "es", "s", "ly"}) {
    if (w.size() >= suffix.size() + 4 && w.compare(w.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return w.substr(0, w.size() - suffix.size());
    }
  }
  return w;
}

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
Unit unit_of(std::string_view number, std::string_view rest) {
  static const std::map<std::string, std::string> kUnits = {
      {"second", "time:second"},   {"seconds", "time:second"}, {"secs", "time:second"},
      {"minute", "time:minute"},   {"minutes", "time:minute"}, {"mins", "time:minute"},
      {"hour", "time:hour"},       {"hours", "time:hour"},     {"hrs", "time:hour"},
      {"day", "time:day"},         {"days", "time:day"},       {"week", "time:week"},
      {"weeks", "time:week"},      {"month", "time:month"},    {"months", "time:month"},
      {"year", "time:year"},       {"years", "time:year"},     {"yrs", "time:year"},
      {"decade", "time:decade"},   {"decades", "time:decade"}, {"century", "time:century"},
      {"centuries", "time:century"},
      {"mm", "length:mm"},         {"millimetres", "length:mm"}, {"millimeters", "length:mm"},
      {"cm", "length:cm"},         {"centimetres", "length:cm"}, {"centimeters", "length:cm"},
      {"metre", "length:m"},       {"metres", "length:m"},     {"meter", "length:m"},
      {"meters", "length:m"},      {"km", "length:km"},        {"kilometre", "length:km"},
      {"kilometres", "length:km"}, {"kilometer", "length:km"}, {"kilometers", "length:km"},
      {"mile", "length:mile"},     {"miles", "length:mile"},   {"mi", "length:mile"},
      {"foot", "length:ft"},       {"feet", "length:ft"},      {"ft", "length:ft"},
      {"inch", "length:inch"},     {"inches", "length:inch"},  {"yard", "length:yard"},
      {"yards", "length:yard"},
      {"mg", "mass:mg"},           {"milligrams", "mass:mg"},  {"g", "mass:g"},
      {"grams", "mass:g"},         {"kg", "mass:kg"},          {"kilograms", "mass:kg"},
      {"kilos", "mass:kg"},        {"tonne", "mass:tonne"},    {"tonnes", "mass:tonne"},
      {"lb", "mass:lb"},           {"lbs", "mass:lb"},         {"ounce", "mass:oz"},
      {"ounces", "mass:oz"},       {"oz", "mass:oz"},
      {"dollar", "money:dollar"},  {"dollars", "money:dollar"}, {"euro", "money:euro"},
      {"euros", "money:euro"},     {"pound", "money:pound"},   {"pounds", "money:pound"},
      {"sterling", "money:pound"}, {"yen", "money:yen"},       {"yuan", "money:yuan"},
      {"rupee", "money:rupee"},    {"rupees", "money:rupee"},  {"cent", "money:cent"},
      {"cents", "money:cent"},     {"pence", "money:penny"},   {"francs", "money:franc"},
      {"mph", "speed:mile/h"},     {"kph", "speed:km/h"},      {"kmh", "speed:km/h"}};
  // A sign on the number: $, €, £, ¥ (UTF-8), before or after the digits.
  if (number.find('$') != std::string_view::npos) return {"money:dollar", ""};
  if (number.find("\xe2\x82\xac") != std::string_view::npos) return {"money:euro", ""};
  if (number.find("\xc2\xa3") != std::string_view::npos) return {"money:pound", ""};
  if (number.find("\xc2\xa5") != std::string_view::npos) return {"money:yen", ""};
  auto lower = [](std::string_view w) {
    std::string out(w);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  // Letters written on (12km, 5kg).
  size_t cut = number.size();
  while (cut > 0 && std::isalpha(static_cast<unsigned char>(number[cut - 1]))) --cut;
  if (cut > 0 && cut < number.size()) {
    const auto it = kUnits.find(lower(number.substr(cut)));
    return it == kUnits.end() ? Unit{} : Unit{it->second, ""};
  }
  // The word after it, and for a length "/h", "per hour" or "an hour" after that.
  size_t start = 0;
  while (start < rest.size() && rest[start] == ' ') ++start;
  size_t end = start;
  while (end < rest.size() && std::isalpha(static_cast<unsigned char>(rest[end]))) ++end;
  const auto it = kUnits.find(lower(rest.substr(start, end - start)));
  if (start == 0 && !number.empty() && end > start) return {};  // letters right after: not a separate word
  if (it == kUnits.end()) return {};
  Unit unit{it->second, std::string(rest.substr(start, end - start))};
  if (unit.unit.rfind("length:", 0) == 0) {
    for (std::string_view per : {"/h", " per hour", " an hour", "/hr"}) {
      if (lower(rest.substr(end, per.size())) == per) {
        unit.unit = "speed:" + unit.unit.substr(7) + "/h";
        unit.text = std::string(rest.substr(start, end + per.size() - start));
        break;
      }
    }
  }
  return unit;
}

// What a number counts: "percent" (18.4%, 3 percent, 35 per cent),
// "money" (a currency sign before or after the digits, or a currency word
// after them), "ordinal" (21st: a place, not a count), or "".
std::string number_sort(std::string_view number, std::string_view after) {
  static const std::set<std::string> kCurrencies = {"dollars", "dollar", "euros", "euro",  "pounds", "pound",
                                                    "yen",     "yuan",   "rupees", "cents", "pence",  "francs"};
  const std::vector<std::string> next = words_of(after);
  if (!next.empty() && kCurrencies.count(next[0]) > 0) return "money";
  if (without_ordinal(number).size() != number.size()) return "ordinal";
  if (number.find('%') != std::string_view::npos || number.find("percent") != std::string_view::npos ||
      number.find("per cent") != std::string_view::npos) {
    return "percent";
  }
  for (const char c : number) {
    if (c == '$' || static_cast<unsigned char>(c) >= 0x80) return "money";
  }
  return "";
}

// An acronym: one word of two to six capital letters (CFO, NASA).
constexpr size_t kMaxAcronym = 6;
bool is_acronym(std::string_view word) {
  if (word.size() < 2 || word.size() > kMaxAcronym) return false;
  return std::all_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Words an acronym may leave out: "Federal Bureau of Investigation" is FBI.
bool acronym_skips(std::string_view w) { return w == "of" || w == "and" || w == "for" || w == "the" || w == "on"; }

// The acronyms a passage spells: each of its acronyms, and the initials of
// each run of two to six words (the words acronym_skips() may leave out
// inside a run), as "a:" keys.
void acronym_keys(std::string_view passage, std::set<std::string>& keys) {
  const std::vector<Word> words = located_words(passage);
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string_view original = passage.substr(words[i].begin, words[i].end - words[i].begin);
    if (is_acronym(original)) keys.insert("a:" + words[i].text);
    if (acronym_skips(words[i].text)) continue;
    std::string initials;
    for (size_t j = i; j < words.size() && initials.size() < kMaxAcronym; ++j) {
      if (j > i && acronym_skips(words[j].text)) continue;
      if (!std::isalpha(static_cast<unsigned char>(words[j].text[0]))) break;
      initials += words[j].text[0];
      if (initials.size() >= 2) keys.insert("a:" + initials);
    }
  }
}

// A clock time inside a date span ("2:30 p.m.", "14:30", "3pm"): its
// extent and its keys, the hour on a 12-hour clock with the minutes
// ("t:2:30") and "t:am" or "t:pm" where the text says which (an hour past
// 12 says pm). False if the span holds none.
bool time_keys(std::string_view text, size_t& begin, size_t& end, std::vector<std::string>& keys) {
  auto digit = [&](size_t k) { return k < text.size() && std::isdigit(static_cast<unsigned char>(text[k])); };
  for (size_t i = 0; i < text.size(); ++i) {
    if (!digit(i) || (i > 0 && digit(i - 1))) continue;
    size_t j = i;
    int hour = 0;
    while (digit(j) && j - i < 3) hour = hour * 10 + (text[j++] - '0');
    if (j - i > 2 || digit(j)) continue;
    std::string minutes = "00";
    bool has_minutes = false;
    if (j + 2 < text.size() && text[j] == ':' && digit(j + 1) && digit(j + 2)) {
      minutes = std::string(text.substr(j + 1, 2));
      has_minutes = true;
      j += 3;
      if (j + 2 < text.size() && text[j] == ':' && digit(j + 1) && digit(j + 2)) j += 3;  // seconds
    }
    size_t k = j < text.size() && text[j] == ' ' ? j + 1 : j;
    std::string marker;
    for (const char* m : {"a.m.", "p.m.", "am", "pm", "AM", "PM", "A.M.", "P.M."}) {
      const std::string_view sm(m);
      if (text.substr(k, sm.size()) == sm) {
        marker = std::tolower(static_cast<unsigned char>(sm[0])) == 'a' ? "am" : "pm";
        k += sm.size();
        break;
      }
    }
    if ((!has_minutes && marker.empty()) || hour > 23 || (!marker.empty() && hour > 12)) continue;
    if (marker.empty() && hour > 12) marker = "pm";
    keys.push_back("t:" + std::to_string(hour % 12) + ":" + minutes);
    if (!marker.empty()) keys.push_back("t:" + marker);
    begin = i;
    end = marker.empty() ? j : k;
    return true;
  }
  return false;
}

// The keys of a date's words (months, weekdays, numbers) and of a time in it.
void date_keys(std::string_view text, std::vector<std::string>& keys) {
  size_t time_begin = 0;
  size_t time_end = 0;
  time_keys(text, time_begin, time_end, keys);
  for (const Word& w : located_words(text)) {
    if (w.begin < time_end && w.end > time_begin) continue;  // part of the time
    if (const int m = month_of(w.text); m != 0) {
      keys.push_back("m:" + std::to_string(m));
    } else if (is_weekday(w.text)) {
      keys.push_back("d:" + w.text);
    } else if (const std::string_view digits = without_ordinal(w.text); all_digits(digits)) {
      keys.push_back("n:" + normalise_number(digits));
    }
  }
}

}  // namespace

std::vector<Word> located_words(std::string_view text) {
  std::vector<Word> out;
  size_t i = 0;
  while (i < text.size()) {
    if (!word_byte(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    Word w;
    w.begin = i;
    while (i < text.size()) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (word_byte(c)) {
        w.text += static_cast<char>(std::tolower(c));
        ++i;
      } else if (c == '\'' && i + 1 < text.size() && std::isalpha(static_cast<unsigned char>(text[i + 1]))) {
        w.text += '\'';
        ++i;
      } else {
        break;
      }
    }
    w.end = i;
    if (w.text.size() > 2 && w.text.compare(w.text.size() - 2, 2, "'s") == 0) w.text.resize(w.text.size() - 2);
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  for (Word& w : located_words(text)) out.push_back(std::move(w.text));
  return out;
}

std::string_view next_word(std::string_view text, const std::vector<analysis::Span>& spans, size_t i) {
  size_t j = i + 1;
  while (j < spans.size() && spans[j].cls == SpanClass::kSpace) ++j;
  return j < spans.size() ? text.substr(spans[j].begin, spans[j].end - spans[j].begin) : std::string_view();
}

std::string normalise_number(std::string_view s) {
  std::string whole;
  std::string fraction;
  bool in_fraction = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      (in_fraction ? fraction : whole) += c;
    } else if (c == '.' && !in_fraction && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      in_fraction = true;
    } else if (c == ',' || c == '_' || c == '\'' || c == ' ') {
      // thousands separators
    } else if (!whole.empty() || !fraction.empty()) {
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '%' || c == '-' || c == '/') break;
    }
  }
  if (whole.empty() && fraction.empty()) return "";
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  while (whole.size() > 1 && whole[0] == '0') whole.erase(0, 1);
  if (whole.empty()) whole = "0";
  return fraction.empty() ? whole : whole + "." + fraction;
}

Fact fact_at(std::string_view text, const std::vector<analysis::Span>& spans, size_t i) {
  const analysis::Span& span = spans[i];
  const std::string_view s = text.substr(span.begin, span.end - span.begin);
  Fact fact;
  switch (span.cls) {
    case SpanClass::kNumber: {
      std::string value = normalise_number(s);
      if (value.empty()) return fact;
      if (const int zeros = multiplier_after(s, next_word(text, spans, i)); zeros != 0) {
        value = scaled(value, zeros);
      } else if (const Suffix suffix = suffix_scale(s); suffix.zeros != 0) {
        if (suffix.certain) {
          value = scaled(value, suffix.zeros);
        } else {
          fact.also.push_back("n:" + scaled(value, suffix.zeros));
        }
      }
      fact.sort = number_sort(s, next_word(text, spans, i));
      const Unit unit = unit_of(s, text.substr(span.end, kUnitReach));
      fact.unit = unit.unit;
      fact.unit_text = unit.text;
      fact.kind = FactKind::kNumber;
      fact.keys.push_back("n:" + value);
      fact.value = value;
      return fact;
    }
    case SpanClass::kDate:
      date_keys(s, fact.keys);
      if (fact.keys.empty()) return fact;
      fact.kind = FactKind::kDate;
      if (std::any_of(fact.keys.begin(), fact.keys.end(), [](const std::string& k) { return k.rfind("t:", 0) == 0; })) {
        fact.sort = "time";
      }
      for (const std::string& k : fact.keys) fact.value += (fact.value.empty() ? "" : " ") + k.substr(2);
      return fact;
    case SpanClass::kName:
      if (is_acronym(s)) {
        // "CFO" is held by "CFO" or by "chief financial officer".
        fact.kind = FactKind::kName;
        fact.value = words_of(s)[0];
        fact.keys.push_back("a:" + fact.value);
        return fact;
      }
      for (const std::string& w : words_of(s)) {
        if (analysis::is_common_word(w)) continue;
        fact.keys.push_back("w:" + w);
        fact.value += (fact.value.empty() ? "" : " ") + w;
      }
      if (!fact.keys.empty()) fact.kind = FactKind::kName;
      return fact;
    case SpanClass::kCommonWord:
    case SpanClass::kOtherWord: {
      const std::string value = spelled_number_at(text, spans, i, fact.span_count);
      if (value.empty()) {
        fact.span_count = 1;
        return fact;
      }
      fact.kind = FactKind::kNumber;
      fact.keys.push_back("n:" + value);
      fact.value = value;
      const Unit unit = unit_of("", text.substr(spans[i + fact.span_count - 1].end, kUnitReach));
      fact.unit = unit.unit;
      fact.unit_text = unit.text;
      return fact;
    }
    default:
      return fact;
  }
}

std::set<std::string> passage_keys(std::string_view passage, const std::vector<analysis::Span>& spans) {
  std::set<std::string> keys;
  acronym_keys(passage, keys);
  size_t in_number_until = 0;  // spans before it belong to a spelled-out number already keyed
  for (size_t i = 0; i < spans.size(); ++i) {
    const analysis::Span& span = spans[i];
    const std::string_view s = passage.substr(span.begin, span.end - span.begin);
    const std::vector<std::string> words = words_of(s);
    if (i >= in_number_until) {
      size_t count = 0;
      if (const std::string value = spelled_number_at(passage, spans, i, count); !value.empty()) {
        keys.insert("n:" + value);
        in_number_until = i + count;
      }
    }
    for (const std::string& w : words) {
      keys.insert("w:" + w);
      keys.insert("s:" + stem(w));
      if (const int m = month_of(w); m != 0 && std::isupper(static_cast<unsigned char>(s[0]))) {
        keys.insert("m:" + std::to_string(m));
      }
      if (is_weekday(w)) keys.insert("d:" + w);
    }
    if (span.cls == SpanClass::kNumber) {
      const std::string value = normalise_number(s);
      if (value.empty()) continue;
      keys.insert("n:" + value);
      // "1.5 million" also holds 1500000.
      if (const int zeros = multiplier_after(s, next_word(passage, spans, i)); zeros != 0) {
        keys.insert("n:" + scaled(value, zeros));
      }
      // "$1.2bn" holds 1200000000; "40m" both 40 (metres) and 40000000.
      if (const Suffix suffix = suffix_scale(s); suffix.zeros != 0) keys.insert("n:" + scaled(value, suffix.zeros));
    } else if (span.cls == SpanClass::kDate) {
      std::vector<std::string> date;
      date_keys(s, date);
      keys.insert(date.begin(), date.end());
    }
  }
  return keys;
}

std::string word_stem(const std::string& word) { return stem(word); }

}  // namespace lmz::ground
