// Arbitrary bytes as a text to classify and as an API response to map: the
// spans must cover the text exactly, and a response either maps or fails
// with an error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "analysis/bit_map.h"
#include "analysis/logprobs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  uint64_t at = 0;
  for (const lmz::analysis::Span& s : lmz::analysis::classify_spans(text)) {
    if (s.begin != at || s.end <= s.begin) std::abort();
    at = s.end;
  }
  if (at != size) std::abort();
  lmz::Result<lmz::analysis::LogprobAnswer> answer = lmz::analysis::parse_logprobs(text, "fuzz.json");
  if (answer.ok()) (void)lmz::analysis::build_bit_map(answer->text, answer->scoring);
  return 0;
}
