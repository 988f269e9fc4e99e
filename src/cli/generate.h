// lmz generate: continue a prompt with a GGUF model, greedy or sampled.
#pragma once

#include "cli/options.h"

namespace lmz::cli {

int run_generate(const Options& options);

}  // namespace lmz::cli
