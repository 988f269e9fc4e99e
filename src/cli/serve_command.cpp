#include "cli/serve_command.h"

#include "cli/report_output.h"
#include "server/server.h"

namespace lmz::cli {

int run_serve(const Options& o) {
  server::ServeOptions s;
  s.host = o.host;
  s.port = o.port;
  s.models = o.models;
  s.ctx = o.ctx;
  s.level = o.level;
  s.store = o.store;
  s.workers = o.workers;
  s.max_body = o.max_body;
  s.timeout_s = o.timeout_s;
  s.quiet = o.verbosity == 0;
  const Status status = server::serve(s);
  return status.ok() ? 0 : fail(status.message());
}

}  // namespace lmz::cli
