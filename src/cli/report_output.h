// Where a report goes: standard output, or a file written whole (temporary
// file renamed into place) with -o.
#pragma once

#include <string>

#include "cli/options.h"

namespace lmz::cli {

// Writes `report` to -o's path or standard output; returns the exit status.
int emit_report(const Options& options, const std::string& report);

// True when a terminal report should be coloured: --color always, or auto
// with standard output a terminal and NO_COLOR unset.
bool report_in_color(const Options& options);

}  // namespace lmz::cli
