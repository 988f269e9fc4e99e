// The passages an answer is checked against: cut from sources given as
// text, or the ones an index ranks highest for the answer's sentences.
#pragma once

#include <string>
#include <vector>

#include "ground/check.h"
#include "lmz/status.h"

namespace lmz::ground {

// A source's passages; `name` names it in reports and, by its extension
// (.html, .htm), says whether it is HTML.
std::vector<SourcePassage> passages_of(const std::string& name, const std::string& text);

// The passages the index at `store_path` (lmz index) ranks highest for each
// sentence of the answer, each once.
Result<std::vector<SourcePassage>> passages_from_store(const std::string& store_path, const std::string& answer);

}  // namespace lmz::ground
