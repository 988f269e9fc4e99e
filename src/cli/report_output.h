// Where a report goes: standard output, or a file written whole (temporary
// file renamed into place) with -o; and the input and error helpers the
// report commands (map, artifacts, check) share.
#pragma once

#include <string>

#include "cli/options.h"
#include "lmz/status.h"

namespace lmz::cli {

// Writes `report` to -o's path or standard output; returns the exit status.
int emit_report(const Options& options, const std::string& report);

// True when a terminal report should be coloured: --color always, or auto
// with standard output a terminal and NO_COLOR unset.
bool report_in_color(const Options& options);

// Prints "lmz: message" on standard error; returns 1, the error exit status.
int fail(const std::string& message);

// A whole file (or standard input for "-") as text.
Result<std::string> read_text(const std::string& path);

}  // namespace lmz::cli
