// lmz check: which spans of an answer its sources cannot explain, and the
// BUMP faithfulness benchmark (--bench).
#pragma once

#include "cli/options.h"

namespace lmz::cli {

// Exit status: 0, or 3 when --fail-on finds what it names; 1 on errors.
int run_check(const Options& options);

}  // namespace lmz::cli
