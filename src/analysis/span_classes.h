// Classes of text spans, the rows of every `lmz map` table: what kind of
// information a stretch of text carries.
//
//   number       digits with separators, signs, decimal marks, percentages,
//                currency, scales and units: 1,000  -3.5  18.4%  $1.2
//                12 percent  $1.2bn  40m  5kg
//   date         dates and times: 2024-05-01  5/1/24  12:30  3pm  March 5,
//                2024  5 March 1990  May 2001  Monday
//   name         capitalised words and phrases that are not merely
//                sentence-initial (Ada Lovelace, NASA; "Paris." at a sentence
//                start only when the text capitalises it elsewhere too)
//   code         fenced ``` blocks, `inline code`, identifiers with _ or
//                camelCase, dotted.names, calls(), and operators (== -> &&)
//   url          URLs (scheme:// or www.) and e-mail addresses
//   common_word  one of a fixed list of frequent English function words
//   other_word   any other word
//   punctuation  punctuation and symbols
//   space        white space
//
// Letters, digits and white space are told apart by their Unicode general
// category (utf8proc), so words in any script are words. Bytes that are not
// valid UTF-8 count as other_word.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lmz::analysis {

enum class SpanClass : uint8_t {
  kNumber,
  kDate,
  kName,
  kCode,
  kUrl,
  kCommonWord,
  kOtherWord,
  kPunctuation,
  kSpace,
};
inline constexpr int kSpanClassCount = 9;

const char* span_class_name(SpanClass c);

struct Span {
  uint64_t begin = 0;  // byte offsets into the text
  uint64_t end = 0;
  SpanClass cls = SpanClass::kOtherWord;
};

// Spans that cover `text` exactly, in order, each with its class.
std::vector<Span> classify_spans(std::string_view text);

bool is_common_word(std::string_view lowercase_word);

}  // namespace lmz::analysis
