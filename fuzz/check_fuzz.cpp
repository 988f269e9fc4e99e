// Arbitrary bytes as sources and an answer (split at the first zero byte):
// the check must give every span a verdict inside the answer, point only at
// passages that exist, and render all three reports.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ground/check.h"
#include "ground/check_reports.h"
#include "ground/source_store.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t cut = input.find('\0');
  const std::string sources = cut == std::string::npos ? input : input.substr(0, cut);
  const std::string answer = cut == std::string::npos ? input : input.substr(cut + 1);
  std::vector<lmz::ground::SourcePassage> passages;
  for (lmz::ground::Passage& p : lmz::ground::split_passages(sources, size > 0 && data[0] == '<')) {
    passages.push_back({"fuzz", p.begin, p.end, std::move(p.text)});
  }
  lmz::ground::CheckOptions options;
  options.level = 1;
  const lmz::ground::CheckResult r = lmz::ground::check_answer(answer, passages, options);
  uint64_t at = 0;
  for (const lmz::ground::SpanVerdict& v : r.spans) {
    if (v.span.begin != at || v.span.end > answer.size() || v.cp_end < v.cp_begin) std::abort();
    if (v.passage >= static_cast<int>(r.passages.size())) std::abort();
    at = v.span.end;
  }
  if (at != answer.size()) std::abort();
  (void)lmz::ground::check_json(r);
  (void)lmz::ground::check_html(r);
  (void)lmz::ground::check_terminal(r, true);
  return 0;
}
