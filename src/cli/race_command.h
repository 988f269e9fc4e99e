// lmz race: the same files under the built-in model and GGUF models of
// increasing size, bits per byte by class of text (analysis/race.h).
#pragma once

#include "cli/options.h"

namespace lmz::cli {

int run_race(const Options& options);

}  // namespace lmz::cli
