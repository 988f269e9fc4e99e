#include "api/artifacts_report.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>

#include "analysis/map_reports.h"

namespace lmz::api {
namespace {

using analysis::SpanClass;
using nlohmann::json;
using RunRefs = std::vector<std::reference_wrapper<const Run>>;

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string class_table(const Run& run) {
  std::string out = "class        tokens  altered  share altered  bits spent\n";
  for (int c = 0; c < analysis::kSpanClassCount; ++c) {
    const ClassCounts& k = run.by_class[c];
    if (k.tokens == 0) continue;
    char line[128];
    std::snprintf(line, sizeof line, "%-12s %6llu %8llu %13.1f%% %11.1f\n",
                  analysis::span_class_name(static_cast<SpanClass>(c)), static_cast<unsigned long long>(k.tokens),
                  static_cast<unsigned long long>(k.altered),
                  100.0 * static_cast<double>(k.altered) / static_cast<double>(k.tokens), k.bits);
    out += line;
  }
  return out;
}

// The original with altered tokens marked, and the reconstruction with their replacements marked.
std::pair<std::string, std::string> marked(const std::string& text, const Run& run, const std::string& open_a,
                                           const std::string& close_a, const std::string& open_b,
                                           const std::string& close_b, bool html) {
  std::string a, b;
  const std::string recon(run.trial.reconstruction.begin(), run.trial.reconstruction.end());
  auto esc = [&](std::string_view s) {
    return html ? analysis::html_escape(s) : analysis::terminal_text(std::string(s));
  };
  for (const codec::LossyToken& t : run.trial.tokens) {
    const std::string_view orig = std::string_view(text).substr(t.begin, t.end - t.begin);
    const std::string_view repl = std::string_view(recon).substr(t.out_begin, t.out_end - t.out_begin);
    if (t.altered) {
      a += open_a + esc(orig) + close_a;
      b += open_b + esc(repl) + close_b;
    } else {
      a += esc(orig);
      b += esc(repl);
    }
  }
  return {a, b};
}

std::string summary(const std::string& text, const Run& run, const std::string& model) {
  char line[256];
  std::snprintf(line, sizeof line,
                "%s, quality %d: %.3f bits/byte (payload %llu bytes), %llu of %zu tokens altered (%.1f%%)\n",
                model.c_str(), run.quality, bits_per_byte(run, text.size()),
                static_cast<unsigned long long>(run.trial.payload_bytes), static_cast<unsigned long long>(run.altered),
                run.trial.tokens.size(),
                run.trial.tokens.empty() ? 0.0 : 100.0 * static_cast<double>(run.altered) / run.trial.tokens.size());
  return line;
}

std::string svg_of(const RunRefs& runs, size_t bytes) {
  // x: bits per byte; y: share of tokens altered, for all tokens, facts (numbers, dates, names) and common words.
  const double w = 640, h = 400, left = 60, bottom = 50, top_margin = 30, right = 20;
  double max_x = 0.1;
  for (const Run& r : runs) max_x = std::max(max_x, bits_per_byte(r, bytes));
  auto x = [&](double v) { return left + v / max_x * (w - left - right); };
  auto y = [&](double v) { return h - bottom - v * (h - bottom - top_margin); };
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"400\" font-family=\"sans-serif\" "
      "font-size=\"12\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg += "<line x1=\"" + fmt("%.1f", left) + "\" y1=\"" + fmt("%.1f", y(0)) + "\" x2=\"" + fmt("%.1f", w - right) +
         "\" y2=\"" + fmt("%.1f", y(0)) + "\" stroke=\"black\"/>\n";
  svg += "<line x1=\"" + fmt("%.1f", left) + "\" y1=\"" + fmt("%.1f", y(0)) + "\" x2=\"" + fmt("%.1f", left) +
         "\" y2=\"" + fmt("%.1f", y(1)) + "\" stroke=\"black\"/>\n";
  for (int i = 0; i <= 4; ++i) {
    const double v = i / 4.0;
    svg += "<text x=\"" + fmt("%.1f", left - 8) + "\" y=\"" + fmt("%.1f", y(v) + 4) + "\" text-anchor=\"end\">" +
           fmt("%.0f%%", v * 100) + "</text>\n";
    svg += "<text x=\"" + fmt("%.1f", x(max_x * v)) + "\" y=\"" + fmt("%.1f", h - bottom + 18) +
           "\" text-anchor=\"middle\">" + fmt("%.2f", max_x * v) + "</text>\n";
  }
  svg += "<text x=\"" + fmt("%.1f", (left + w - right) / 2) + "\" y=\"" + fmt("%.1f", h - 10) +
         "\" text-anchor=\"middle\">bits per byte</text>\n<text x=\"14\" y=\"" + fmt("%.1f", (h - bottom) / 2) +
         "\" transform=\"rotate(-90 14 " + fmt("%.1f", (h - bottom) / 2) +
         ")\" text-anchor=\"middle\">share of tokens altered</text>\n";
  struct Curve {
    const char* name;
    const char* color;
    std::initializer_list<SpanClass> classes;
  };
  const Curve curves[] = {
      {"all tokens",
       "#444",
       {SpanClass::kNumber, SpanClass::kDate, SpanClass::kName, SpanClass::kCode, SpanClass::kUrl,
        SpanClass::kCommonWord, SpanClass::kOtherWord, SpanClass::kPunctuation, SpanClass::kSpace}},
      {"numbers, dates, names", "#cf222e", {SpanClass::kNumber, SpanClass::kDate, SpanClass::kName}},
      {"common words", "#0969da", {SpanClass::kCommonWord}}};
  int row = 0;
  for (const Curve& c : curves) {
    std::string points;
    for (const Run& r : runs) points += fmt("%.1f,", x(bits_per_byte(r, bytes))) + fmt("%.1f ", y(r.share(c.classes)));
    svg += "<polyline fill=\"none\" stroke=\"" + std::string(c.color) + "\" stroke-width=\"2\" points=\"" + points +
           "\"/>\n";
    for (const Run& r : runs) {
      svg += "<circle cx=\"" + fmt("%.1f", x(bits_per_byte(r, bytes))) + "\" cy=\"" +
             fmt("%.1f", y(r.share(c.classes))) + "\" r=\"3\" fill=\"" + c.color + "\"><title>quality " +
             std::to_string(r.quality) + "</title></circle>\n";
    }
    svg += "<text x=\"" + fmt("%.1f", w - right - 170) + "\" y=\"" + fmt("%.1f", top_margin + 14.0 * row) +
           "\" fill=\"" + c.color + "\">&#9632; " + c.name + "</text>\n";
    ++row;
  }
  svg += "</svg>\n";
  return svg;
}

RunRefs runs_of(const std::vector<Artifacts>& sweep) {
  RunRefs runs;
  for (const Artifacts& a : sweep) runs.push_back(std::cref(a.detail->run));
  return runs;
}

const std::initializer_list<SpanClass> kFacts = {SpanClass::kNumber, SpanClass::kDate, SpanClass::kName};

}  // namespace

double Run::share(std::initializer_list<SpanClass> set) const {
  uint64_t tokens = 0, altered_tokens = 0;
  for (SpanClass c : set) {
    tokens += by_class[static_cast<int>(c)].tokens;
    altered_tokens += by_class[static_cast<int>(c)].altered;
  }
  return tokens ? static_cast<double>(altered_tokens) / static_cast<double>(tokens) : 0.0;
}

Result<Run> run_quality(const std::string& text, const std::vector<analysis::Span>& spans, codec::CompressOptions c,
                        int quality) {
  c.quality = quality;
  Result<codec::LossyTrial> trial =
      codec::lossy_trial(ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()), c);
  if (!trial.ok()) return trial.status();
  Run run;
  run.quality = quality;
  run.trial = std::move(*trial);
  size_t s = 0;
  for (const codec::LossyToken& t : run.trial.tokens) {
    uint64_t at = t.begin;
    while (at < t.end && (text[at] == ' ' || text[at] == '\n' || text[at] == '\t')) ++at;
    if (at == t.end) at = t.begin;
    while (s + 1 < spans.size() && spans[s].end <= at) ++s;
    const SpanClass cls = spans.empty() ? SpanClass::kSpace : spans[s].cls;
    run.classes.push_back(cls);
    ClassCounts& counts = run.by_class[static_cast<int>(cls)];
    ++counts.tokens;
    counts.altered += t.altered ? 1 : 0;
    counts.bits += t.bits;
    run.altered += t.altered ? 1 : 0;
  }
  return run;
}

double bits_per_byte(const Run& run, size_t bytes) {
  return bytes ? 8.0 * static_cast<double>(run.trial.payload_bytes) / static_cast<double>(bytes) : 0.0;
}

std::string report_json(const std::string& text, const Run& run, const std::string& model) {
  const std::string recon(run.trial.reconstruction.begin(), run.trial.reconstruction.end());
  json artifacts = json::array();
  for (size_t i = 0; i < run.trial.tokens.size(); ++i) {
    const codec::LossyToken& t = run.trial.tokens[i];
    if (!t.altered) continue;
    artifacts.push_back({{"begin", t.begin},
                         {"end", t.end},
                         {"original", text.substr(t.begin, t.end - t.begin)},
                         {"out_begin", t.out_begin},
                         {"out_end", t.out_end},
                         {"replacement", recon.substr(t.out_begin, t.out_end - t.out_begin)},
                         {"class", analysis::span_class_name(run.classes[i])},
                         {"bits", t.bits}});
  }
  json classes = json::array();
  for (int c = 0; c < analysis::kSpanClassCount; ++c) {
    const ClassCounts& k = run.by_class[c];
    classes.push_back(
        {{"class", analysis::span_class_name(static_cast<SpanClass>(c))},
         {"tokens", k.tokens},
         {"altered", k.altered},
         {"share_altered", k.tokens ? static_cast<double>(k.altered) / static_cast<double>(k.tokens) : 0.0},
         {"bits", k.bits}});
  }
  json out = {
      {"model", model},
      {"quality", run.quality},
      {"lambda_bits", codec::lambda_for_quality(run.quality)},
      {"bytes", text.size()},
      {"payload_bytes", run.trial.payload_bytes},
      {"bits_per_byte", bits_per_byte(run, text.size())},
      {"tokens", run.trial.tokens.size()},
      {"altered", run.altered},
      {"share_altered", run.trial.tokens.empty() ? 0.0 : static_cast<double>(run.altered) / run.trial.tokens.size()},
      {"reconstruction", recon},
      {"artifacts", artifacts},
      {"classes", classes}};
  return out.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string report_terminal(const std::string& text, const Run& run, const std::string& model, bool color) {
  const auto [a, b] = color ? marked(text, run, "\033[41;97m", "\033[0m", "\033[42;97m", "\033[0m", false)
                            : marked(text, run, "{", "}", "[", "]", false);
  std::string out = "original" + std::string(color ? " (altered tokens in red)" : " ({altered tokens})") + ":\n" + a;
  if (!a.empty() && a.back() != '\n') out += '\n';
  out += "\nreconstruction" + std::string(color ? " (the model's guesses in green)" : " ([the model's guesses])") +
         ":\n" + b;
  if (!b.empty() && b.back() != '\n') out += '\n';
  out += "\n" + summary(text, run, model) + "\n" + class_table(run);
  return out;
}

std::string report_html(const std::string& text, const Run& run, const std::string& model) {
  const auto [a, b] = marked(text, run, "<del>", "</del>", "<ins>", "</ins>", true);
  std::string table =
      "<table><tr><th>class</th><th>tokens</th><th>altered</th><th>share altered</th><th>bits spent</th></tr>";
  for (int c = 0; c < analysis::kSpanClassCount; ++c) {
    const ClassCounts& k = run.by_class[c];
    if (k.tokens == 0) continue;
    table += "<tr><td>" + std::string(analysis::span_class_name(static_cast<SpanClass>(c))) + "</td><td>" +
             std::to_string(k.tokens) + "</td><td>" + std::to_string(k.altered) + "</td><td>" +
             fmt("%.1f%%", 100.0 * static_cast<double>(k.altered) / static_cast<double>(k.tokens)) + "</td><td>" +
             fmt("%.1f", k.bits) + "</td></tr>";
  }
  table += "</table>";
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>lmz artifacts</title><style>\n"
         "body{font-family:system-ui,sans-serif;margin:2em}\n.cols{display:grid;grid-template-columns:1fr "
         "1fr;gap:2em}\n"
         "pre{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:14px;line-height:1.6}\n"
         "del{background:#ffd7d5;text-decoration:none;border-bottom:2px solid #cf222e}\n"
         "ins{background:#d1f5d3;text-decoration:none;border-bottom:2px solid #1a7f37}\n"
         "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}\n</style></head><body>\n"
         "<h1>Artifacts</h1><p>" +
         analysis::html_escape(summary(text, run, model)) + "</p><div class=\"cols\"><div><h2>Original</h2><pre>" + a +
         "</pre></div><div><h2>Reconstruction</h2><pre>" + b + "</pre></div></div>\n" + table + "\n</body></html>\n";
}

std::string sweep_json(const std::vector<Artifacts>& sweep) {
  json rows = json::array();
  const size_t bytes = sweep.empty() ? 0 : sweep[0].bytes;
  for (const Run& r : runs_of(sweep)) {
    rows.push_back(
        {{"quality", r.quality},
         {"lambda_bits", codec::lambda_for_quality(r.quality)},
         {"bits_per_byte", bits_per_byte(r, bytes)},
         {"payload_bytes", r.trial.payload_bytes},
         {"share_altered", r.trial.tokens.empty() ? 0.0 : static_cast<double>(r.altered) / r.trial.tokens.size()},
         {"share_facts_altered", r.share(kFacts)},
         {"share_common_words_altered", r.share({SpanClass::kCommonWord})}});
  }
  const std::string model = sweep.empty() ? "" : sweep[0].model;
  return json({{"model", model}, {"bytes", bytes}, {"sweep", rows}}).dump(1) + "\n";
}

std::string sweep_table(const std::vector<Artifacts>& sweep) {
  const size_t bytes = sweep.empty() ? 0 : sweep[0].bytes;
  std::string table = (sweep.empty() ? "" : sweep[0].model) + ", " + std::to_string(bytes) +
                      " bytes\nquality  bits/byte  altered  numbers/dates/names altered  common words altered\n";
  for (const Run& r : runs_of(sweep)) {
    char line[160];
    std::snprintf(line, sizeof line, "%7d %10.3f %7.1f%% %27.1f%% %21.1f%%\n", r.quality, bits_per_byte(r, bytes),
                  r.trial.tokens.empty() ? 0.0 : 100.0 * static_cast<double>(r.altered) / r.trial.tokens.size(),
                  100.0 * r.share(kFacts), 100.0 * r.share({SpanClass::kCommonWord}));
    table += line;
  }
  return table;
}

std::string sweep_svg(const std::vector<Artifacts>& sweep) {
  return svg_of(runs_of(sweep), sweep.empty() ? 0 : sweep[0].bytes);
}

}  // namespace lmz::api
