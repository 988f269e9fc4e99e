#include "ground/number_forms.h"

#include <array>
#include <cctype>
#include <map>
#include <set>

#include "ground/facts.h"

namespace lmz::ground {
namespace {

using analysis::SpanClass;

// Number words: units (one to nineteen), tens, and the scale words.
uint64_t unit_value(std::string_view w) {
  static const std::array<const char*, 19> kUnits = {
      "one",    "two",    "three",    "four",     "five",    "six",     "seven",     "eight",    "nine",    "ten",
      "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
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

}  // namespace

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

namespace {

bool word_span(const analysis::Span& span) {
  return span.cls == SpanClass::kCommonWord || span.cls == SpanClass::kOtherWord;
}

int multiplier_zeros(std::string_view word) {
  if (word == "thousand") return 3;
  if (word == "million" || word == "millions") return 6;
  if (word == "billion" || word == "billions") return 9;
  if (word == "trillion") return 12;
  return 0;
}

}  // namespace

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

std::string compound_number_of(std::string_view word) {
  if (word.find('-') == std::string_view::npos) return "";
  const std::vector<std::string> words = words_of(word);
  size_t numeric = 0;
  while (numeric < words.size() && is_number_word(words[numeric])) ++numeric;
  if (numeric == 0 || numeric == words.size()) return "";
  const std::vector<std::string> head(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(numeric));
  size_t used = 0;
  const uint64_t value = number_words_value(head, used);
  if (used != head.size() || (head.size() == 1 && head[0] == "one")) return "";
  return std::to_string(value);
}

int multiplier_after(std::string_view number, std::string_view next_word) {
  const std::vector<std::string> inside = words_of(number);
  if (!inside.empty()) {
    if (const int zeros = multiplier_zeros(inside.back()); zeros != 0) return zeros;
  }
  const std::vector<std::string> next = words_of(next_word);
  return next.size() == 1 ? multiplier_zeros(next[0]) : 0;
}

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

bool all_digits(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string_view without_ordinal(std::string_view w) {
  for (std::string_view suffix : {"st", "nd", "rd", "th"}) {
    if (w.size() > suffix.size() && w.substr(w.size() - suffix.size()) == suffix &&
        std::isdigit(static_cast<unsigned char>(w[w.size() - suffix.size() - 1]))) {
      return w.substr(0, w.size() - suffix.size());
    }
  }
  return w;
}

Unit unit_of(std::string_view number, std::string_view rest) {
  static const std::map<std::string, std::string> kUnits = {{"second", "time:second"},
                                                            {"seconds", "time:second"},
                                                            {"secs", "time:second"},
                                                            {"minute", "time:minute"},
                                                            {"minutes", "time:minute"},
                                                            {"mins", "time:minute"},
                                                            {"hour", "time:hour"},
                                                            {"hours", "time:hour"},
                                                            {"hrs", "time:hour"},
                                                            {"day", "time:day"},
                                                            {"days", "time:day"},
                                                            {"week", "time:week"},
                                                            {"weeks", "time:week"},
                                                            {"month", "time:month"},
                                                            {"months", "time:month"},
                                                            {"year", "time:year"},
                                                            {"years", "time:year"},
                                                            {"yrs", "time:year"},
                                                            {"decade", "time:decade"},
                                                            {"decades", "time:decade"},
                                                            {"century", "time:century"},
                                                            {"centuries", "time:century"},
                                                            {"mm", "length:mm"},
                                                            {"millimetres", "length:mm"},
                                                            {"millimeters", "length:mm"},
                                                            {"cm", "length:cm"},
                                                            {"centimetres", "length:cm"},
                                                            {"centimeters", "length:cm"},
                                                            {"metre", "length:m"},
                                                            {"metres", "length:m"},
                                                            {"meter", "length:m"},
                                                            {"meters", "length:m"},
                                                            {"km", "length:km"},
                                                            {"kilometre", "length:km"},
                                                            {"kilometres", "length:km"},
                                                            {"kilometer", "length:km"},
                                                            {"kilometers", "length:km"},
                                                            {"mile", "length:mile"},
                                                            {"miles", "length:mile"},
                                                            {"mi", "length:mile"},
                                                            {"foot", "length:ft"},
                                                            {"feet", "length:ft"},
                                                            {"ft", "length:ft"},
                                                            {"inch", "length:inch"},
                                                            {"inches", "length:inch"},
                                                            {"yard", "length:yard"},
                                                            {"yards", "length:yard"},
                                                            {"mg", "mass:mg"},
                                                            {"milligrams", "mass:mg"},
                                                            {"g", "mass:g"},
                                                            {"grams", "mass:g"},
                                                            {"kg", "mass:kg"},
                                                            {"kilograms", "mass:kg"},
                                                            {"kilos", "mass:kg"},
                                                            {"tonne", "mass:tonne"},
                                                            {"tonnes", "mass:tonne"},
                                                            {"lb", "mass:lb"},
                                                            {"lbs", "mass:lb"},
                                                            {"ounce", "mass:oz"},
                                                            {"ounces", "mass:oz"},
                                                            {"oz", "mass:oz"},
                                                            {"dollar", "money:dollar"},
                                                            {"dollars", "money:dollar"},
                                                            {"euro", "money:euro"},
                                                            {"euros", "money:euro"},
                                                            {"pound", "money:pound"},
                                                            {"pounds", "money:pound"},
                                                            {"sterling", "money:pound"},
                                                            {"yen", "money:yen"},
                                                            {"yuan", "money:yuan"},
                                                            {"rupee", "money:rupee"},
                                                            {"rupees", "money:rupee"},
                                                            {"cent", "money:cent"},
                                                            {"cents", "money:cent"},
                                                            {"pence", "money:penny"},
                                                            {"francs", "money:franc"},
                                                            {"mph", "speed:mile/h"},
                                                            {"kph", "speed:km/h"},
                                                            {"kmh", "speed:km/h"}};
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
  // Letters written on (12km, 5kg), or else the word after it.
  size_t cut = number.size();
  while (cut > 0 && std::isalpha(static_cast<unsigned char>(number[cut - 1]))) --cut;
  const bool written_on =
      cut > 0 && cut < number.size() && std::isdigit(static_cast<unsigned char>(number[cut - 1]));  // not "1.5 million"
  size_t start = 0;
  while (!written_on && start < rest.size() && rest[start] == ' ') ++start;
  size_t end = start;
  while (!written_on && end < rest.size() && std::isalpha(static_cast<unsigned char>(rest[end]))) ++end;
  const auto it = kUnits.find(lower(written_on ? number.substr(cut) : rest.substr(start, end - start)));
  if (it == kUnits.end()) return {};
  Unit unit{it->second, std::string(rest.substr(start, end - start))};
  // A length "/h", "per hour" or "an hour" is a speed.
  if (unit.unit.rfind("length:", 0) == 0) {
    for (std::string_view per : {"/h", " per hour", " an hour", "/hr"}) {
      if (lower(rest.substr(end, per.size())) == per) {
        unit.unit = "speed:" + unit.unit.substr(7) + "/h";
        if (!written_on) unit.text = std::string(rest.substr(start, end + per.size() - start));
        break;
      }
    }
  }
  return unit;
}

std::string number_sort(std::string_view number, std::string_view after) {
  static const std::set<std::string> kCurrencies = {"dollars", "dollar", "euros",  "euro",  "pounds", "pound",
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

}  // namespace lmz::ground
