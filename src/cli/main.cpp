// lmz: language models as codecs. Only this file exits the process.
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/options.h"

int main(int argc, char** argv) {
  // A closed pipe is reported as a write error, not a silent death.
  std::signal(SIGPIPE, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  lmz::cli::ParseResult parsed = lmz::cli::parse_options(args);
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "lmz: %s\nTry 'lmz --help' for more information.\n", parsed.error.c_str());
    return 2;
  }
  return lmz::cli::run_command(parsed.options);
}
