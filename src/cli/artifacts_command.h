// lmz artifacts: what lossy coding at a quality alters, and the
// rate-distortion curve over qualities.
#pragma once

#include "cli/options.h"

namespace lmz::cli {

int run_artifacts(const Options& options);

}  // namespace lmz::cli
