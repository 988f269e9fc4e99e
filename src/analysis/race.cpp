#include "analysis/race.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <future>
#include <nlohmann/json.hpp>

#include "analysis/bit_map.h"
#include "analysis/map_reports.h"
#include "analysis/scoring.h"
#include "core/thread_pool.h"
#include "llm/token_predictor.h"

namespace lmz::analysis {
namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// A string in a printf field: "%-18s", "%9s".
std::string pad(const char* f, const std::string& text) {
  char buf[256];
  std::snprintf(buf, sizeof buf, f, text.c_str());
  return buf;
}

double per_byte(double bits, uint64_t bytes) {
  return bytes == 0 ? 0.0 : bits / static_cast<double>(bytes);
}

// "529K", "1.7M", "5.9M", "1.2B".
std::string short_count(uint64_t n) {
  const double v = static_cast<double>(n);
  if (v >= 1e9) return fmt(v >= 1e10 ? "%.0fB" : "%.1fB", v / 1e9);
  if (v >= 1e6) return fmt(v >= 1e7 ? "%.0fM" : "%.1fM", v / 1e6);
  if (v >= 1e3) return fmt("%.0fK", v / 1e3);
  return std::to_string(n);
}

// The colours of the classes, told apart without relying on hue alone by
// the markers' shapes in the plots (Okabe-Ito, darkened where pale).
constexpr const char* kClassColours[kSpanClassCount] = {"#E69F00", "#56B4E9", "#009E73", "#8B6D00", "#0072B2",
                                                        "#D55E00", "#CC79A7", "#555555", "#000000"};

// One token model's chunk jobs share a predictor per worker.
class PredictorSlots {
 public:
  PredictorSlots(const llm::LlamaModel& model, uint32_t n_ctx, int n) : model_(model), n_ctx_(n_ctx), slots_(n) {}
  llm::TokenPredictor& get(int worker) {
    if (!slots_[worker]) slots_[worker] = std::make_unique<llm::TokenPredictor>(model_, n_ctx_, 1);
    return *slots_[worker];
  }

 private:
  const llm::LlamaModel& model_;
  uint32_t n_ctx_;
  std::vector<std::unique_ptr<llm::TokenPredictor>> slots_;
};

}  // namespace

std::vector<RaceResult> run_race(const std::vector<RaceFile>& files, const std::vector<RaceEntrant>& entrants,
                                 const RaceOptions& options) {
  std::vector<RaceResult> results;
  const int threads = std::max(1, options.threads);
  for (const RaceEntrant& e : entrants) {
    RaceResult r;
    r.name = e.name;
    r.parameters = e.llm ? e.llm->parameter_count() : 0;
    const uint32_t n_ctx = e.llm ? (e.n_ctx != 0 ? e.n_ctx : e.llm->config().context_length) : 0;
    const uint64_t chunk = e.llm ? options.llm_chunk_bytes : options.cm_chunk_bytes;
    ThreadPool pool(threads);
    std::unique_ptr<PredictorSlots> predictors;
    if (e.llm) predictors = std::make_unique<PredictorSlots>(*e.llm, n_ctx, threads);
    // Every chunk of every file is a job; a file's jobs are collected in order.
    std::vector<std::vector<std::future<Scoring>>> jobs(files.size());
    for (size_t f = 0; f < files.size(); ++f) {
      const ByteSpan text(reinterpret_cast<const uint8_t*>(files[f].text.data()), files[f].text.size());
      for (uint64_t start = 0; start < text.size(); start += chunk) {
        const ByteSpan part = text.subspan(start, std::min<uint64_t>(chunk, text.size() - start));
        jobs[f].push_back(pool.submit([&e, &predictors, part, start](int worker) {
          Scoring s;
          if (e.llm) {
            score_llm_chunk(predictors->get(worker), part, start, false, 0, s);
          } else {
            score_cm_chunk(e.cm, part, start, s);
          }
          return s;
        }));
      }
    }
    for (size_t f = 0; f < files.size(); ++f) {
      if (options.progress) options.progress(e.name, files[f].name);
      Scoring scoring;
      for (std::future<Scoring>& job : jobs[f]) {
        Scoring part = job.get();
        scoring.tokens.insert(scoring.tokens.end(), std::make_move_iterator(part.tokens.begin()),
                              std::make_move_iterator(part.tokens.end()));
      }
      const BitMap map = build_bit_map(files[f].text, std::move(scoring));
      r.file_bits.push_back(map.total_bits);
      r.total_bits += map.total_bits;
      r.bytes += files[f].text.size();
      for (int c = 0; c < kSpanClassCount; ++c) {
        r.classes[c].bytes += map.classes[c].bytes;
        r.classes[c].bits += map.classes[c].bits;
      }
    }
    results.push_back(std::move(r));
  }
  std::stable_sort(results.begin(), results.end(), [](const RaceResult& a, const RaceResult& b) {
    return a.parameters < b.parameters || (a.parameters == b.parameters && a.name < b.name);
  });
  return results;
}

namespace {

// Share (0..1) of the bits `prev` -> `cur` saved that class c accounts for;
// NaN where nothing was saved in all.
double saved_share(const RaceResult& prev, const RaceResult& cur, int c) {
  const double saved = prev.total_bits - cur.total_bits;
  if (saved == 0.0) return std::nan("");
  return (prev.classes[c].bits - cur.classes[c].bits) / saved;
}

uint64_t total_bytes(const std::vector<RaceFile>& files) {
  uint64_t n = 0;
  for (const RaceFile& f : files) n += f.text.size();
  return n;
}

}  // namespace

std::string race_terminal(const std::vector<RaceFile>& files, const std::vector<RaceResult>& results) {
  std::string out = "files:";
  for (const RaceFile& f : files) out += " " + terminal_text(f.name);
  out += " (" + std::to_string(total_bytes(files)) + " bytes)\n\nbits per byte, overall and by class:\n";
  std::string head = pad("%-18s", "model") + pad("%11s", "parameters") + pad("%9s", "all");
  for (int c = 0; c < kSpanClassCount; ++c) {
    std::string name = span_class_name(static_cast<SpanClass>(c));
    if (name.size() > 8) name = name.substr(0, 8);
    char col[16];
    std::snprintf(col, sizeof col, "%9s", name.c_str());
    head += col;
  }
  out += head + "\n";
  for (const RaceResult& r : results) {
    std::string line = pad("%-18s", terminal_text(r.name));
    line += pad("%11s", r.parameters == 0 ? "-" : short_count(r.parameters));
    line += fmt("%9.3f", per_byte(r.total_bits, r.bytes));
    for (int c = 0; c < kSpanClassCount; ++c) line += fmt("%9.3f", per_byte(r.classes[c].bits, r.classes[c].bytes));
    out += line + "\n";
  }
  out += "\nshare of each model's bits, by class (%):\n" + head.substr(0, 29) + head.substr(38) + "\n";
  for (const RaceResult& r : results) {
    std::string line = pad("%-18s", terminal_text(r.name));
    line += pad("%11s", r.parameters == 0 ? "-" : short_count(r.parameters));
    for (int c = 0; c < kSpanClassCount; ++c)
      line += fmt("%9.1f", 100.0 * per_byte(r.classes[c].bits, 1) / r.total_bits);
    out += line + "\n";
  }
  if (results.size() > 1) {
    out += "\nwhat each model saves over the one before it, and the share of that saving by class (%):\n";
    for (size_t i = 1; i < results.size(); ++i) {
      const RaceResult& prev = results[i - 1];
      const RaceResult& cur = results[i];
      out += terminal_text(cur.name) + " over " + terminal_text(prev.name) + ": " +
             fmt("%.0f bits", prev.total_bits - cur.total_bits) +
             fmt(" (%.1f%%)\n ", 100.0 * (prev.total_bits - cur.total_bits) / prev.total_bits);
      for (int c = 0; c < kSpanClassCount; ++c) {
        const double share = saved_share(prev, cur, c);
        out += std::string(" ") + span_class_name(static_cast<SpanClass>(c)) + " " +
               (std::isnan(share) ? std::string("-") : fmt("%.1f", 100.0 * share));
      }
      out += "\n";
    }
  }
  return out;
}

std::string race_json(const std::vector<RaceFile>& files, const std::vector<RaceResult>& results) {
  using nlohmann::json;
  json out;
  out["files"] = json::array();
  for (const RaceFile& f : files) out["files"].push_back({{"name", f.name}, {"bytes", f.text.size()}});
  out["models"] = json::array();
  for (size_t i = 0; i < results.size(); ++i) {
    const RaceResult& r = results[i];
    json classes = json::array();
    for (int c = 0; c < kSpanClassCount; ++c) {
      json entry = {{"class", span_class_name(static_cast<SpanClass>(c))},
                    {"bytes", r.classes[c].bytes},
                    {"bits", r.classes[c].bits},
                    {"bits_per_byte", per_byte(r.classes[c].bits, r.classes[c].bytes)},
                    {"share_of_bits", r.total_bits > 0 ? r.classes[c].bits / r.total_bits : 0.0}};
      const double share = i > 0 ? saved_share(results[i - 1], r, c) : std::nan("");
      entry["share_of_saving"] = std::isnan(share) ? json(nullptr) : json(share);
      classes.push_back(entry);
    }
    out["models"].push_back({{"name", r.name},
                             {"parameters", r.parameters},
                             {"total_bits", r.total_bits},
                             {"bits_per_byte", per_byte(r.total_bits, r.bytes)},
                             {"file_bits", r.file_bits},
                             {"classes", classes}});
  }
  return out.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

namespace {

// A plot of one value per class against the parameter count of the GGUF
// models (log scale); the built-in model, which has no parameters, stands
// in a band of its own at the left.
std::string class_plot(const std::vector<RaceResult>& results, const std::string& title, const std::string& y_label,
                       const std::function<double(const RaceResult&, int)>& value, bool percent) {
  const double width = 800, height = 500, left = 78, right = 180, top = 56, bottom = 84;
  const double band = 56;  // the built-in model's band, left of the log axis
  const double x0 = left + band + 24, x1 = width - right, y0 = height - bottom, y1 = top;
  std::vector<const RaceResult*> sized;
  const RaceResult* builtin = nullptr;
  for (const RaceResult& r : results) {
    if (r.parameters == 0)
      builtin = &r;
    else
      sized.push_back(&r);
  }
  double lo = 0, hi = 1;
  if (!sized.empty()) {
    lo = std::floor(std::log10(static_cast<double>(sized.front()->parameters)) - 0.15);
    hi = std::ceil(std::log10(static_cast<double>(sized.back()->parameters)) + 0.15);
    if (hi - lo < 1) hi = lo + 1;
  }
  double max_y = 0;
  for (const RaceResult& r : results) {
    for (int c = 0; c < kSpanClassCount; ++c) max_y = std::max(max_y, value(r, c));
  }
  max_y = max_y <= 0 ? 1 : max_y * 1.1;
  // A round step for the y axis: 1, 2 or 5 times a power of ten, 4-8 ticks.
  const double raw = max_y / 6;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
  max_y = std::ceil(max_y / step) * step;
  auto x_of = [&](uint64_t params) {
    return x0 + (std::log10(static_cast<double>(params)) - lo) / (hi - lo) * (x1 - x0);
  };
  auto y_of = [&](double v) { return y0 - v / max_y * (y0 - y1); };
  const double builtin_x = left + band / 2;

  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"500\" viewBox=\"0 0 800 500\" "
      "font-family=\"sans-serif\" font-size=\"13\" role=\"img\" aria-label=\"" +
      html_escape(title) + "\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg += "<text x=\"400\" y=\"26\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\">" + html_escape(title) +
         "</text>\n";
  // Grid and y axis.
  for (double v = 0; v <= max_y + step / 2; v += step) {
    const double y = y_of(v);
    svg += "<line x1=\"" + fmt("%.1f", left) + "\" x2=\"" + fmt("%.1f", x1) + "\" y1=\"" + fmt("%.1f", y) + "\" y2=\"" +
           fmt("%.1f", y) + "\" stroke=\"#e3e3e3\"/>\n";
    svg += "<text x=\"" + fmt("%.1f", left - 8) + "\" y=\"" + fmt("%.1f", y + 4) + "\" text-anchor=\"end\">" +
           fmt(percent ? "%.0f%%" : (step < 0.1 ? "%.2f" : "%.1f"), percent ? 100 * v : v) + "</text>\n";
  }
  svg += "<line x1=\"" + fmt("%.1f", left) + "\" x2=\"" + fmt("%.1f", left) + "\" y1=\"" + fmt("%.1f", y1) +
         "\" y2=\"" + fmt("%.1f", y0) + "\" stroke=\"#333\"/>\n";
  svg += "<text transform=\"translate(20 " + fmt("%.1f", (y0 + y1) / 2) + ") rotate(-90)\" text-anchor=\"middle\">" +
         html_escape(y_label) + "</text>\n";
  // x axis: powers of ten, the band of the built-in model, model names.
  svg += "<line x1=\"" + fmt("%.1f", x0) + "\" x2=\"" + fmt("%.1f", x1) + "\" y1=\"" + fmt("%.1f", y0) + "\" y2=\"" +
         fmt("%.1f", y0) + "\" stroke=\"#333\"/>\n";
  for (double k = lo; k <= hi + 1e-9 && !sized.empty(); k += 1) {
    const double x = x0 + (k - lo) / (hi - lo) * (x1 - x0);
    svg += "<line x1=\"" + fmt("%.1f", x) + "\" x2=\"" + fmt("%.1f", x) + "\" y1=\"" + fmt("%.1f", y0) + "\" y2=\"" +
           fmt("%.1f", y0 + 5) + "\" stroke=\"#333\"/>\n";
    static const char* const kPowers[] = {"1",   "10",   "100", "1K",  "10K",  "100K", "1M",
                                          "10M", "100M", "1B",  "10B", "100B", "1T"};
    const int power = static_cast<int>(std::lround(k));
    const std::string label = power >= 0 && power <= 12 ? kPowers[power] : fmt("1e%.0f", k);
    svg += "<text x=\"" + fmt("%.1f", x) + "\" y=\"" + fmt("%.1f", y0 + 20) + "\" text-anchor=\"middle\">" + label +
           "</text>\n";
  }
  if (builtin != nullptr) {
    svg += "<rect x=\"" + fmt("%.1f", left + 4) + "\" y=\"" + fmt("%.1f", y1) + "\" width=\"" + fmt("%.1f", band - 12) +
           "\" height=\"" + fmt("%.1f", y0 - y1) + "\" fill=\"#f4f4f4\"/>\n";
    svg += "<text x=\"" + fmt("%.1f", builtin_x) + "\" y=\"" + fmt("%.1f", y0 + 20) +
           "\" text-anchor=\"middle\">cm</text>\n";
  }
  svg += "<text x=\"" + fmt("%.1f", (x0 + x1) / 2) + "\" y=\"" + fmt("%.1f", y0 + 44) +
         "\" text-anchor=\"middle\">model parameters (log scale); cm: the built-in model, no parameters</text>\n";
  for (const RaceResult* r : sized) {
    const double x = x_of(r->parameters);
    svg += "<line x1=\"" + fmt("%.1f", x) + "\" x2=\"" + fmt("%.1f", x) + "\" y1=\"" + fmt("%.1f", y1) + "\" y2=\"" +
           fmt("%.1f", y0) + "\" stroke=\"#bbb\" stroke-dasharray=\"3 4\"/>\n";
    // The model's name along its line, read downwards, so that close sizes do not collide.
    svg += "<text transform=\"translate(" + fmt("%.1f", x + 4) + " " + fmt("%.1f", y1 + 4) +
           ") rotate(90)\" font-size=\"11\" fill=\"#444\">" + html_escape(r->name) + " (" + short_count(r->parameters) +
           ")</text>\n";
  }
  // One line per class, with markers; the built-in model's value as a
  // hollow marker in its band.
  for (int c = 0; c < kSpanClassCount; ++c) {
    const std::string colour = kClassColours[c];
    std::string points;
    for (const RaceResult* r : sized) points += fmt("%.1f,", x_of(r->parameters)) + fmt("%.1f ", y_of(value(*r, c)));
    if (sized.size() > 1) {
      svg += "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2.5\" points=\"" + points + "\"/>\n";
    }
    for (const RaceResult* r : sized) {
      svg += "<circle cx=\"" + fmt("%.1f", x_of(r->parameters)) + "\" cy=\"" + fmt("%.1f", y_of(value(*r, c))) +
             "\" r=\"4.5\" fill=\"" + colour + "\"><title>" + html_escape(r->name) + ", " +
             span_class_name(static_cast<SpanClass>(c)) + ": " +
             fmt(percent ? "%.1f%%" : "%.3f", percent ? 100 * value(*r, c) : value(*r, c)) + "</title></circle>\n";
    }
    if (builtin != nullptr) {
      svg += "<circle cx=\"" + fmt("%.1f", builtin_x) + "\" cy=\"" + fmt("%.1f", y_of(value(*builtin, c))) +
             "\" r=\"4.5\" fill=\"white\" stroke=\"" + colour + "\" stroke-width=\"2\"><title>cm, " +
             span_class_name(static_cast<SpanClass>(c)) + ": " +
             fmt(percent ? "%.1f%%" : "%.3f", percent ? 100 * value(*builtin, c) : value(*builtin, c)) +
             "</title></circle>\n";
    }
  }
  // Legend.
  for (int c = 0; c < kSpanClassCount; ++c) {
    const double y = y1 + 10 + 22 * c;
    svg += "<line x1=\"" + fmt("%.1f", x1 + 18) + "\" x2=\"" + fmt("%.1f", x1 + 44) + "\" y1=\"" + fmt("%.1f", y) +
           "\" y2=\"" + fmt("%.1f", y) + "\" stroke=\"" + kClassColours[c] + "\" stroke-width=\"3\"/>\n";
    svg += "<text x=\"" + fmt("%.1f", x1 + 52) + "\" y=\"" + fmt("%.1f", y + 4) + "\">" +
           span_class_name(static_cast<SpanClass>(c)) + "</text>\n";
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace

std::string race_svg_bits_per_byte(const std::vector<RaceResult>& results) {
  return class_plot(
      results, "Bits per byte of each class of text, by model size", "bits per byte",
      [](const RaceResult& r, int c) { return per_byte(r.classes[c].bits, r.classes[c].bytes); }, false);
}

std::string race_svg_shares(const std::vector<RaceResult>& results) {
  return class_plot(
      results, "Share of each model's bits taken by each class", "share of the model's bits",
      [](const RaceResult& r, int c) { return r.total_bits > 0 ? r.classes[c].bits / r.total_bits : 0.0; }, true);
}

std::string race_html(const std::vector<RaceFile>& files, const std::vector<RaceResult>& results) {
  std::string rows;
  for (size_t i = 0; i < results.size(); ++i) {
    const RaceResult& r = results[i];
    rows += "<tr><th scope=\"row\">" + html_escape(r.name) + "</th><td>" +
            (r.parameters == 0 ? std::string("&ndash;") : short_count(r.parameters)) + "</td><td>" +
            fmt("%.3f", per_byte(r.total_bits, r.bytes)) + "</td>";
    for (int c = 0; c < kSpanClassCount; ++c)
      rows += "<td>" + fmt("%.3f", per_byte(r.classes[c].bits, r.classes[c].bytes)) + "</td>";
    rows += "<td>" +
            (i == 0 ? std::string("&ndash;")
                    : fmt("%.1f%%", 100.0 * (results[i - 1].total_bits - r.total_bits) / results[i - 1].total_bits)) +
            "</td></tr>\n";
  }
  std::string head = "<tr><th scope=\"col\">model</th><th scope=\"col\">parameters</th><th scope=\"col\">all</th>";
  for (int c = 0; c < kSpanClassCount; ++c) {
    head += std::string("<th scope=\"col\">") + span_class_name(static_cast<SpanClass>(c)) + "</th>";
  }
  head += "<th scope=\"col\">saved over the previous</th></tr>\n";
  std::string names;
  for (const RaceFile& f : files) names += (names.empty() ? "" : ", ") + html_escape(utf8_or_replacement(f.name));
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>lmz race</title><style>\n"
         "body{font-family:system-ui,sans-serif;margin:2em;max-width:64em;color:#111}\n"
         "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}\n"
         "th[scope=row]{text-align:left}svg{max-width:100%;height:auto;display:block;margin:1.5em 0}\n"
         "</style></head><body>\n<h1>The bitrate race</h1>\n<p>Files: " +
         names + " (" + std::to_string(total_bytes(files)) +
         " bytes). Bits per byte, overall and by class of text; the built-in model (cm) has no parameters.</p>\n"
         "<table>\n" +
         head + rows + "</table>\n" + race_svg_bits_per_byte(results) + race_svg_shares(results) + "</body></html>\n";
}

}  // namespace lmz::analysis
