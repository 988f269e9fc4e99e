#include "analysis/map_reports.h"

#include <utf8proc.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace lmz::analysis {
namespace {

using nlohmann::json;

std::string slice(const BitMap& map, uint64_t begin, uint64_t end) {
  return std::string(map.text.substr(begin, end - begin));
}

// Printable form of a span for tables: newlines and tabs made visible, cut at 40 bytes.
std::string shown(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else
      out += c;
  }
  if (out.size() > 40) out = out.substr(0, 37) + "...";
  return out;
}

template <class... Args>
std::string format(const char* f, Args... args) {
  char buf[256];
  std::snprintf(buf, sizeof buf, f, args...);
  return buf;
}

double bits_per_byte(double bits, uint64_t bytes) {
  return bytes ? bits / static_cast<double>(bytes) : 0.0;
}

// Colour scale over bits per byte: 0 (cheap, green) to 8 and more (expensive, red).
const int kScale[] = {22, 28, 34, 100, 142, 178, 172, 166, 160, 124};
int colour_of(double bpb) {
  const int n = static_cast<int>(std::size(kScale));
  const int i = static_cast<int>(bpb / 8.0 * (n - 1) + 0.5);
  return kScale[std::clamp(i, 0, n - 1)];
}
const char* kHtmlScale[] = {"#1a7f37", "#2da44e", "#4ac26b", "#8fd18b", "#d4e157",
                            "#f0c000", "#f29b00", "#ee6a00", "#e03a1e", "#b31d28"};
const char* html_colour_of(double bpb) {
  const int n = static_cast<int>(std::size(kHtmlScale));
  const int i = static_cast<int>(bpb / 8.0 * (n - 1) + 0.5);
  return kHtmlScale[std::clamp(i, 0, n - 1)];
}

}  // namespace

std::string utf8_or_replacement(const std::string& s) {
  std::string out;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  for (size_t pos = 0; pos < s.size();) {
    utf8proc_int32_t c = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(bytes + pos, static_cast<utf8proc_ssize_t>(s.size() - pos), &c);
    if (n <= 0) {
      out += "\xef\xbf\xbd";
      ++pos;
    } else {
      out.append(s, pos, static_cast<size_t>(n));
      pos += static_cast<size_t>(n);
    }
  }
  return out;
}

std::string terminal_text(const std::string& s) {
  const std::string& valid = s;
  std::string out;
  out.reserve(valid.size());
  for (size_t i = 0; i < valid.size(); ++i) {
    const auto c = static_cast<uint8_t>(valid[i]);
    if (c == '\n' || c == '\t') {
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += '^';
      out += static_cast<char>(c + 0x40);
    } else if (c == 0x7f) {
      out += "^?";
    } else if (c == 0xc2 && i + 1 < valid.size() && static_cast<uint8_t>(valid[i + 1]) < 0xa0) {
      char code[16];
      std::snprintf(code, sizeof code, "<U+%04X>", static_cast<unsigned>(static_cast<uint8_t>(valid[i + 1])));
      out += code;
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string class_table(const BitMap& map) {
  const double total_bytes = static_cast<double>(map.text.size());
  const bool mixed = map.mixed();
  std::string out = std::string("class        share of text  share of bits  bits/byte") + (mixed ? "  alone b/B" : "") +
                    "  spans  most expensive\n";
  for (const ClassTotals& c : map.classes) {
    if (c.spans == 0) continue;
    char line[160];
    std::snprintf(line, sizeof line, "%-12s %12.1f%% %13.1f%% %10.3f ", span_class_name(c.cls),
                  100.0 * static_cast<double>(c.bytes) / total_bytes,
                  map.total_bits > 0 ? 100.0 * c.bits / map.total_bits : 0.0, bits_per_byte(c.bits, c.bytes));
    out += line;
    if (mixed) out += format("%10.3f ", bits_per_byte(c.model_bits, c.bytes));
    std::snprintf(line, sizeof line, "%6llu  ", static_cast<unsigned long long>(c.spans));
    out += line;
    std::string examples;
    for (size_t k = 0; k < c.most_expensive.size() && k < 3; ++k) {
      const ScoredSpan& s = map.spans[c.most_expensive[k]];
      if (k > 0) examples += ", ";
      examples += "\"" + terminal_text(shown(slice(map, s.span.begin, s.span.end))) + "\" " + format("%.1f", s.bits);
    }
    out += examples + "\n";
  }
  out += format("total        %12.1f%% %13.1f%% %10.3f ", 100.0, 100.0, bits_per_byte(map.total_bits, map.text.size()));
  if (mixed) out += format("%10.3f ", bits_per_byte(map.model_total_bits, map.text.size()));
  out += format("%6zu  (%llu bytes, %.1f bits, %s)\n", map.spans.size(),
                static_cast<unsigned long long>(map.text.size()), map.total_bits, map.scoring.model.c_str());
  if (!map.scoring.model_details.empty())
    out += "model: " + map.scoring.model + " (" + map.scoring.model_details + ")\n";
  if (mixed) {
    out += format("mixed with the built-in model (level %d): %.1f bits; the model alone: %.1f bits (%+.2f%%)\n",
                  map.scoring.mix_level, map.total_bits, map.model_total_bits,
                  map.total_bits > 0 ? 100.0 * (map.model_total_bits - map.total_bits) / map.total_bits : 0.0);
  }
  return out;
}

namespace {

// JSON string with the text's bytes: control characters escaped, bytes that
// are not UTF-8 replaced by U+FFFD.
void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  for (size_t pos = 0; pos < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[pos]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\r':
          out += "\\r";
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
          } else {
            out += static_cast<char>(c);
          }
      }
      ++pos;
      continue;
    }
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(bytes + pos, static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
    if (n <= 0) {
      out += "\xef\xbf\xbd";
      ++pos;
    } else {
      out.append(s.data() + pos, static_cast<size_t>(n));
      pos += static_cast<size_t>(n);
    }
  }
  out += '"';
}

// As printf's %.10g writes it, without its locale and format parsing (a
// sixth of a map's time in lmz serve went to printf).
void append_number(std::string& out, double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 10);
  out.append(buf, ec == std::errc() ? end : buf);
}

void append_field(std::string& out, const char* name, uint64_t v) {
  out += ",\"";
  out += name;
  out += "\":";
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

}  // namespace

std::string map_json(const BitMap& map) {
  // Tokens and spans are written directly: a DOM of every byte of a large
  // text would cost more than the scoring.
  std::string out;
  // About a hundred bytes a token and a span: one allocation, not twenty.
  out.reserve(128 * (map.scoring.tokens.size() + map.spans.size()) + 4096);
  out += "{\"model\":";
  append_json_string(out, map.scoring.model);
  if (!map.scoring.model_details.empty()) {
    out += ",\"model_details\":";
    append_json_string(out, map.scoring.model_details);
  }
  out += ",\"unit\":";
  append_json_string(out, map.scoring.unit);
  append_field(out, "bytes", map.text.size());
  append_field(out, "code_points", map.code_points.back());
  out += ",\"total_bits\":";
  append_number(out, map.total_bits);
  out += ",\"bits_per_byte\":";
  append_number(out, bits_per_byte(map.total_bits, map.text.size()));
  out += ",\"entropy_is_lower_bound\":";
  out += map.scoring.entropy_is_lower_bound ? "true" : "false";
  out += ",\"mixed\":";
  out += map.mixed() ? "true" : "false";
  if (map.mixed()) {
    append_field(out, "mix_level", static_cast<uint64_t>(map.scoring.mix_level));
    out += ",\"model_total_bits\":";
    append_number(out, map.model_total_bits);
  }
  out += ",\n\"tokens\":[";
  for (size_t i = 0; i < map.scoring.tokens.size(); ++i) {
    const TokenScore& t = map.scoring.tokens[i];
    out += i ? ",\n{\"text\":" : "\n{\"text\":";
    append_json_string(out, map.text.substr(t.begin, t.end - t.begin));
    append_field(out, "begin", t.begin);
    append_field(out, "end", t.end);
    append_field(out, "cp_begin", map.code_points[t.begin]);
    append_field(out, "cp_end", map.code_points[t.end]);
    out += ",\"bits\":";
    append_number(out, t.bits);
    if (map.mixed()) {
      out += ",\"model_bits\":";
      append_number(out, t.model_bits);
    }
    if (t.has_distribution) {
      out += ",\"entropy\":";
      append_number(out, t.entropy_bits);
      append_field(out, "rank", t.rank);
      out += ",\"top\":[";
      for (size_t k = 0; k < t.top.size(); ++k) {
        out += k ? ",{\"text\":" : "{\"text\":";
        append_json_string(out, t.top[k].text);
        out += ",\"p\":";
        append_number(out, t.top[k].probability);
        out += "}";
      }
      out += "]";
    }
    out += "}";
  }
  out += "],\n\"spans\":[";
  for (size_t i = 0; i < map.spans.size(); ++i) {
    const ScoredSpan& s = map.spans[i];
    out += i ? ",\n{\"text\":" : "\n{\"text\":";
    append_json_string(out, map.text.substr(s.span.begin, s.span.end - s.span.begin));
    out += ",\"class\":\"";
    out += span_class_name(s.span.cls);
    out += "\"";
    append_field(out, "begin", s.span.begin);
    append_field(out, "end", s.span.end);
    append_field(out, "cp_begin", map.code_points[s.span.begin]);
    append_field(out, "cp_end", map.code_points[s.span.end]);
    out += ",\"bits\":";
    append_number(out, s.bits);
    out += ",\"bits_per_byte\":";
    append_number(out, bits_per_byte(s.bits, s.span.end - s.span.begin));
    out += "}";
  }
  json classes = json::array();
  for (const ClassTotals& c : map.classes) {
    json top = json::array();
    for (size_t i : c.most_expensive) {
      const ScoredSpan& s = map.spans[i];
      top.push_back({{"text", slice(map, s.span.begin, s.span.end)},
                     {"begin", s.span.begin},
                     {"end", s.span.end},
                     {"bits", s.bits}});
    }
    json entry = {{"class", span_class_name(c.cls)},
                  {"bytes", c.bytes},
                  {"spans", c.spans},
                  {"bits", c.bits},
                  {"share_of_text", map.text.empty() ? 0.0 : static_cast<double>(c.bytes) / map.text.size()},
                  {"share_of_bits", map.total_bits > 0 ? c.bits / map.total_bits : 0.0},
                  {"bits_per_byte", bits_per_byte(c.bits, c.bytes)},
                  {"most_expensive", top}};
    if (map.mixed()) entry["model_bits"] = c.model_bits;
    classes.push_back(entry);
  }
  out += "],\n\"classes\":";
  out += classes.dump(-1, ' ', false, json::error_handler_t::replace);
  out += "}\n";
  return out;
}

std::string map_terminal(const BitMap& map, bool color) {
  std::string out;
  // The most expensive tenth of the tokens get marked when there is no colour.
  double mark_above = 0.0;
  if (!color && !map.scoring.tokens.empty()) {
    std::vector<double> bpb;
    for (const TokenScore& t : map.scoring.tokens) bpb.push_back(bits_per_byte(t.bits, t.end - t.begin));
    std::sort(bpb.begin(), bpb.end());
    mark_above = bpb[bpb.size() * 9 / 10];
  }
  uint64_t at = 0;
  for (const TokenScore& t : map.scoring.tokens) {
    if (t.begin > at) out += terminal_text(slice(map, at, t.begin));
    const double bpb = bits_per_byte(t.bits, t.end - t.begin);
    std::string piece = terminal_text(slice(map, t.begin, t.end));
    if (color) {
      // Colour each line of the token separately, so no colour runs past a line end.
      size_t start = 0;
      for (size_t nl = piece.find('\n');; nl = piece.find('\n', start)) {
        const std::string part = piece.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        if (!part.empty()) out += "\033[48;5;" + std::to_string(colour_of(bpb)) + "m\033[38;5;231m" + part + "\033[0m";
        if (nl == std::string::npos) break;
        out += "\n";
        start = nl + 1;
      }
    } else if (bpb > mark_above && bpb > 1.0 && piece.find_first_not_of(" \n\t") != std::string::npos) {
      out += "[" + piece + "]";
    } else {
      out += piece;
    }
    at = t.end;
  }
  if (at < map.text.size()) out += terminal_text(slice(map, at, map.text.size()));
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += "\n";
  if (color) {
    out += "bits per byte: ";
    for (int v = 0; v <= 8; v += 2) {
      out += "\033[48;5;" + std::to_string(colour_of(v)) + "m\033[38;5;231m " + std::to_string(v) +
             (v == 8 ? "+" : "") + " \033[0m";
    }
    out += "\n\n";
  } else {
    out += "[marked]: the most expensive tenth of the " + map.scoring.unit + "s\n\n";
  }
  out += class_table(map);
  return out;
}

std::string map_html(const BitMap& map) {
  std::string body;
  uint64_t at = 0;
  for (const TokenScore& t : map.scoring.tokens) {
    if (t.begin > at) body += html_escape(slice(map, at, t.begin));
    const double bpb = bits_per_byte(t.bits, t.end - t.begin);
    std::string tip = format("%.2f bits", t.bits) + format(" (%.2f bits/byte)", bpb);
    if (map.mixed()) tip += format("\nthe model alone %.2f bits", t.model_bits);
    if (t.has_distribution) {
      tip += format("\nentropy %.2f bits", t.entropy_bits) + "\nrank " + std::to_string(t.rank);
      for (const Alternative& a : t.top)
        tip += "\n" + format("%5.1f%%  ", 100.0 * a.probability) + "\u00ab" + a.text + "\u00bb";
    }
    body += "<span class=\"t\" style=\"background:" + std::string(html_colour_of(bpb)) + "\" data-tip=\"" +
            html_escape(utf8_or_replacement(tip)) + "\">" +
            html_escape(utf8_or_replacement(slice(map, t.begin, t.end))) + "</span>";
    at = t.end;
  }
  if (at < map.text.size()) body += html_escape(slice(map, at, map.text.size()));

  std::string legend;
  for (int v = 0; v <= 8; v += 2) {
    legend += "<span class=\"key\" style=\"background:" + std::string(html_colour_of(v)) + "\">" + std::to_string(v) +
              (v == 8 ? "+" : "") + "</span>";
  }
  const bool mixed = map.mixed();
  std::string table =
      std::string("<table><tr><th>class</th><th>share of text</th><th>share of bits</th><th>bits/byte</th>") +
      (mixed ? "<th>the model alone, bits/byte</th>" : "") + "<th>spans</th><th>most expensive</th></tr>";
  for (const ClassTotals& c : map.classes) {
    if (c.spans == 0) continue;
    std::string examples;
    for (size_t i : c.most_expensive) {
      const ScoredSpan& s = map.spans[i];
      examples += "<code>" + html_escape(utf8_or_replacement(shown(slice(map, s.span.begin, s.span.end)))) +
                  "</code> " + format("%.1f", s.bits) + " ";
    }
    table += "<tr><td>" + std::string(span_class_name(c.cls)) + "</td><td>" +
             format("%.1f%%", map.text.empty() ? 0.0 : 100.0 * static_cast<double>(c.bytes) / map.text.size()) +
             "</td><td>" + format("%.1f%%", map.total_bits > 0 ? 100.0 * c.bits / map.total_bits : 0.0) + "</td><td>" +
             format("%.3f", bits_per_byte(c.bits, c.bytes)) + "</td><td>" +
             (mixed ? format("%.3f", bits_per_byte(c.model_bits, c.bytes)) + "</td><td>" : "") +
             std::to_string(c.spans) + "</td><td>" + examples + "</td></tr>";
  }
  table += "<tr><th>total</th><th>100%</th><th>100%</th><th>" +
           format("%.3f", bits_per_byte(map.total_bits, map.text.size())) + "</th><th>" +
           (mixed ? format("%.3f", bits_per_byte(map.model_total_bits, map.text.size())) + "</th><th>" : "") +
           std::to_string(map.spans.size()) + "</th><th>" + format("%.1f bits", map.total_bits) + "</th></tr></table>";

  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>lmz map</title><style>\n"
         "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#111}\n"
         "pre{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:15px;line-height:1.7}\n"
         ".t{position:relative;color:#fff;border-radius:2px;padding:1px 0}\n"
         ".t:hover{outline:2px solid #000}\n"
         ".t:hover::after{content:attr(data-tip);white-space:pre;position:absolute;left:0;top:1.8em;z-index:9;"
         "background:#222;color:#eee;padding:.5em .7em;border-radius:4px;font-size:13px;min-width:12em}\n"
         ".key{color:#fff;padding:2px 8px;margin-right:2px;font-family:monospace}\n"
         "table{border-collapse:collapse;margin-top:1.5em}td,th{border:1px solid #ccc;padding:4px "
         "8px;text-align:left}\n"
         "</style></head><body>\n<h1>Where the bits go</h1>\n<p>Model: " +
         html_escape(map.scoring.model) +
         (map.scoring.model_details.empty() ? "" : " (" + html_escape(map.scoring.model_details) + ")") +
         (mixed ? format(", mixed with the built-in model (level %d); the model alone: %.1f bits",
                         map.scoring.mix_level, map.model_total_bits)
                : std::string()) +
         " &middot; " + std::to_string(map.text.size()) + " bytes &middot; " + format("%.1f bits", map.total_bits) +
         " &middot; " + format("%.3f bits per byte", bits_per_byte(map.total_bits, map.text.size())) +
         (map.scoring.entropy_is_lower_bound ? " &middot; entropies are lower bounds (from the top alternatives)"
                                             : "") +
         "</p>\n<p>Bits per byte: " + legend + " &middot; hover a " + map.scoring.unit + " for details</p>\n<pre>" +
         body + "</pre>\n" + table + "\n</body></html>\n";
}

}  // namespace lmz::analysis
