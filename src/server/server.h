// lmz serve: the library's work over HTTP/1.1 with JSON in and out, the
// same schemas as the command's --format json (docs/API.md).
//
// Models are loaded once and shared read-only. Requests that run a model
// pass a gate of `workers` running and `queue` waiting; past that they are
// refused at once with 503 and Retry-After. Bodies over `max_body` get 413.
// A request still running `timeout_s` after it arrived is stopped (its work
// is cancelled, not left running) and answered 504.
// Every failure is a JSON error with a stable code. Nothing a request names
// is read or written as a path. SIGINT or SIGTERM stops accepting, lets the
// requests in flight finish, and serve() returns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "lmz/status.h"

namespace lmz::server {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                  // 0: any free port (on_listening says which)
  std::vector<std::string> models;  // GGUF files, besides the built-in model
  uint32_t ctx = 0;                 // their window; 0: each file's own
  int level = 0;                    // the built-in model's level; 0: 5
  std::string store;                // lmz index's store for /v1/check without sources
  int workers = 0;                  // requests running a model at once; 0: one per core
  int queue = 0;                    // requests waiting for a worker; 0: 32 per worker
  size_t max_body = size_t{16} << 20;
  bool quiet = false;       // no access log
  int read_timeout_s = 10;  // a client silent this long mid-request is dropped
  double timeout_s = 60;    // a request's time limit from its arrival, waiting included (504); 0: none
};

// Serves until SIGINT or SIGTERM. `on_listening` is called with the port once
// the server accepts connections.
Status serve(const ServeOptions& options, const std::function<void(int port)>& on_listening = {});

// What SIGINT and SIGTERM do: serve() stops accepting, finishes the requests
// in flight and returns.
void request_stop();

}  // namespace lmz::server
