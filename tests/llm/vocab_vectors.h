// The tokenizer test vectors of ../shared/vocab (llama.cpp's format): test
// strings in NAME.gguf.inp, separated by a line "__ggml_vocab_test__" (its
// newlines belong to the separator), and one line of ids per string in
// NAME.gguf.out, without BOS.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_util.h"

namespace lmz::test {

struct VocabCase {
  std::string text;
  std::vector<int32_t> ids;
};

inline std::string vocab_path(const std::string& name) {
  return shared_dir() + "/vocab/ggml-vocab-" + name + ".gguf";
}

// The cases of a vocabulary; a failure is recorded when its two files do not
// pair up.
inline std::vector<VocabCase> vocab_cases(const std::string& name) {
  auto slurp = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  const std::string separator = "\n__ggml_vocab_test__\n";
  const std::string inputs = slurp(vocab_path(name) + ".inp");
  std::vector<VocabCase> cases;
  for (size_t pos = 0; pos < inputs.size();) {
    const size_t end = inputs.find(separator, pos);
    if (end == std::string::npos) {
      ADD_FAILURE() << name << ": the .inp file does not end with a separator";
      return {};
    }
    cases.push_back({inputs.substr(pos, end - pos), {}});
    pos = end + separator.size();
  }
  std::istringstream expected(slurp(vocab_path(name) + ".out"));
  size_t index = 0;
  for (std::string line; std::getline(expected, line); ++index) {
    if (index >= cases.size()) {
      ADD_FAILURE() << name << ": more lines of ids than test strings";
      return {};
    }
    std::istringstream ids(line);
    for (int32_t id; ids >> id;) cases[index].ids.push_back(id);
  }
  if (index != cases.size())
    ADD_FAILURE() << name << ": " << index << " lines of ids for " << cases.size() << " strings";
  return cases;
}

}  // namespace lmz::test
