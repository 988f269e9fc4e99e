// The lossy coding of one text at one quality, each token with its class,
// and the reports of `lmz artifacts` (one quality, or a sweep of them).
#pragma once

#include <array>
#include <initializer_list>
#include <string>
#include <vector>

#include "analysis/span_classes.h"
#include "codec/stream_codec.h"
#include "lmz/lmz.h"

namespace lmz::api {

struct ClassCounts {
  uint64_t tokens = 0;
  uint64_t altered = 0;
  double bits = 0.0;
};

// A lossy coding with each token's class (the class of the span where its
// first non-space byte lies).
struct Run {
  int quality = 100;
  codec::LossyTrial trial;
  std::vector<analysis::SpanClass> classes;  // per token
  std::array<ClassCounts, analysis::kSpanClassCount> by_class{};
  uint64_t altered = 0;
  double share(std::initializer_list<analysis::SpanClass> set) const;
};

Result<Run> run_quality(const std::string& text, const std::vector<analysis::Span>& spans, codec::CompressOptions c,
                        int quality);
double bits_per_byte(const Run& run, size_t bytes);

std::string report_json(const std::string& text, const Run& run, const std::string& model);
std::string report_terminal(const std::string& text, const Run& run, const std::string& model, bool color);
std::string report_html(const std::string& text, const Run& run, const std::string& model);

// A sweep over qualities: its JSON, its table, and the curve of the share of
// tokens altered against bits per byte, by class, as SVG.
std::string sweep_json(const std::vector<Artifacts>& runs);
std::string sweep_table(const std::vector<Artifacts>& runs);
std::string sweep_svg(const std::vector<Artifacts>& runs);

}  // namespace lmz::api

namespace lmz {
struct ArtifactsDetail {
  std::string text;
  api::Run run;
};
}  // namespace lmz
