#include "ground/date_forms.h"

#include <array>
#include <cctype>

#include "ground/facts.h"
#include "ground/number_forms.h"

namespace lmz::ground {

int month_of(std::string_view w) {
  static const std::array<const char*, 12> kMonths = {"january",   "february", "march",    "april",
                                                      "may",       "june",     "july",     "august",
                                                      "september", "october",  "november", "december"};
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

namespace {

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

// A date written in figures, "1911-06-03", "1911/6/3", "25/6/1911",
// "6/25/1911", "3.6.1911": the keys "3 June 1911" has (day, month, year),
// so each form matches the others. Where day and month could be either
// ("3/6/1911"), only the year is a key: no reading is guessed. False when
// `text` is no such date.
bool numeric_date_keys(std::string_view text, std::vector<std::string>& keys) {
  std::vector<int> parts;
  std::vector<size_t> widths;
  char separator = 0;
  for (size_t i = 0; i < text.size();) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    int v = 0;
    const size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && i - start < 4)
      v = v * 10 + (text[i++] - '0');
    parts.push_back(v);
    widths.push_back(i - start);
    if (i == text.size()) break;
    const char c = text[i];
    if ((c != '-' && c != '/' && c != '.') || (separator != 0 && c != separator)) return false;
    separator = c;
    ++i;
  }
  if (parts.size() != 3) return false;
  int year = 0, month = 0, day = 0;
  bool ambiguous = false;
  if (widths[0] == 4) {
    year = parts[0], month = parts[1], day = parts[2];  // ISO order
  } else if (widths[2] == 4) {
    year = parts[2];
    if (parts[0] > 12 && parts[1] <= 12)
      day = parts[0], month = parts[1];
    else if (parts[1] > 12 && parts[0] <= 12)
      month = parts[0], day = parts[1];
    else if (parts[0] == parts[1])
      day = month = parts[0];
    else
      ambiguous = true;
  } else {
    return false;
  }
  keys.push_back("n:" + std::to_string(year));
  if (ambiguous) return true;
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  keys.push_back("m:" + std::to_string(month));
  keys.push_back("n:" + std::to_string(day));
  return true;
}

}  // namespace

// "2:01:09" with no a.m. or p.m. may be a duration, 2 hours, 1 minute and
// 9 seconds: its numbers as keys ("n:2", "n:1", "n:9"); none for any other text.
std::vector<std::string> duration_keys(std::string_view text) {
  const std::vector<Word> words = located_words(text);
  for (size_t k = 0; k + 2 < words.size(); ++k) {
    const auto colon_between = [&](size_t a) {
      return words[a + 1].begin == words[a].end + 1 && text[words[a].end] == ':';
    };
    const bool digits = all_digits(words[k].text) && all_digits(words[k + 1].text) && all_digits(words[k + 2].text);
    if (!digits || !colon_between(k) || !colon_between(k + 1) || words[k + 1].text.size() != 2 ||
        words[k + 2].text.size() != 2) {
      continue;
    }
    const std::string_view rest = text.substr(words[k + 2].end);
    if (rest.find_first_of("aApP") != std::string_view::npos) return {};  // a.m., p.m.: a clock
    return {"n:" + normalise_number(words[k].text), "n:" + normalise_number(words[k + 1].text),
            "n:" + normalise_number(words[k + 2].text)};
  }
  return {};
}

// The keys of a date's words (months, weekdays, numbers) and of a time in it.
void date_keys(std::string_view text, std::vector<std::string>& keys) {
  {
    std::vector<std::string> numeric;
    if (numeric_date_keys(text, numeric)) {
      keys.insert(keys.end(), numeric.begin(), numeric.end());
      return;
    }
  }
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

}  // namespace lmz::ground
