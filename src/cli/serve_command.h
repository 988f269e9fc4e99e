// lmz serve: the HTTP API (server/server.h) with the command line's options.
#pragma once

#include "cli/options.h"

namespace lmz::cli {

int run_serve(const Options& options);

}  // namespace lmz::cli
