// Arbitrary bytes as lines of WordNet's index and data files: each line is
// read as both; a line read must give what its fields say, and no line may
// crash the reader or make it read past the line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ground/word_senses.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t start = 0;
  while (start <= input.size()) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    // A copy of exactly the line, so that reading past it is caught.
    const std::string line(input.substr(start, end - start));
    std::string word;
    std::vector<uint64_t> offsets;
    if (lmz::ground::parse_index_line(line, word, offsets) && word.empty()) std::abort();
    lmz::ground::SenseLine sense;
    if (lmz::ground::parse_sense_line(line, sense) && sense.words.empty()) std::abort();
    start = end + 1;
  }
  return 0;
}
