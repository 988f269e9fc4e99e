// lmz: language models as codecs. Only this file exits the process.
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/file_io.h"

namespace {

// SIGINT, SIGTERM, SIGHUP and a closed pipe (SIGPIPE) end lmz as they end any
// program, but without a partial output: the temporaries are removed first,
// then the signal is raised again with its default action, so the caller sees
// the usual 128 + signal.
extern "C" void end_on_signal(int sig) {
  lmz::remove_pending_temporaries();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void install_signal_handlers() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT}) {
    struct sigaction action {};
    action.sa_handler = end_on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(sig, &action, nullptr);
  }
}

// Reports that what was written to standard output did not all arrive
// (a full disk, /dev/full), as a failure.
int finish_stdout(int status) {
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
    if (status == 0) {  // a command that failed already said why
      std::fprintf(stderr, "lmz: cannot write to standard output: %s\n",
                   errno != 0 ? std::strerror(errno) : "write error");
    }
    return 1;
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  install_signal_handlers();
  std::vector<std::string> args(argv + 1, argv + argc);
  lmz::cli::ParseResult parsed = lmz::cli::parse_options(args);
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "lmz: %s\nTry 'lmz %s--help' for more information.\n", parsed.error.c_str(),
                 parsed.help_topic.empty() ? "" : (parsed.help_topic + " ").c_str());
    return 2;
  }
  try {
    return finish_stdout(lmz::cli::run_command(parsed.options));
  } catch (const std::bad_alloc&) {
    // Outputs in progress were removed as the stack unwound.
    std::fprintf(stderr,
                 "lmz: not enough memory (try a lower level, a smaller --chunk-size or --ctx, or fewer -T threads)\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lmz: %s\n", e.what());
  }
  return 1;
}
