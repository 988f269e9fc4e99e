#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "analysis/map_reports.h"

namespace lmz::analysis {
namespace {

using nlohmann::json;

double bpb(double bits, uint64_t bytes) {
  return bytes ? bits / static_cast<double>(bytes) : 0.0;
}

// Span indices by how many bits `from` pays beyond `to`, largest first; word-like spans only.
std::vector<size_t> largest_savings(const BitMap& from, const BitMap& to, size_t k) {
  std::vector<size_t> idx;
  for (size_t i = 0; i < from.spans.size(); ++i) {
    const SpanClass c = from.spans[i].span.cls;
    if (c != SpanClass::kSpace && c != SpanClass::kPunctuation && from.spans[i].bits > to.spans[i].bits)
      idx.push_back(i);
  }
  const size_t n = std::min(k, idx.size());
  std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(n), idx.end(), [&](size_t x, size_t y) {
    return from.spans[x].bits - to.spans[x].bits > from.spans[y].bits - to.spans[y].bits;
  });
  idx.resize(n);
  return idx;
}

std::string text_of(const BitMap& m, size_t i) {
  return std::string(m.text.substr(m.spans[i].span.begin, m.spans[i].span.end - m.spans[i].span.begin));
}

}  // namespace

std::string compare_json(const BitMap& a, const BitMap& b) {
  json out;
  out["bytes"] = a.text.size();
  out["a"] = {
      {"model", a.scoring.model}, {"total_bits", a.total_bits}, {"bits_per_byte", bpb(a.total_bits, a.text.size())}};
  out["b"] = {
      {"model", b.scoring.model}, {"total_bits", b.total_bits}, {"bits_per_byte", bpb(b.total_bits, b.text.size())}};
  json classes = json::array();
  for (int c = 0; c < kSpanClassCount; ++c) {
    const ClassTotals& ca = a.classes[c];
    const ClassTotals& cb = b.classes[c];
    classes.push_back({{"class", span_class_name(ca.cls)},
                       {"bytes", ca.bytes},
                       {"bits_a", ca.bits},
                       {"bits_b", cb.bits},
                       {"bits_per_byte_a", bpb(ca.bits, ca.bytes)},
                       {"bits_per_byte_b", bpb(cb.bits, cb.bytes)}});
  }
  out["classes"] = classes;
  json spans = json::array();
  for (size_t i = 0; i < a.spans.size(); ++i) {
    const Span& s = a.spans[i].span;
    spans.push_back({{"text", text_of(a, i)},
                     {"class", span_class_name(s.cls)},
                     {"begin", s.begin},
                     {"end", s.end},
                     {"cp_begin", a.code_points[s.begin]},
                     {"cp_end", a.code_points[s.end]},
                     {"bits_a", a.spans[i].bits},
                     {"bits_b", b.spans[i].bits}});
  }
  out["spans"] = spans;
  auto list = [&](const BitMap& from, const BitMap& to) {
    json l = json::array();
    for (size_t i : largest_savings(from, to, 20)) {
      l.push_back({{"text", text_of(a, i)},
                   {"class", span_class_name(a.spans[i].span.cls)},
                   {"begin", a.spans[i].span.begin},
                   {"end", a.spans[i].span.end},
                   {"bits_a", a.spans[i].bits},
                   {"bits_b", b.spans[i].bits}});
    }
    return l;
  };
  out["b_knows"] = list(a, b);
  out["a_knows"] = list(b, a);
  return out.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string compare_terminal(const BitMap& a, const BitMap& b) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "A: %s  %.1f bits, %.3f bits/byte\nB: %s  %.1f bits, %.3f bits/byte\n\n",
                a.scoring.model.c_str(), a.total_bits, bpb(a.total_bits, a.text.size()), b.scoring.model.c_str(),
                b.total_bits, bpb(b.total_bits, b.text.size()));
  out += line;
  out += "class        bytes    bits/byte A  bits/byte B   B saves (bits)\n";
  for (int c = 0; c < kSpanClassCount; ++c) {
    const ClassTotals& ca = a.classes[c];
    const ClassTotals& cb = b.classes[c];
    if (ca.spans == 0) continue;
    std::snprintf(line, sizeof line, "%-12s %-8llu %11.3f %12.3f %16.1f\n", span_class_name(ca.cls),
                  static_cast<unsigned long long>(ca.bytes), bpb(ca.bits, ca.bytes), bpb(cb.bits, cb.bytes),
                  ca.bits - cb.bits);
    out += line;
  }
  auto list = [&](const char* title, const BitMap& from, const BitMap& to) {
    out += std::string("\n") + title + "\n";
    for (size_t i : largest_savings(from, to, 10)) {
      std::string text = text_of(a, i);
      for (char& ch : text) ch = ch == '\n' ? ' ' : ch;
      if (text.size() > 40) text = text.substr(0, 37) + "...";
      text = terminal_text(text);
      std::snprintf(line, sizeof line, "  %-42s %-12s A %7.1f  B %7.1f bits\n", ("\"" + text + "\"").c_str(),
                    span_class_name(a.spans[i].span.cls), a.spans[i].bits, b.spans[i].bits);
      out += line;
    }
  };
  list("Spans B codes far cheaper than A (what B knows):", a, b);
  list("Spans A codes far cheaper than B (what A knows):", b, a);
  return out;
}

std::string compare_html(const BitMap& a, const BitMap& b) {
  auto fmt = [](const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return std::string(buf);
  };
  std::string rows;
  for (int c = 0; c < kSpanClassCount; ++c) {
    const ClassTotals& ca = a.classes[c];
    const ClassTotals& cb = b.classes[c];
    if (ca.spans == 0) continue;
    rows += "<tr><td>" + std::string(span_class_name(ca.cls)) + "</td><td>" + std::to_string(ca.bytes) + "</td><td>" +
            fmt("%.3f", bpb(ca.bits, ca.bytes)) + "</td><td>" + fmt("%.3f", bpb(cb.bits, cb.bytes)) + "</td><td>" +
            fmt("%.1f", ca.bits - cb.bits) + "</td></tr>";
  }
  auto list = [&](const char* title, const BitMap& from, const BitMap& to) {
    std::string out =
        std::string("<h2>") + title + "</h2><table><tr><th>span</th><th>class</th><th>bits A</th><th>bits B</th></tr>";
    for (size_t i : largest_savings(from, to, 10)) {
      out += "<tr><td><code>" + html_escape(utf8_or_replacement(text_of(a, i))) + "</code></td><td>" +
             span_class_name(a.spans[i].span.cls) + "</td><td>" + fmt("%.1f", a.spans[i].bits) + "</td><td>" +
             fmt("%.1f", b.spans[i].bits) + "</td></tr>";
    }
    return out + "</table>";
  };
  auto model_line = [&](const char* name, const BitMap& m) {
    return std::string("<li>") + name + ": " + html_escape(utf8_or_replacement(m.scoring.model)) + ", " +
           fmt("%.1f bits", m.total_bits) + ", " + fmt("%.3f bits per byte", bpb(m.total_bits, m.text.size())) +
           "</li>";
  };
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>lmz map --compare</title><style>\n"
         "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#111}\n"
         "table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}\n"
         "</style></head><body>\n<h1>The same text under two models</h1>\n<ul>" +
         model_line("A", a) + model_line("B", b) + "</ul>\n<p>" + std::to_string(a.text.size()) +
         " bytes</p>\n<table><tr><th>class</th><th>bytes</th><th>bits/byte A</th><th>bits/byte B</th><th>B saves "
         "(bits)</th></tr>" +
         rows + "</table>\n" + list("Spans B codes far cheaper than A (what B knows)", a, b) + "\n" +
         list("Spans A codes far cheaper than B (what A knows)", b, a) + "\n</body></html>\n";
}

}  // namespace lmz::analysis
