#include "ground/check_reports.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "analysis/map_reports.h"

namespace lmz::ground {
namespace {

using nlohmann::json;

std::string format(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string span_text(const CheckResult& r, const SpanVerdict& v) {
  return analysis::utf8_or_replacement(r.answer.substr(v.span.begin, v.span.end - v.span.begin));
}

bool flagged(const SpanVerdict& v) {
  return v.verdict == Verdict::kUnsupported || v.verdict == Verdict::kContradicted;
}

// What the reports list: the flagged spans and the unresolved pronouns.
bool listed(const SpanVerdict& v) {
  return flagged(v) || v.verdict == Verdict::kUnresolved;
}

// The listed spans and the claims, in order (a claim holds no flagged span).
std::vector<const SpanVerdict*> listed_in_order(const CheckResult& r) {
  std::vector<const SpanVerdict*> marks;
  for (const SpanVerdict& v : r.spans) {
    if (listed(v)) marks.push_back(&v);
  }
  for (const SpanVerdict& c : r.claims) marks.push_back(&c);
  std::stable_sort(marks.begin(), marks.end(),
                   [](const SpanVerdict* a, const SpanVerdict* b) { return a->span.begin < b->span.begin; });
  return marks;
}

// One line of a passage, cut to `limit` bytes at a character boundary.
std::string excerpt(const std::string& text, size_t limit) {
  std::string s = text.substr(0, limit);
  while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xc0) == 0x80) s.pop_back();
  if (!s.empty() && static_cast<unsigned char>(s.back()) >= 0xc0) s.pop_back();
  for (char& c : s) c = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return analysis::utf8_or_replacement(s) + (text.size() > limit ? "..." : "");
}

std::string where(const SourcePassage& p) {
  return p.path + ":" + std::to_string(p.begin) + "-" + std::to_string(p.end);
}

std::string totals_line(const CheckResult& r) {
  char line[256];
  std::snprintf(line, sizeof line,
                "%llu supported, %llu unsupported, %llu contradicted%s; %.1f bits without sources, %.1f with "
                "(%.1f saved); unsupported %.3f bits per byte (%s)\n",
                static_cast<unsigned long long>(r.supported), static_cast<unsigned long long>(r.unsupported),
                static_cast<unsigned long long>(r.contradicted),
                (std::string(r.claims.empty() ? ""
                                              : ", " + std::to_string(r.claims.size()) + " unsupported claim" +
                                                    (r.claims.size() == 1 ? "" : "s")) +
                 (r.unresolved == 0 ? "" : ", " + std::to_string(r.unresolved) + " unresolved"))
                    .c_str(),
                r.bits_without, r.bits_with, r.bits_without - r.bits_with, r.unsupported_bits_per_byte(),
                r.model.c_str());
  return line;
}

}  // namespace

const char* fact_name(FactKind kind) {
  switch (kind) {
    case FactKind::kNumber:
      return "number";
    case FactKind::kDate:
      return "date";
    case FactKind::kName:
      return "name";
    case FactKind::kReference:
      return "reference";
    case FactKind::kClaim:
      return "claim";
    default:
      return "";
  }
}

std::string check_json(const CheckResult& r) {
  json spans = json::array();
  for (const SpanVerdict& v : r.spans) {
    if (v.verdict == Verdict::kNone) continue;
    json s = {{"begin", v.span.begin},
              {"end", v.span.end},
              {"cp_begin", v.cp_begin},
              {"cp_end", v.cp_end},
              {"text", span_text(r, v)},
              {"class", analysis::span_class_name(v.span.cls)},
              {"verdict", verdict_name(v.verdict)},
              {"bits_without", v.bits_without},
              {"bits_with", v.bits_with},
              {"support_bits", v.bits_without - v.bits_with}};
    if (v.fact != FactKind::kNone) {
      s["fact"] = fact_name(v.fact);
      s["value"] = v.value;
    }
    if (v.passage >= 0) {
      const SourcePassage& p = r.passages[static_cast<size_t>(v.passage)];
      s["source"] = {{"path", p.path}, {"begin", p.begin}, {"end", p.end}, {"excerpt", excerpt(p.text, 300)}};
    }
    if (v.verdict == Verdict::kContradicted) s["source_value"] = analysis::utf8_or_replacement(v.source_value);
    if (!v.relation.empty()) {
      s["relation"] = {
          {"text", analysis::utf8_or_replacement(v.relation)}, {"begin", v.relation_begin}, {"end", v.relation_end}};
    }
    spans.push_back(std::move(s));
  }
  json claims = json::array();
  for (const SpanVerdict& v : r.claims) {
    json c = {{"begin", v.span.begin},
              {"end", v.span.end},
              {"cp_begin", v.cp_begin},
              {"cp_end", v.cp_end},
              {"text", span_text(r, v)},
              {"verdict", verdict_name(v.verdict)},
              {"bits_without", v.bits_without},
              {"bits_with", v.bits_with},
              {"support_bits", v.bits_without - v.bits_with},
              {"content_words", v.content_words},
              {"novel_words", v.novel_words}};
    if (v.passage >= 0) {
      const SourcePassage& p = r.passages[static_cast<size_t>(v.passage)];
      c["source"] = {{"path", p.path}, {"begin", p.begin}, {"end", p.end}, {"excerpt", excerpt(p.text, 300)}};
    }
    claims.push_back(std::move(c));
  }
  const json out = {{"model", r.model},
                    {"answer_bytes", r.answer.size()},
                    {"passages", r.passages.size()},
                    {"bits_without", r.bits_without},
                    {"bits_with", r.bits_with},
                    {"support_bits", r.bits_without - r.bits_with},
                    {"unsupported_bits", r.unsupported_bits},
                    {"unsupported_bits_per_byte", r.unsupported_bits_per_byte()},
                    {"counts",
                     {{"supported", r.supported},
                      {"unsupported", r.unsupported},
                      {"contradicted", r.contradicted},
                      {"novel", r.novel},
                      {"unresolved", r.unresolved},
                      {"claims", r.claims.size()}}},
                    {"word_pairs", {{"all", r.word_pairs.all}, {"together", r.word_pairs.together}}},
                    {"spans", std::move(spans)},
                    {"claims", std::move(claims)}};
  return out.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string check_terminal(const CheckResult& r, bool color) {
  const std::vector<const SpanVerdict*> marks = listed_in_order(r);
  std::string out;
  uint64_t at = 0;
  for (const SpanVerdict* m : marks) {
    const SpanVerdict& v = *m;
    if (v.span.begin < at) continue;
    out += analysis::terminal_text(r.answer.substr(at, v.span.begin - at));
    const bool red = v.verdict == Verdict::kContradicted;
    const bool weak = v.verdict == Verdict::kUnresolved;
    const bool claim = v.fact == FactKind::kClaim;
    if (color) {
      out += red ? "\x1b[1;4;31m" : weak ? "\x1b[2;4;33m" : claim ? "\x1b[3;4;33m" : "\x1b[4;33m";
      out += analysis::terminal_text(span_text(r, v)) + "\x1b[0m";
    } else {
      out += red ? "[!" : weak ? "[~" : claim ? "{?" : "[?";
      out += analysis::terminal_text(span_text(r, v)) + (red ? "!]" : weak ? "~]" : claim ? "?}" : "?]");
    }
    at = v.span.end;
  }
  out += analysis::terminal_text(r.answer.substr(at));
  if (out.empty() || out.back() != '\n') out += '\n';
  out += "\n";
  for (const SpanVerdict* m : marks) {
    const SpanVerdict& v = *m;
    const bool claim = v.fact == FactKind::kClaim;
    char line[256];
    std::snprintf(line, sizeof line, "%-12s %5llu-%-5llu %-11s %6.1f bits without sources, %6.1f with  ",
                  verdict_name(v.verdict), static_cast<unsigned long long>(v.cp_begin),
                  static_cast<unsigned long long>(v.cp_end), claim ? "claim" : analysis::span_class_name(v.span.cls),
                  v.bits_without, v.bits_with);
    out += line;
    out += "\"" + analysis::terminal_text(span_text(r, v)) + "\"";
    if (claim) {
      out += "  (" + std::to_string(v.novel_words) + " of its " + std::to_string(v.content_words) +
             " content words in no source)";
    }
    if (!v.relation.empty()) out += "  (beside \"" + analysis::terminal_text(v.relation) + "\")";
    if (v.verdict == Verdict::kContradicted && !v.source_value.empty()) {
      out += "  (source: \"" + analysis::terminal_text(v.source_value) + "\")";
    }
    out += "\n";
    if (v.passage >= 0) {
      const SourcePassage& p = r.passages[static_cast<size_t>(v.passage)];
      out += "             nearest: " + analysis::terminal_text(where(p)) + "  " +
             analysis::terminal_text(excerpt(p.text, 160)) + "\n";
    }
  }
  out += totals_line(r);
  return out;
}

std::string check_html(const CheckResult& r) {
  std::string body;
  uint64_t at = 0;
  size_t next_claim = 0;
  const SpanVerdict* open_claim = nullptr;
  for (const SpanVerdict& v : r.spans) {
    if (v.verdict == Verdict::kNone) continue;
    // A claim wraps the spans it covers.
    if (open_claim != nullptr && v.span.begin >= open_claim->span.end) {
      body += analysis::html_escape(analysis::utf8_or_replacement(r.answer.substr(at, open_claim->span.end - at)));
      body += "</span>";
      at = open_claim->span.end;
      open_claim = nullptr;
    }
    if (open_claim == nullptr && next_claim < r.claims.size() && r.claims[next_claim].span.begin <= v.span.begin) {
      const SpanVerdict& c = r.claims[next_claim++];
      const uint64_t start = std::max(at, c.span.begin);
      body += analysis::html_escape(analysis::utf8_or_replacement(r.answer.substr(at, start - at)));
      at = start;
      const std::string tip = "unsupported claim: " + std::to_string(c.novel_words) + " of its " +
                              std::to_string(c.content_words) + " content words in no source" +
                              format("\n%.1f bits without sources", c.bits_without) +
                              format("\n%.1f bits with sources", c.bits_with);
      body += "<span class=\"claim\" data-tip=\"" + analysis::html_escape(tip) + "\">";
      open_claim = &c;
    }
    body += analysis::html_escape(analysis::utf8_or_replacement(r.answer.substr(at, v.span.begin - at)));
    std::string tip = std::string(verdict_name(v.verdict)) + " " + analysis::span_class_name(v.span.cls) +
                      format("\n%.1f bits without sources", v.bits_without) +
                      format("\n%.1f bits with sources", v.bits_with);
    if (!v.value.empty()) tip += "\nvalue: " + v.value;
    if (!v.relation.empty()) tip += "\nbeside: " + v.relation;
    if (!v.source_value.empty()) tip += "\nsource says: " + v.source_value;
    if (v.passage >= 0) {
      const SourcePassage& p = r.passages[static_cast<size_t>(v.passage)];
      tip += "\n" + where(p) + "\n" + excerpt(p.text, 200);
    }
    body += "<span class=\"" + std::string(verdict_name(v.verdict)) + "\" data-tip=\"" +
            analysis::html_escape(analysis::utf8_or_replacement(tip)) + "\">" + analysis::html_escape(span_text(r, v)) +
            "</span>";
    at = v.span.end;
  }
  if (open_claim != nullptr) {
    body += analysis::html_escape(analysis::utf8_or_replacement(r.answer.substr(at, open_claim->span.end - at)));
    body += "</span>";
    at = open_claim->span.end;
  }
  body += analysis::html_escape(analysis::utf8_or_replacement(r.answer.substr(at)));
  const std::vector<const SpanVerdict*> marks = listed_in_order(r);
  std::string rows;
  for (const SpanVerdict* m : marks) {
    const SpanVerdict& v = *m;
    const bool claim = v.fact == FactKind::kClaim;
    std::string says = v.source_value;
    if (!v.relation.empty()) says = "beside \"" + v.relation + "\"" + (says.empty() ? "" : ": " + says);
    rows += "<tr><td class=\"" + std::string(claim ? "claim" : verdict_name(v.verdict)) + "\">" +
            verdict_name(v.verdict) + (claim ? " claim" : "") + "</td><td>" + std::to_string(v.cp_begin) + "-" +
            std::to_string(v.cp_end) + "</td><td>" + (claim ? "claim" : analysis::span_class_name(v.span.cls)) +
            "</td><td>" + analysis::html_escape(span_text(r, v)) + "</td><td>" + format("%.1f", v.bits_without) +
            "</td><td>" + format("%.1f", v.bits_with) + "</td><td>" +
            analysis::html_escape(analysis::utf8_or_replacement(says)) + "</td><td>" +
            (v.passage >= 0 ? analysis::html_escape(where(r.passages[static_cast<size_t>(v.passage)])) : "") +
            "</td></tr>";
  }
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>lmz check</title><style>\n"
         "body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#111}\n"
         "pre{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:15px;line-height:1.8}\n"
         "pre span{position:relative}\n"
         ".supported{background:#dafbe1}.unsupported{background:#fff3b0;text-decoration:underline wavy #b08800}\n"
         ".contradicted{background:#ffd6d6;text-decoration:underline wavy #c00}\n"
         ".unresolved{text-decoration:underline dotted #b08800}\n"
         ".claim{background:#fff3b0;border-bottom:2px dashed #b08800}\n"
         "pre span:hover{outline:2px solid #000}\n"
         "pre "
         "span:hover::after{content:attr(data-tip);white-space:pre-wrap;position:absolute;left:0;top:1.8em;z-index:9;"
         "background:#222;color:#eee;padding:.5em .7em;border-radius:4px;font-size:13px;width:32em}\n"
         "table{border-collapse:collapse;margin-top:1.5em}td,th{border:1px solid #ccc;padding:4px "
         "8px;text-align:left}\n"
         "</style></head><body>\n<h1>What the sources explain</h1>\n<p>" +
         analysis::html_escape(totals_line(r)) +
         "</p>\n<p><span class=\"supported\">supported</span> <span class=\"unsupported\">unsupported</span> "
         "<span class=\"contradicted\">contradicted</span> <span class=\"unresolved\">unresolved</span> "
         "<span class=\"claim\">unsupported claim</span> "
         "&middot; hover a span for details</p>\n<pre>" +
         body +
         "</pre>\n<table><tr><th>verdict</th><th>characters</th><th>class</th><th>text</th><th>bits without</th>"
         "<th>bits with</th><th>source says</th><th>nearest passage</th></tr>" +
         rows + "</table>\n</body></html>\n";
}

}  // namespace lmz::ground
