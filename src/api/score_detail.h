// What a public lmz::Scores keeps for its reports: the text and its bit map
// (the command's comparison of two models reads both maps).
#pragma once

#include <string>

#include "analysis/bit_map.h"
#include "lmz/lmz.h"

namespace lmz {

struct ScoresDetail {
  std::string text;
  analysis::BitMap map;  // its text views `text`
};

}  // namespace lmz
