#include "analysis/english_words.h"

#include <cctype>

#include "cm/primer.h"

namespace lmz::analysis {

const std::map<std::string, uint32_t>& english_word_counts() {
  static const std::map<std::string, uint32_t> kCounts = [] {
    std::map<std::string, uint32_t> counts;
    std::string word;
    for (const uint8_t byte : cm::primer()) {
      if (std::isalnum(byte) || (byte == '\'' && !word.empty())) {
        word += static_cast<char>(std::tolower(byte));
      } else if (!word.empty()) {
        while (!word.empty() && word.back() == '\'') word.pop_back();
        if (word.size() > 2 && word.compare(word.size() - 2, 2, "'s") == 0) word.resize(word.size() - 2);
        if (!word.empty()) ++counts[word];
        word.clear();
      }
    }
    if (!word.empty()) ++counts[word];
    return counts;
  }();
  return kCounts;
}

}  // namespace lmz::analysis
