#include "core/utf8.h"

namespace lmz {

size_t valid_utf8_length(std::string_view text, size_t i) {
  const auto c = static_cast<uint8_t>(text[i]);
  if (c < 0x80) return 1;
  const size_t n = (c >= 0xc2 && c <= 0xdf) ? 2 : (c >= 0xe0 && c <= 0xef) ? 3 : (c >= 0xf0 && c <= 0xf4) ? 4 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<uint8_t>(text[i + k]) & 0xc0) != 0x80) return 0;
  }
  const uint32_t cp = utf8_code_point(text, i, n);
  if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff))) {
    return 0;
  }
  return n;
}

uint32_t utf8_code_point(std::string_view text, size_t i, size_t length) {
  uint32_t cp = static_cast<uint8_t>(text[i]);
  if (length == 1) return cp;
  cp &= 0xffu >> (length + 1);
  for (size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<uint8_t>(text[i + k]) & 0x3f);
  return cp;
}

}  // namespace lmz
