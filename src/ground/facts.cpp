#include "ground/facts.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "ground/date_forms.h"
#include "ground/number_forms.h"
#include "ground/place_names.h"

namespace lmz::ground {
namespace {

using analysis::SpanClass;

// U+2019, the typographic apostrophe, in UTF-8.
constexpr std::string_view kRightQuote = "\xE2\x80\x99";

bool word_byte(unsigned char c) {
  return std::isalnum(c) || c >= 0x80;
}

std::string stem(const std::string& w) {
  for (std::string_view suffix : {"ing", "ed", "es", "s", "ly"}) {
    if (w.size() >= suffix.size() + 4 && w.compare(w.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return w.substr(0, w.size() - suffix.size());
    }
  }
  return w;
}

// An acronym: one word of two to six capital letters (CFO, NASA).
constexpr size_t kMaxAcronym = 6;
bool is_acronym(std::string_view word) {
  if (word.size() < 2 || word.size() > kMaxAcronym) return false;
  return std::all_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Words an acronym may leave out: "Federal Bureau of Investigation" is FBI.
bool acronym_skips(std::string_view w) {
  return w == "of" || w == "and" || w == "for" || w == "the" || w == "on";
}

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
    // A chief executive is the CEO whether or not "officer" is said.
    if (words[i].text == "chief" && i + 1 < words.size() && words[i + 1].text == "executive") keys.insert("a:ceo");
  }
}

// Titles shortened before a name ("Prof. Goodall", "Dr Patel"): part of no
// name's keys, as the title's full form is no name either.
bool is_short_title(std::string_view w) {
  static const std::set<std::string_view> kTitles = {"prof", "dr",  "mr",   "mrs", "ms",  "mx",  "gen", "sen",
                                                     "rep",  "gov", "capt", "lt",  "col", "sgt", "rev", "hon"};
  return kTitles.count(w) != 0;
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
    if (text.compare(i, 3, kRightQuote) == 0) {  // a quote before a word is no part of it
      i += 3;
      continue;
    }
    Word w;
    w.begin = i;
    while (i < text.size()) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (text.compare(i, 3, kRightQuote) == 0) {
        // The typographic apostrophe ("Zaha’s") reads as the plain one; as
        // a closing quote or after a plural ("players’") it ends the word.
        if (i + 3 >= text.size() || !std::isalpha(static_cast<unsigned char>(text[i + 3]))) break;
        w.text += '\'';
        i += 3;
      } else if (word_byte(c)) {
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

namespace {

// A whole number written in one span, in digits or words ("6", "six",
// "twenty-five", "one"), or -1.
long long whole_number_at(std::string_view text, const analysis::Span& span) {
  const std::string_view s = text.substr(span.begin, span.end - span.begin);
  if (span.cls == SpanClass::kNumber) {
    const std::string v = normalise_number(s);
    return !v.empty() && v.size() <= 9 && all_digits(v) ? std::stoll(v) : -1;
  }
  if (span.cls != SpanClass::kCommonWord && span.cls != SpanClass::kOtherWord) return -1;
  const std::vector<std::string> words = words_of(s);
  if (words.empty()) return -1;
  for (const std::string& w : words) {
    if (!is_number_word(w) && w != "one") return -1;
  }
  size_t used = 0;
  const uint64_t value = number_words_value(words, used);
  return used == words.size() && value <= 1000000 ? static_cast<long long>(value) : -1;
}

// The word before spans[i] and the one after it, lower case ("" at the ends).
std::pair<std::string, std::string> words_around(std::string_view text, const std::vector<analysis::Span>& spans,
                                                 size_t i) {
  const auto word = [&](size_t k) {
    if (k >= spans.size()) return std::string();
    const std::vector<std::string> w = words_of(text.substr(spans[k].begin, spans[k].end - spans[k].begin));
    return w.size() == 1 ? w[0] : std::string();
  };
  return {i >= 2 ? word(i - 2) : std::string(), word(i + 2)};
}

// "by half", "half of", "by a quarter", "a third of": the share's
// percentage; "" for any other use of the word ("half an hour", "the first
// half", "a quarter past").
std::string fraction_share_at(std::string_view text, const std::vector<analysis::Span>& spans, size_t i) {
  if (spans[i].cls != SpanClass::kCommonWord && spans[i].cls != SpanClass::kOtherWord) return "";
  if (spans[i].end - spans[i].begin < 4 || spans[i].end - spans[i].begin > 7) return "";  // half, quarter, third
  const std::vector<std::string> w = words_of(text.substr(spans[i].begin, spans[i].end - spans[i].begin));
  if (w.size() != 1) return "";
  const auto [before, after] = words_around(text, spans, i);
  if (w[0] == "half") return before == "by" || after == "of" ? "50" : "";
  if (w[0] != "quarter" && w[0] != "third") return "";
  if (before != "a" && before != "one") return "";
  const std::string before_article = i >= 4 ? words_around(text, spans, i - 2).first : "";
  if (before_article != "by" && after != "of") return "";
  return w[0] == "quarter" ? "25" : "33";
}

}  // namespace

std::string ratio_at(std::string_view text, const std::vector<analysis::Span>& spans, size_t i, size_t& span_count) {
  if (i + 4 >= spans.size()) return "";
  const auto is_text = [&](size_t k, std::string_view want) {
    if (spans[k].end - spans[k].begin != want.size()) return false;
    for (size_t c = 0; c < want.size(); ++c) {
      if (std::tolower(static_cast<unsigned char>(text[spans[k].begin + c])) != want[c]) return false;
    }
    return true;
  };
  if (!is_text(i + 1, " ") || !is_text(i + 2, "in") || !is_text(i + 3, " ")) return "";
  const long long a = whole_number_at(text, spans[i]);
  const long long b = whole_number_at(text, spans[i + 4]);
  if (a < 1 || b < 2 || a >= b || b > 1000) return "";
  span_count = 5;
  if ((100 * a) % b == 0) return std::to_string(100 * a / b);
  const long long tenths = (1000 * a + b / 2) / b;  // one decimal, rounded
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

Fact fact_at(std::string_view text, const std::vector<analysis::Span>& spans, size_t i) {
  const analysis::Span& span = spans[i];
  const std::string_view s = text.substr(span.begin, span.end - span.begin);
  Fact fact;
  // "cut by half", "a quarter of the staff": a share, as its percentage.
  if (const std::string share = fraction_share_at(text, spans, i); !share.empty()) {
    fact.kind = FactKind::kNumber;
    fact.keys.push_back("n:" + share);
    fact.value = share;
    fact.sort = "percent";
    return fact;
  }
  // "six in ten": a share, compared as the percentage it is (60).
  if (size_t count = 0;
      span.cls == SpanClass::kNumber || span.cls == SpanClass::kCommonWord || span.cls == SpanClass::kOtherWord) {
    if (const std::string share = ratio_at(text, spans, i, count); !share.empty()) {
      fact.kind = FactKind::kNumber;
      fact.keys.push_back("n:" + share);
      fact.value = share;
      fact.sort = "percent";
      fact.span_count = count;
      return fact;
    }
  }
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
      fact.also = duration_keys(s);
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
      for (const Word& w : located_words(s)) {
        if (analysis::is_common_word(w.text) || is_short_title(w.text)) continue;
        // An acronym inside a name ("Norvik's CEO") is held as an acronym is.
        fact.keys.push_back((is_acronym(s.substr(w.begin, w.end - w.begin)) ? "a:" : "w:") + w.text);
        fact.value += (fact.value.empty() ? "" : " ") + w.text;
      }
      if (!fact.keys.empty()) fact.kind = FactKind::kName;
      return fact;
    case SpanClass::kCommonWord:
    case SpanClass::kOtherWord: {
      const std::string value = spelled_number_at(text, spans, i, fact.span_count);
      if (value.empty()) {
        fact.span_count = 1;
        // "a three-year renovation": the number 3, its unit in the word.
        if (const std::string lead = compound_number_of(s); !lead.empty()) {
          fact.kind = FactKind::kNumber;
          fact.keys.push_back("n:" + lead);
          fact.value = lead;
        }
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

// Fractions in words hold their percentages: "fell by a quarter" holds 25
// ("cut by 25%"), "half" 50, "a third" 33 and 33.3, "two thirds" 67 and
// 66.7, "three quarters" 75.
void fraction_keys(std::string_view passage, std::set<std::string>& keys) {
  const std::vector<Word> words = located_words(passage);
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string& w = words[k].text;
    const std::string before = k > 0 ? words[k - 1].text : "";
    const bool one = before == "a" || before == "one";
    if (w == "half") {
      keys.insert("n:50");
    } else if (w == "quarter" && one) {
      keys.insert("n:25");
    } else if (w == "quarters" && before == "three") {
      keys.insert("n:75");
    } else if (w == "third" && one) {
      keys.insert("n:33");
      keys.insert("n:33.3");
    } else if (w == "thirds" && before == "two") {
      keys.insert("n:67");
      keys.insert("n:66.7");
    }
  }
}

// A year named relative to another of its sentence holds that year: "2023,
// up 8 percent from the year before" holds 2022, "in 1911 and the following
// year" 1912.
void relative_year_keys(std::string_view passage, std::set<std::string>& keys) {
  const std::vector<Word> words = located_words(passage);
  const auto year_at = [&](size_t k) {
    const std::string& w = words[k].text;
    return w.size() == 4 && all_digits(w) && w[0] >= '1' && w[0] <= '2' ? std::stoi(w) : 0;
  };
  const auto same_sentence = [&](uint64_t from, uint64_t to) {
    return passage.substr(from, to - from).find_first_of(".!?\n") == std::string_view::npos;
  };
  for (size_t k = 0; k + 1 < words.size(); ++k) {
    const std::string& a = words[k].text;
    const std::string& b = words[k + 1].text;
    int step = 0;
    if ((a == "year" && (b == "before" || b == "earlier")) || ((a == "previous" || a == "prior") && b == "year")) {
      step = -1;
    } else if ((a == "year" && b == "later") || ((a == "following" || a == "next") && b == "year")) {
      step = 1;
    }
    if (step == 0) continue;
    // The nearest year before the phrase in its sentence.
    for (size_t j = k; j-- > 0;) {
      if (!same_sentence(words[j].end, words[k].begin)) break;
      if (const int year = year_at(j); year != 0) {
        keys.insert("n:" + std::to_string(year + step));
        break;
      }
    }
  }
}

// The sources' facts in other forms: a span of time in the next smaller
// unit ("two weeks" holds 14 days, "3 decades" 30 years, "2 hours" 120
// minutes; exact conversions only), a share as its percentage ("one in five"
// holds 20).
void quantity_keys(std::string_view passage, const std::vector<analysis::Span>& spans, std::set<std::string>& keys) {
  static const std::map<std::string, int> kSmaller = {{"time:century", 100}, {"time:decade", 10}, {"time:year", 12},
                                                      {"time:week", 7},      {"time:day", 24},    {"time:hour", 60},
                                                      {"time:minute", 60}};
  for (size_t i = 0; i < spans.size(); ++i) {
    const Fact f = fact_at(passage, spans, i);
    i += f.span_count > 0 ? f.span_count - 1 : 0;
    if (f.kind != FactKind::kNumber) continue;
    if (f.sort == "percent") keys.insert(f.keys.begin(), f.keys.end());
    const auto it = kSmaller.find(f.unit);
    if (it == kSmaller.end() || f.value.empty() || !all_digits(f.value) || f.value.size() > 9) continue;
    keys.insert("n:" + std::to_string(std::stoll(f.value) * it->second));
  }
}

// Whether words[k] ends a span of time said as a whole: "the past decade",
// "the last century", "over the decade" (during, for, across, throughout).
bool spans_a_period(const std::vector<Word>& words, size_t k) {
  static const std::set<std::string> kOverSpan = {"over", "during", "for", "across", "throughout"};
  const std::string before = k > 0 ? words[k - 1].text : "";
  return before == "past" || before == "last" || (before == "the" && k >= 2 && kOverSpan.count(words[k - 2].text) != 0);
}

// Quantities said in words: "a decade" holds 10 (years), "a year" 12
// (months), "a century" 100,
// "a fortnight" 14 (days) and 2 (weeks), "a week" 7 (days), and so does a
// span of them ("over the decade", "the past decade", "the last century");
// "doubled" holds
// 2 and 100 (percent more), "tripled" 3 and 200, "quadrupled" 4 and 300,
// "halved" 50; "the first quarter" holds Q1 and "the second half" H2.
void word_quantity_keys(std::string_view passage, std::set<std::string>& keys) {
  const std::vector<Word> words = located_words(passage);
  static const std::map<std::string, int> kOrdinal = {{"first", 1}, {"second", 2}, {"third", 3}, {"fourth", 4}};
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string& w = words[k].text;
    const std::string before = k > 0 ? words[k - 1].text : "";
    const bool one = before == "a" || before == "one" || spans_a_period(words, k);
    if (one && w == "decade") keys.insert("n:10");
    if (one && w == "year") keys.insert("n:12");  // "over a year" holds "twelve months"
    if (one && w == "century") keys.insert("n:100");
    if (one && w == "week") keys.insert("n:7");
    if (w == "fortnight") keys.insert({"n:14", "n:2"});
    if (w == "doubled" || w == "doubling") keys.insert({"n:2", "n:100"});
    if (w == "tripled" || w == "trebled") keys.insert({"n:3", "n:200"});
    if (w == "quadrupled") keys.insert({"n:4", "n:300"});
    if (w == "halved") keys.insert("n:50");
    if (const auto it = kOrdinal.find(before); it != kOrdinal.end()) {
      if (w == "quarter") keys.insert({"a:q" + std::to_string(it->second), "w:q" + std::to_string(it->second)});
      if (w == "half" && it->second <= 2)
        keys.insert({"a:h" + std::to_string(it->second), "w:h" + std::to_string(it->second)});
    }
  }
}

std::set<std::string> passage_keys(std::string_view passage, const std::vector<analysis::Span>& spans) {
  std::set<std::string> keys;
  acronym_keys(passage, keys);
  fraction_keys(passage, keys);
  relative_year_keys(passage, keys);
  quantity_keys(passage, spans, keys);
  word_quantity_keys(passage, keys);
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
      } else if (const std::string lead = compound_number_of(s); !lead.empty()) {
        keys.insert("n:" + lead);  // "a two-year renovation" holds "two years"
      }
    }
    for (const std::string& w : words) {
      keys.insert("w:" + w);
      keys.insert("s:" + stem(w));
      // "the Danish foundation" holds Denmark, "in Britain" British.
      for (const std::string& other : place_names_of(w)) keys.insert("w:" + other);
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

std::string word_stem(const std::string& word) {
  return stem(word);
}

bool part_of(const Fact& part, const Fact& whole) {
  return std::all_of(part.keys.begin(), part.keys.end(), [&](const std::string& k) {
    return std::find(whole.keys.begin(), whole.keys.end(), k) != whole.keys.end();
  });
}

}  // namespace lmz::ground
