#include "ground/facts.h"

#include <array>
#include <cctype>
#include <map>

namespace lmz::ground {
namespace {

using analysis::SpanClass;

bool word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

const std::map<std::string, std::string>& spelled_numbers() {
  static const std::map<std::string, std::string> kSpelled = {
      {"two", "2"},       {"three", "3"},     {"four", "4"},      {"five", "5"},       {"six", "6"},
      {"seven", "7"},     {"eight", "8"},     {"nine", "9"},      {"ten", "10"},       {"eleven", "11"},
      {"twelve", "12"},   {"thirteen", "13"}, {"fourteen", "14"}, {"fifteen", "15"},   {"sixteen", "16"},
      {"seventeen", "17"}, {"eighteen", "18"}, {"nineteen", "19"}, {"twenty", "20"},   {"thirty", "30"},
      {"forty", "40"},    {"fifty", "50"},    {"sixty", "60"},    {"seventy", "70"},   {"eighty", "80"},
      {"ninety", "90"},   {"hundred", "100"}, {"dozen", "12"}};
  return kSpelled;
}

// The value of a spelled-out number, one word ("twelve") or tens and units
// ("thirty-seven", written as one hyphenated word); "" if the words are not one.
std::string spelled_value(const std::vector<std::string>& words) {
  if (words.size() == 1) {
    const auto it = spelled_numbers().find(words[0]);
    return it == spelled_numbers().end() ? "" : it->second;
  }
  if (words.size() != 2) return "";
  const auto tens = spelled_numbers().find(words[0]);
  if (tens == spelled_numbers().end() || tens->second.size() != 2 || tens->second[1] != '0' || tens->second[0] == '1') {
    return "";
  }
  const auto unit = words[1] == "one" ? spelled_numbers().end() : spelled_numbers().find(words[1]);
  const char digit = words[1] == "one" ? '1' : (unit != spelled_numbers().end() && unit->second.size() == 1 ? unit->second[0] : 0);
  if (digit == 0) return "";
  return std::string(1, tens->second[0]) + digit;
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

// The keys of a date's words (months, weekdays, numbers).
void date_keys(std::string_view text, std::vector<std::string>& keys) {
  for (const std::string& w : words_of(text)) {
    if (const int m = month_of(w); m != 0) {
      keys.push_back("m:" + std::to_string(m));
    } else if (is_weekday(w)) {
      keys.push_back("d:" + w);
    } else if (const std::string_view digits = without_ordinal(w); all_digits(digits)) {
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

Fact fact_of(std::string_view text, const analysis::Span& span, std::string_view next_word) {
  const std::string_view s = text.substr(span.begin, span.end - span.begin);
  Fact fact;
  switch (span.cls) {
    case SpanClass::kNumber: {
      std::string value = normalise_number(s);
      if (value.empty()) return fact;
      if (const int zeros = multiplier_after(s, next_word); zeros != 0) value = scaled(value, zeros);
      fact.kind = FactKind::kNumber;
      fact.keys.push_back("n:" + value);
      fact.value = value;
      return fact;
    }
    case SpanClass::kDate:
      date_keys(s, fact.keys);
      if (fact.keys.empty()) return fact;
      fact.kind = FactKind::kDate;
      for (const std::string& k : fact.keys) fact.value += (fact.value.empty() ? "" : " ") + k.substr(2);
      return fact;
    case SpanClass::kName:
      for (const std::string& w : words_of(s)) {
        if (analysis::is_common_word(w)) continue;
        fact.keys.push_back("w:" + w);
        fact.value += (fact.value.empty() ? "" : " ") + w;
      }
      if (!fact.keys.empty()) fact.kind = FactKind::kName;
      return fact;
    case SpanClass::kCommonWord:
    case SpanClass::kOtherWord: {
      const std::string value = spelled_value(words_of(s));
      if (value.empty()) return fact;
      fact.kind = FactKind::kNumber;
      fact.keys.push_back("n:" + value);
      fact.value = value;
      return fact;
    }
    default:
      return fact;
  }
}

std::set<std::string> passage_keys(std::string_view passage, const std::vector<analysis::Span>& spans) {
  std::set<std::string> keys;
  for (size_t i = 0; i < spans.size(); ++i) {
    const analysis::Span& span = spans[i];
    const std::string_view s = passage.substr(span.begin, span.end - span.begin);
    const std::vector<std::string> words = words_of(s);
    if (const std::string value = spelled_value(words); !value.empty()) keys.insert("n:" + value);
    for (const std::string& w : words) {
      keys.insert("w:" + w);
      keys.insert("s:" + stem(w));
      if (const int m = month_of(w); m != 0 && std::isupper(static_cast<unsigned char>(s[0]))) {
        keys.insert("m:" + std::to_string(m));
      }
      if (is_weekday(w)) keys.insert("d:" + w);
      if (const auto it = spelled_numbers().find(w); it != spelled_numbers().end()) keys.insert("n:" + it->second);
    }
    if (span.cls == SpanClass::kNumber) {
      const std::string value = normalise_number(s);
      if (value.empty()) continue;
      keys.insert("n:" + value);
      // "1.5 million" also holds 1500000.
      if (const int zeros = multiplier_after(s, next_word(passage, spans, i)); zeros != 0) {
        keys.insert("n:" + scaled(value, zeros));
      }
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
