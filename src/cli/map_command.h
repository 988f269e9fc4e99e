// lmz map: where the bits go in a text, under the built-in model, a GGUF
// model, two models side by side, or an API's own log-probabilities.
#pragma once

#include "cli/options.h"

namespace lmz::cli {

int run_map(const Options& options);

}  // namespace lmz::cli
