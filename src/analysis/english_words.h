// How common a word is in ordinary English prose, counted over the built-in
// model's primer (cm/primer.h, about 7,000 words of news, stories, science
// and letters). A word that any text uses ("people", "said", "years") says
// little about which fact a sentence is about; the check weighs such words
// down when it compares a fact's surroundings.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace lmz::analysis {

// Each word of the primer, lower-cased (letters and digits, apostrophes
// inside words), with how often it occurs.
const std::map<std::string, uint32_t>& english_word_counts();

}  // namespace lmz::analysis
