// The three forms of an `lmz map` report. Each ends with the per-class table:
// share of the text, share of the bits, bits per byte and the most expensive
// spans. docs/MAP.md documents the JSON schema.
#pragma once

#include <string>
#include <string_view>

#include "analysis/bit_map.h"

namespace lmz::analysis {

std::string map_json(const BitMap& map);
// Text coloured by bits per byte (ANSI 256 colours) with a legend; without
// colour, the most expensive tokens are marked [like this] instead.
std::string map_terminal(const BitMap& map, bool color);
// A self-contained page: hover a token for its bits, entropy, rank and alternatives.
std::string map_html(const BitMap& map);
// The per-class table as aligned text.
std::string class_table(const BitMap& map);

// Text made safe inside HTML elements and attribute values.
std::string html_escape(std::string_view text);
// Valid UTF-8 for output: bytes that are not become U+FFFD.
std::string utf8_or_replacement(const std::string& text);
// Text that cannot drive a terminal: control characters shown, not obeyed:
// ESC as ^[, BEL as ^G, DEL as ^?, a C1 control as <U+009B>. Newlines and
// tabs stay; other bytes are left as they are (a token may hold part of a
// character). An untrusted answer or input can neither retitle the terminal
// nor hide a report's marks.
std::string terminal_text(const std::string& text);

}  // namespace lmz::analysis

namespace lmz::analysis {

// The same text under two models (maps built over the same text), span by
// span: the classes' bits under each, and the spans one model codes far
// cheaper than the other (what the bigger model "knows").
std::string compare_json(const BitMap& a, const BitMap& b);
std::string compare_terminal(const BitMap& a, const BitMap& b);
std::string compare_html(const BitMap& a, const BitMap& b);

}  // namespace lmz::analysis
