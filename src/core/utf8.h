// UTF-8 at the byte level, for code that must take any bytes: where a
// character starts and ends, and whether a sequence is valid.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace lmz {

// Length of the character whose first byte is `lead`, as its lead byte says
// (1 for ASCII and for a stray continuation byte); for walking text already
// known to be UTF-8.
inline size_t utf8_char_length(uint8_t lead) {
  if (lead < 0xc0) return 1;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  return 4;
}

// Length of the valid UTF-8 sequence at text[i] (1 to 4), or 0 where none
// starts there: a stray or missing continuation byte, an overlong form, a
// surrogate, or a code point past U+10FFFF.
size_t valid_utf8_length(std::string_view text, size_t i);

// The code point of the valid sequence of `length` bytes at text[i].
uint32_t utf8_code_point(std::string_view text, size_t i, size_t length);

}  // namespace lmz
