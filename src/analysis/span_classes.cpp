#include "analysis/span_classes.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string>

namespace lmz::analysis {
namespace {

// One decoded character: its code point (-1 for a byte that is not UTF-8),
// where it starts and its length in bytes.
struct Char {
  int32_t cp;
  uint64_t begin;
  uint32_t length;
  utf8proc_category_t category;
};

std::vector<Char> decode(std::string_view text) {
  std::vector<Char> out;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  for (size_t pos = 0; pos < text.size();) {
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t n = utf8proc_iterate(bytes + pos, static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
    if (n <= 0) {
      n = 1;
      cp = -1;
    }
    out.push_back({cp, pos, static_cast<uint32_t>(n), cp >= 0 ? utf8proc_category(cp) : UTF8PROC_CATEGORY_CN});
    pos += static_cast<size_t>(n);
  }
  return out;
}

bool is_letter(const Char& c) {
  return c.category >= UTF8PROC_CATEGORY_LU && c.category <= UTF8PROC_CATEGORY_LO;
}
bool is_mark(const Char& c) {
  return c.category >= UTF8PROC_CATEGORY_MN && c.category <= UTF8PROC_CATEGORY_ME;
}
bool is_digit(const Char& c) {
  return c.category == UTF8PROC_CATEGORY_ND;
}
bool is_number_char(const Char& c) {
  return c.category >= UTF8PROC_CATEGORY_ND && c.category <= UTF8PROC_CATEGORY_NO;
}
bool is_upper(const Char& c) {
  return c.category == UTF8PROC_CATEGORY_LU || c.category == UTF8PROC_CATEGORY_LT;
}
bool is_lower(const Char& c) {
  return c.category == UTF8PROC_CATEGORY_LL;
}
bool is_space(const Char& c) {
  return (c.category >= UTF8PROC_CATEGORY_ZS && c.category <= UTF8PROC_CATEGORY_ZP) || c.cp == '\t' || c.cp == '\n' ||
         c.cp == '\r' || c.cp == '\v' || c.cp == '\f';
}
bool is_word_char(const Char& c) {
  return is_letter(c) || is_mark(c) || is_number_char(c) || c.cp == '_';
}
bool is_currency(const Char& c) {
  return c.category == UTF8PROC_CATEGORY_SC;
}

const std::array<const char*, 12> kMonths = {"january", "february", "march",     "april",   "may",      "june",
                                             "july",    "august",   "september", "october", "november", "december"};
const std::array<const char*, 7> kWeekdays = {"monday", "tuesday",  "wednesday", "thursday",
                                              "friday", "saturday", "sunday"};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_month(std::string_view word) {
  const std::string w = lower_ascii(word);
  for (const char* m : kMonths) {
    const std::string_view month(m);
    if (w == month || (w.size() == 3 && month.substr(0, 3) == w) || (w == "sept")) return true;
  }
  return false;
}

// Scales and units that follow digits without a space: bn, m, k; km, kg, ft...
bool is_number_suffix(const std::string& lowercase) {
  static const std::set<std::string> kSuffixes = {"k",  "m",  "bn", "mn",  "tn",  "b",   "km", "cm",  "mm",  "kg",
                                                  "mg", "g",  "lb", "lbs", "oz",  "ft",  "mi", "mph", "kph", "ml",
                                                  "gb", "mb", "kb", "tb",  "ghz", "mhz", "kw", "mw",  "gw",  "kwh"};
  return kSuffixes.count(lowercase) > 0;
}

bool is_weekday(std::string_view word) {
  const std::string w = lower_ascii(word);
  for (const char* d : kWeekdays) {
    if (w == d) return true;
  }
  return false;
}

bool is_abbreviation(std::string_view word) {
  static const std::set<std::string> kAbbreviations = {
      "dr",  "mr",  "mrs", "ms", "prof", "st", "jr", "sr",  "vs",  "etc", "e.g",  "i.e",  "no",    "fig",
      "vol", "gen", "col", "lt", "sgt",  "mt", "ft", "inc", "ltd", "co",  "corp", "dept", "approx"};
  if (word.size() == 1) return true;  // an initial: J. Smith
  return kAbbreviations.count(lower_ascii(word)) > 0;
}

// Top-level domains that make a dotted name an address (example.com), not code.
bool is_domain_suffix(std::string_view word) {
  static const std::set<std::string> kSuffixes = {"com", "org", "net", "edu", "gov", "io",   "dev",
                                                  "ai",  "uk",  "de",  "fr",  "eu",  "info", "example",
                                                  "app", "co",  "us",  "ca",  "jp",  "cn"};
  return kSuffixes.count(lower_ascii(word)) > 0;
}

// A scanner over the decoded characters that produces classified atoms.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text), chars_(decode(text)) {}

  std::vector<Span> run();

 private:
  struct Atom {
    size_t first;  // index into chars_
    size_t last;   // one past
    SpanClass cls;
    bool capitalised = false;  // a word that starts with a capital
  };

  int32_t cp(size_t i) const { return i < chars_.size() ? chars_[i].cp : -2; }
  bool starts_with_ci(size_t i, std::string_view s) const;
  size_t digits_from(size_t i) const;
  std::string_view bytes(size_t first, size_t last) const {
    const uint64_t b = chars_[first].begin;
    const uint64_t e = last < chars_.size() ? chars_[last].begin : text_.size();
    return text_.substr(b, e - b);
  }

  size_t match_code_block(size_t i) const;
  size_t match_url(size_t i) const;
  size_t match_email(size_t i) const;
  size_t match_date(size_t i) const;
  size_t match_month_date(size_t i, size_t word_end) const;
  size_t match_number(size_t i) const;
  size_t match_operator(size_t i) const;
  size_t word_end(size_t i) const;
  SpanClass word_class(size_t first, size_t last) const;

  std::string_view text_;
  std::vector<Char> chars_;
};

bool Scanner::starts_with_ci(size_t i, std::string_view s) const {
  for (size_t k = 0; k < s.size(); ++k) {
    const int32_t c = cp(i + k);
    if (c < 0 || c > 127 || std::tolower(c) != s[k]) return false;
  }
  return true;
}

size_t Scanner::digits_from(size_t i) const {
  size_t j = i;
  while (j < chars_.size() && is_digit(chars_[j])) ++j;
  return j - i;
}

size_t Scanner::match_code_block(size_t i) const {
  // ``` ... ``` (fenced, possibly many lines) or `inline` on one line.
  if (cp(i) != '`') return 0;
  if (cp(i + 1) == '`' && cp(i + 2) == '`') {
    for (size_t j = i + 3; j + 2 < chars_.size(); ++j) {
      if (cp(j) == '`' && cp(j + 1) == '`' && cp(j + 2) == '`') return j + 3 - i;
    }
    return chars_.size() - i;  // an unclosed fence runs to the end
  }
  for (size_t j = i + 1; j < chars_.size() && cp(j) != '\n'; ++j) {
    if (cp(j) == '`') return j > i + 1 ? j + 1 - i : 0;
  }
  return 0;
}

size_t Scanner::match_url(size_t i) const {
  if (i > 0 && is_word_char(chars_[i - 1])) return 0;
  size_t start_len = 0;
  for (const char* scheme : {"https://", "http://", "ftp://", "file://", "www."}) {
    if (starts_with_ci(i, scheme)) start_len = std::string_view(scheme).size();
  }
  if (start_len == 0) return 0;
  size_t j = i + start_len;
  while (j < chars_.size() && !is_space(chars_[j]) && cp(j) != '<' && cp(j) != '>' && cp(j) != '"' && cp(j) != '`') ++j;
  // Trailing punctuation belongs to the sentence, not the address.
  while (j > i + start_len &&
         std::string_view(".,;:!?)]}'").find(static_cast<char>(cp(j - 1) & 0x7f)) != std::string_view::npos &&
         cp(j - 1) < 128) {
    --j;
  }
  return j > i + start_len ? j - i : 0;
}

size_t Scanner::match_email(size_t i) const {
  // local@domain.tld starting at a word boundary.
  if (i > 0 && (is_word_char(chars_[i - 1]) || cp(i - 1) == '.')) return 0;
  auto local_char = [&](size_t k) {
    const int32_t c = cp(k);
    return c >= 0 && c < 128 && (std::isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-');
  };
  size_t j = i;
  while (j < chars_.size() && local_char(j)) ++j;
  if (j == i || cp(j) != '@') return 0;
  size_t k = j + 1;
  size_t last_dot = 0;
  while (k < chars_.size() && cp(k) >= 0 && cp(k) < 128 && (std::isalnum(cp(k)) || cp(k) == '.' || cp(k) == '-')) {
    if (cp(k) == '.') last_dot = k;
    ++k;
  }
  while (k > j + 1 && (cp(k - 1) == '.' || cp(k - 1) == '-')) --k;
  last_dot = 0;
  for (size_t d = j + 2; d + 1 < k; ++d) {
    if (cp(d) == '.') last_dot = d;
  }
  if (last_dot == 0) return 0;
  return k - i;
}

size_t Scanner::match_date(size_t i) const {
  const size_t d1 = digits_from(i);
  if (d1 == 0 || (i > 0 && is_word_char(chars_[i - 1]))) return 0;
  // 2024-05-01, with an optional time: T12:30 or 12:30:05.
  if (d1 == 4 && cp(i + 4) == '-' && digits_from(i + 5) == 2 && cp(i + 7) == '-' && digits_from(i + 8) == 2) {
    size_t j = i + 10;
    if ((cp(j) == 'T' || cp(j) == ' ') && digits_from(j + 1) == 2 && cp(j + 3) == ':' && digits_from(j + 4) == 2) {
      j += 6;
      if (cp(j) == ':' && digits_from(j + 1) == 2) j += 3;
      if (cp(j) == 'Z') ++j;
    }
    return j - i;
  }
  // 5/1/2024, 05.01.24
  if (d1 <= 2 && (cp(i + d1) == '/' || cp(i + d1) == '.')) {
    const int32_t sep = cp(i + d1);
    const size_t d2 = digits_from(i + d1 + 1);
    if (d2 >= 1 && d2 <= 2 && cp(i + d1 + 1 + d2) == sep) {
      const size_t d3 = digits_from(i + d1 + 2 + d2);
      if (d3 == 2 || d3 == 4) return d1 + 2 + d2 + d3;
    }
  }
  // 12:30, 9:05:10, with am/pm.
  if (d1 <= 2 && cp(i + d1) == ':' && digits_from(i + d1 + 1) == 2) {
    size_t j = i + d1 + 3;
    if (cp(j) == ':' && digits_from(j + 1) == 2) j += 3;
    size_t k = cp(j) == ' ' ? j + 1 : j;
    for (const char* suffix : {"a.m.", "p.m.", "am", "pm"}) {
      const size_t n = std::string_view(suffix).size();
      if (starts_with_ci(k, suffix) && !(k + n < chars_.size() && is_letter(chars_[k + n]))) return k + n - i;
    }
    return j - i;
  }
  // 3pm, 11 a.m.
  if (d1 <= 2) {
    const size_t k = cp(i + d1) == ' ' ? i + d1 + 1 : i + d1;
    for (const char* suffix : {"a.m.", "p.m.", "am", "pm"}) {
      const size_t n = std::string_view(suffix).size();
      if (starts_with_ci(k, suffix) && !(k + n < chars_.size() && is_letter(chars_[k + n]))) return k + n - i;
    }
  }
  // A bare year.
  if (d1 == 4 && !(i + 4 < chars_.size() && (is_word_char(chars_[i + 4]) || cp(i + 4) == '%' ||
                                             ((cp(i + 4) == '.' || cp(i + 4) == ',') && digits_from(i + 5) > 0)))) {
    const int year = (cp(i) - '0') * 1000 + (cp(i + 1) - '0') * 100 + (cp(i + 2) - '0') * 10 + (cp(i + 3) - '0');
    if (year >= 1500 && year <= 2100) return 4;
  }
  // 5 March 1990, 21st May
  size_t j = i + d1;
  if (d1 <= 2) {
    if (starts_with_ci(j, "st") || starts_with_ci(j, "nd") || starts_with_ci(j, "rd") || starts_with_ci(j, "th"))
      j += 2;
    if (cp(j) == ' ') {
      const size_t w = word_end(j + 1);
      if (w > j + 1 && is_month(bytes(j + 1, w))) {
        size_t end = w;
        if (cp(end) == '.' && w - (j + 1) <= 4 && cp(end + 1) == ' ' && digits_from(end + 2) == 4) ++end;  // Sept. 1990
        if (cp(end) == ' ' && digits_from(end + 1) == 4) end += 5;
        return end - i;
      }
    }
  }
  return 0;
}

size_t Scanner::match_month_date(size_t i, size_t end_of_word) const {
  // March 5, 2024 / March 5th / March 2024 / Monday
  const std::string_view word = bytes(i, end_of_word);
  if (is_weekday(word)) return end_of_word - i;
  if (!is_month(word) || !is_upper(chars_[i])) return 0;
  // A month on its own counts when written out ("in March"); "May" and
  // abbreviations need a day or year beside them.
  const std::string lower = lower_ascii(word);
  const size_t alone = lower != "may" && word.size() >= 4 ? end_of_word - i : 0;
  size_t j = end_of_word;
  if (cp(j) == '.' && word.size() <= 4 && cp(j + 1) == ' ' && digits_from(j + 2) > 0) ++j;  // Sept. 5
  if (cp(j) != ' ') return alone;
  const size_t d = digits_from(j + 1);
  if (d == 4) return j + 5 - i;
  if (d == 0 || d > 2) return alone;
  size_t k = j + 1 + d;
  if (starts_with_ci(k, "st") || starts_with_ci(k, "nd") || starts_with_ci(k, "rd") || starts_with_ci(k, "th")) k += 2;
  if (cp(k) == ',' && cp(k + 1) == ' ' && digits_from(k + 2) == 4)
    k += 6;
  else if (cp(k) == ' ' && digits_from(k + 1) == 4)
    k += 5;
  return k - i;
}

size_t Scanner::match_number(size_t i) const {
  if (i > 0 && (is_letter(chars_[i - 1]) || is_digit(chars_[i - 1]))) return 0;
  size_t j = i;
  if (cp(j) == '+' || cp(j) == '-' || cp(j) == 0x2212) ++j;  // signs, minus sign
  if (j < chars_.size() && is_currency(chars_[j])) ++j;
  const size_t d = digits_from(j);
  if (d == 0) return 0;
  j += d;
  // Groups of three: 1,000,000  1.000.000  1 000 000 (no-break or thin space)  1'000
  for (;;) {
    const int32_t sep = cp(j);
    if ((sep == ',' || sep == '.' || sep == '\'' || sep == 0xa0 || sep == 0x202f) && digits_from(j + 1) == 3) {
      j += 4;
    } else {
      break;
    }
  }
  if ((cp(j) == '.' || cp(j) == ',') && digits_from(j + 1) > 0) j += 1 + digits_from(j + 1);
  // Suffixes: %, per mille, a currency sign, ordinals, percent and scale words.
  if (cp(j) == '%' || cp(j) == 0x2030 || (j < chars_.size() && is_currency(chars_[j]))) {
    ++j;
  } else if (starts_with_ci(j, "st") || starts_with_ci(j, "nd") || starts_with_ci(j, "rd") || starts_with_ci(j, "th")) {
    if (!(j + 2 < chars_.size() && is_letter(chars_[j + 2]))) j += 2;
  } else if (cp(j) == ' ') {
    for (const char* word : {"percent", "per cent", "million", "billion", "trillion", "thousand"}) {
      const size_t n = std::string_view(word).size();
      if (starts_with_ci(j + 1, word) && !(j + 1 + n < chars_.size() && is_letter(chars_[j + 1 + n]))) {
        j += 1 + n;
        break;
      }
    }
  }
  if (j < chars_.size() && is_letter(chars_[j])) {
    // A scale or unit written on: $1.2bn, 40m, 5kg, 12km. Other letters make
    // it part of a word like B2B or 3D.
    const size_t end = word_end(j);
    if (end - j > 3 || !is_number_suffix(lower_ascii(bytes(j, end)))) return 0;
    j = end;
  }
  return j - i;
}

size_t Scanner::match_operator(size_t i) const {
  static const char* const kOperators[] = {"===", "!==", "==", "!=", "<=", ">=", "->", "=>", "&&", "||",
                                           "::",  "+=",  "-=", "*=", "/=", "++", "<<", ">>", "{}"};
  for (const char* op : kOperators) {
    const std::string_view s(op);
    bool match = true;
    for (size_t k = 0; k < s.size() && match; ++k) match = cp(i + k) == s[k];
    if (match) return s.size();
  }
  return 0;
}

size_t Scanner::word_end(size_t i) const {
  size_t j = i;
  while (j < chars_.size()) {
    if (is_word_char(chars_[j])) {
      ++j;
    } else if ((cp(j) == '\'' || cp(j) == 0x2019 || cp(j) == '-') && j > i && j + 1 < chars_.size() &&
               is_letter(chars_[j + 1]) && is_letter(chars_[j - 1])) {
      j += 2;  // don't, well-known
    } else {
      break;
    }
  }
  return j;
}

SpanClass Scanner::word_class(size_t first, size_t last) const {
  const std::string_view word = bytes(first, last);
  bool underscore = false, camel = false;
  for (size_t k = first; k < last; ++k) {
    underscore = underscore || cp(k) == '_';
    if (k > first && is_lower(chars_[k - 1]) && is_upper(chars_[k])) camel = true;
  }
  // A call: name( with no space, then a closing parenthesis on the line.
  bool call = false;
  if (cp(last) == '(') {
    for (size_t k = last + 1; k < chars_.size() && cp(k) != '\n'; ++k) {
      if (cp(k) == ')') {
        call = true;
        break;
      }
    }
  }
  if (underscore || call || (camel && is_lower(chars_[first]))) return SpanClass::kCode;
  if (is_common_word(lower_ascii(word))) return SpanClass::kCommonWord;
  return SpanClass::kOtherWord;
}

std::vector<Span> Scanner::run() {
  std::vector<Atom> atoms;
  const size_t n = chars_.size();
  for (size_t i = 0; i < n;) {
    size_t len = 0;
    SpanClass cls = SpanClass::kOtherWord;
    bool capitalised = false;
    const Char& c = chars_[i];
    if ((len = match_code_block(i)) > 0) {
      cls = SpanClass::kCode;
    } else if ((len = match_url(i)) > 0 || (len = match_email(i)) > 0) {
      cls = SpanClass::kUrl;
    } else if ((len = match_date(i)) > 0) {
      cls = SpanClass::kDate;
    } else if ((len = match_number(i)) > 0) {
      cls = SpanClass::kNumber;
    } else if (is_space(c)) {
      len = 1;
      while (i + len < n && is_space(chars_[i + len])) ++len;
      cls = SpanClass::kSpace;
    } else if (is_word_char(c) || c.cp < 0) {
      const size_t end = c.cp < 0 ? i + 1 : word_end(i);
      if (const size_t date = c.cp < 0 ? 0 : match_month_date(i, end); date > 0) {
        len = date;
        cls = SpanClass::kDate;
      } else {
        len = end - i;
        // Dotted identifiers: os.path, config.load (both parts of two or more characters, one in lower case).
        size_t j = end;
        bool dotted = false;
        while (cp(j) == '.' && j + 1 < n && is_letter(chars_[j + 1])) {
          const size_t next = word_end(j + 1);
          if (next - (j + 1) < 2 || j - i < 2) break;
          dotted = true;
          j = next;
        }
        if (dotted && (is_lower(chars_[i]) || is_lower(chars_[end - 1]))) {
          len = j - i;
          size_t last_part = j;
          while (last_part > i && cp(last_part - 1) != '.') --last_part;
          cls = is_domain_suffix(bytes(last_part, j)) ? SpanClass::kUrl : SpanClass::kCode;
        } else {
          cls = c.cp < 0 ? SpanClass::kOtherWord : word_class(i, end);
          capitalised = c.cp >= 0 && is_upper(c);
        }
      }
    } else if ((len = match_operator(i)) > 0) {
      cls = SpanClass::kCode;
    } else {
      len = 1;
      while (i + len < n && !is_space(chars_[i + len]) && !is_word_char(chars_[i + len]) && chars_[i + len].cp >= 0 &&
             match_operator(i + len) == 0 && cp(i + len) != '`' && match_number(i + len) == 0) {
        ++len;
      }
      cls = SpanClass::kPunctuation;
    }
    atoms.push_back({i, i + len, cls, capitalised});
    i += len;
  }

  // Names: capitalised words that are not merely sentence-initial. A word at
  // the start of a sentence or line counts when the text also capitalises it
  // where no sentence starts.
  std::vector<bool> initial(atoms.size(), false);
  bool at_start = true;
  for (size_t a = 0; a < atoms.size(); ++a) {
    const Atom& atom = atoms[a];
    if (atom.cls == SpanClass::kSpace) {
      if (bytes(atom.first, atom.last).find('\n') != std::string_view::npos) at_start = true;
      continue;
    }
    initial[a] = at_start;
    if (atom.cls == SpanClass::kPunctuation) {
      const std::string_view p = bytes(atom.first, atom.last);
      // "Dr." and "J." do not end a sentence.
      const bool abbreviation = p == "." && a > 0 && atoms[a - 1].cls != SpanClass::kSpace &&
                                is_abbreviation(bytes(atoms[a - 1].first, atoms[a - 1].last));
      // A quote opened after a colon opens a sentence (wrote: 'Sorry ...).
      const bool quote_after_colon = (p == "'" || p == "\"" || p == "\xe2\x80\x98" || p == "\xe2\x80\x9c") && a >= 2 &&
                                     atoms[a - 1].cls == SpanClass::kSpace &&
                                     atoms[a - 2].cls == SpanClass::kPunctuation &&
                                     bytes(atoms[a - 2].first, atoms[a - 2].last) == ":";
      if ((p.find_first_of(".!?") != std::string_view::npos && !abbreviation) || quote_after_colon) {
        at_start = true;
      } else if (p.find_first_of("\"'()[]") == std::string_view::npos && p.find("\xe2\x80") == std::string_view::npos) {
        at_start = false;  // quotes and brackets keep a sentence start pending
      }
      continue;
    }
    at_start = false;
  }
  std::set<std::string> capitalised_inside;
  for (size_t a = 0; a < atoms.size(); ++a) {
    if (atoms[a].capitalised && !initial[a])
      capitalised_inside.insert(std::string(bytes(atoms[a].first, atoms[a].last)));
  }
  for (size_t a = 0; a < atoms.size(); ++a) {
    Atom& atom = atoms[a];
    if (!atom.capitalised || atom.cls == SpanClass::kCode) continue;
    const std::string_view word = bytes(atom.first, atom.last);
    if (atom.cls == SpanClass::kCommonWord || word == "I") continue;
    bool all_caps = word.size() >= 2;
    for (size_t k = atom.first; k < atom.last; ++k) all_caps = all_caps && !is_lower(chars_[k]);
    if (!initial[a] || all_caps || capitalised_inside.count(std::string(word)) > 0) atom.cls = SpanClass::kName;
  }
  // A name phrase: name words joined by single spaces (New York City).
  std::vector<Span> spans;
  for (size_t a = 0; a < atoms.size(); ++a) {
    const Atom& atom = atoms[a];
    const Span span{chars_[atom.first].begin, atom.last < n ? chars_[atom.last].begin : text_.size(), atom.cls};
    if (atom.cls == SpanClass::kName && spans.size() >= 2 && spans.back().cls == SpanClass::kSpace &&
        spans.back().end - spans.back().begin == 1 && text_[spans.back().begin] == ' ' &&
        spans[spans.size() - 2].cls == SpanClass::kName) {
      spans.pop_back();
      spans.back().end = span.end;
      continue;
    }
    spans.push_back(span);
  }
  return spans;
}

}  // namespace

const char* span_class_name(SpanClass c) {
  switch (c) {
    case SpanClass::kNumber:
      return "number";
    case SpanClass::kDate:
      return "date";
    case SpanClass::kName:
      return "name";
    case SpanClass::kCode:
      return "code";
    case SpanClass::kUrl:
      return "url";
    case SpanClass::kCommonWord:
      return "common_word";
    case SpanClass::kOtherWord:
      return "other_word";
    case SpanClass::kPunctuation:
      return "punctuation";
    case SpanClass::kSpace:
      return "space";
  }
  return "other_word";
}

bool is_common_word(std::string_view w) {
  // Frequent English function words: articles, pronouns, prepositions,
  // conjunctions, auxiliaries and the most common adverbs.
  static const std::set<std::string_view> kWords = {
      "a",        "about",    "above",      "after",   "again",   "against", "all",        "also",      "am",
      "an",       "and",      "any",        "are",     "as",      "at",      "be",         "because",   "been",
      "before",   "being",    "below",      "between", "both",    "but",     "by",         "can",       "could",
      "did",      "do",       "does",       "doing",   "down",    "during",  "each",       "either",    "even",
      "ever",     "every",    "few",        "for",     "from",    "further", "had",        "has",       "have",
      "having",   "he",       "her",        "here",    "hers",    "herself", "him",        "himself",   "his",
      "how",      "i",        "if",         "in",      "into",    "is",      "it",         "its",       "itself",
      "just",     "may",      "me",         "might",   "more",    "most",    "much",       "must",      "my",
      "myself",   "neither",  "no",         "nor",     "not",     "now",     "of",         "off",       "on",
      "once",     "one",      "only",       "or",      "other",   "our",     "ours",       "ourselves", "out",
      "over",     "own",      "same",       "shall",   "she",     "should",  "so",         "some",      "such",
      "than",     "that",     "the",        "their",   "theirs",  "them",    "themselves", "then",      "there",
      "these",    "they",     "this",       "those",   "though",  "through", "thus",       "to",        "too",
      "under",    "until",    "up",         "upon",    "us",      "very",    "was",        "we",        "were",
      "what",     "when",     "where",      "whether", "which",   "while",   "who",        "whom",      "whose",
      "why",      "will",     "with",       "within",  "without", "would",   "yet",        "you",       "your",
      "yours",    "yourself", "yourselves", "said",    "says",    "like",    "well",       "still",     "many",
      "made",     "make",     "new",        "two",     "first",   "last",    "also",       "however",   "therefore",
      "although", "since",    "among",      "around",  "across",  "along",   "behind",     "beyond",    "near",
      "toward",   "towards",  "onto",       "per",     "via",     "let",     "get",        "got",       "go",
      "went",     "see",      "saw",        "know",    "knew",    "think",   "come",       "came",      "take",
      "took",     "way",      "time",       "there's", "it's",    "don't",   "i'm",        "can't",     "won't",
      "didn't",   "isn't",    "wasn't",     "that's",  "he's",    "she's",   "they're",    "we're",     "you're",
      "i've",     "i'll",     "i'd"};
  return kWords.count(w) > 0;
}

std::vector<Span> classify_spans(std::string_view text) {
  return Scanner(text).run();
}

}  // namespace lmz::analysis
