// lmz index add / search: the source store that lmz check will read.
#pragma once

#include "cli/options.h"

namespace lmz::cli {

int run_index(const Options& options);

}  // namespace lmz::cli
