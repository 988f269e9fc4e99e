#pragma once

#include "cli/options.h"

namespace lmz::cli {

// Runs the parsed command; returns the process exit status (0 or 1).
int run_command(const Options& options);

}  // namespace lmz::cli
