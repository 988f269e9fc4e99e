#include "server/server.h"

#include <httplib.h>
#include <malloc.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "server/endpoints.h"
#include "server/page.h"
#include "server/work_gate.h"

namespace lmz::server {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) {
  g_stop.store(true);
}

// When the current request began, for the access log (a request runs on one thread).
thread_local std::chrono::steady_clock::time_point t_request_start;

void send(httplib::Response& res, const Reply& reply) {
  res.status = reply.status;
  res.set_content(reply.body, reply.content_type.c_str());
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  if (reply.status == 503) res.set_header("Retry-After", "1");
}

bool has_type(const httplib::Request& req, const char* type) {
  const std::string given = req.get_header_value("Content-Type");
  const std::string wanted = type;
  return given.compare(0, wanted.size(), wanted) == 0 &&
         (given.size() == wanted.size() || given[wanted.size()] == ';' || given[wanted.size()] == ' ');
}

Result<Loaded> load_models(const ServeOptions& options) {
  Loaded loaded;
  loaded.store = options.store;
  loaded.level = options.level;
  ModelOptions built_in;
  built_in.level = options.level;
  built_in.threads = 1;  // each request runs on one worker
  LMZ_ASSIGN_OR_RETURN(Model cm, Model::open("cm", built_in));
  loaded.models.emplace_back("cm", std::move(cm));
  for (const std::string& path : options.models) {
    ModelOptions o = built_in;
    o.ctx = options.ctx;
    LMZ_ASSIGN_OR_RETURN(Model m, Model::open(path, o));
    if (loaded.find(m.name()) != nullptr) {
      return make_error(ErrorCode::kInvalidArgument, "two models are named " + m.name());
    }
    loaded.models.emplace_back(m.name(), std::move(m));
  }
  return loaded;
}

}  // namespace

void request_stop() {
  g_stop.store(true);
}

Status serve(const ServeOptions& options, const std::function<void(int port)>& on_listening) {
  // Blocks of a megabyte and more (a request's tables and replies) are
  // mapped and unmapped, at a fixed threshold: glibc otherwise raises the
  // threshold after such a block is freed and then keeps every later one in
  // the heaps of the hundreds of connection threads (RSS 36 -> 230 MB over a
  // soak), and at most 4 heaps.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  mallopt(M_ARENA_MAX, 4);
  LMZ_ASSIGN_OR_RETURN(const Loaded loaded, load_models(options));
  const int workers =
      options.workers > 0 ? options.workers : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int queue = options.queue > 0 ? options.queue : 32 * workers;
  WorkGate gate(workers, queue);

  httplib::Server http;
  // A keep-alive connection holds a thread between its requests: there are
  // threads for many more connections than the gate lets in, so that a full
  // gate answers 503 at once instead of leaving connections unserved.
  const size_t connection_threads = static_cast<size_t>(std::max(256, 2 * (workers + queue)));
  http.new_task_queue = [connection_threads] { return new httplib::ThreadPool(connection_threads); };
  http.set_payload_max_length(options.max_body);
  http.set_read_timeout(options.read_timeout_s, 0);  // a client that stalls mid-request is dropped
  http.set_write_timeout(10, 0);
  http.set_keep_alive_timeout(5);
  // Clients keep their connections: not closed after 5 requests (the
  // library's default), which made a client reconnect every few requests.
  http.set_keep_alive_max_count(100000);
  // The listening socket, for its backlog below.
  int listener = -1;
  http.set_socket_options([&listener](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listener = sock;
  });
  // Headers and body go out as written: without this a reply waits for the
  // client's delayed acknowledgement (40 ms per request on Linux).
  http.set_tcp_nodelay(true);

  http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    t_request_start = std::chrono::steady_clock::now();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Statuses without a body of ours (unknown path, body too large): the JSON error.
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    switch (res.status) {
      case 404:
        send(res, error_reply(404, "not_found", "no endpoint " + req.path));
        break;
      case 413:
        send(res, error_reply(413, "body_too_large", "the body is larger than the server accepts"));
        res.set_header("Connection", "close");  // the rest of the body is not read
        break;
      case 400:
        send(res, error_reply(400, "bad_request", "the request is not valid HTTP"));
        res.set_header("Connection", "close");  // where the next request starts is unknown
        break;
      default:
        send(res, error_reply(res.status, "http_error", "HTTP status " + std::to_string(res.status)));
        break;
    }
  });
  if (!options.quiet) {
    http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_request_start).count();
      std::fprintf(stderr, "%s %s %d %zu %.1f ms\n", req.method.c_str(), req.path.c_str(), res.status, res.body.size(),
                   ms);
    });
  }

  // Runs `work` through the gate: the answer, or 503 when the gate is full.
  // A request's time limit runs from its arrival: a wait at the gate past it
  // is answered 504 without running the work.
  auto gated = [&gate](httplib::Response& res, const Cancel& cancel, const std::function<Reply()>& work) {
    if (!gate.enter()) return send(res, error_reply(503, "busy", "every worker is busy and the queue is full"));
    const Reply reply =
        cancel.requested() ? error_reply(make_error(ErrorCode::kCancelled, "past the time limit")) : work();
    gate.leave();
    send(res, reply);
  };
  // Every other method on a known path: 405 with the one it takes.
  auto only = [&](const char* path, const char* method) {
    const auto refuse = [method](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Allow", method);
      send(res, error_reply(405, "method_not_allowed", req.method + " is not allowed here; use " + method));
    };
    if (std::string(method) != "GET") http.Get(path, refuse);
    if (std::string(method) != "POST") http.Post(path, refuse);
    http.Put(path, refuse);
    http.Delete(path, refuse);
    http.Patch(path, refuse);
    http.Options(path, refuse);
  };
  // A POST endpoint: the body's media type checked, then the work, through
  // the gate when it runs a model.
  using Work = std::function<Reply(const httplib::Request&, const Cancel&)>;
  const double timeout_s = options.timeout_s;
  auto post = [&](const char* path, const char* type, bool runs_model, Work work) {
    http.Post(path, [&, type, runs_model, work](const httplib::Request& req, httplib::Response& res) {
      if (!has_type(req, type)) {
        return send(res, error_reply(415, "unsupported_media_type", std::string("send the body as ") + type));
      }
      const Cancel cancel = timeout_s > 0 ? Cancel::after(timeout_s) : Cancel();
      if (!runs_model) return send(res, work(req, cancel));
      gated(res, cancel, [&] { return work(req, cancel); });
    });
    only(path, "POST");
  };
  const char* json = "application/json";
  const char* bytes = "application/octet-stream";

  // The page: its files are built into the program.
  http.Get(R"(/|/[a-z_]+\.(css|js))", [](const httplib::Request& req, httplib::Response& res) {
    const PageFile* file = page_file(req.path);
    if (file == nullptr) return send(res, error_reply(404, "not_found", "no page file " + req.path));
    res.set_content(file->bytes.data(), file->bytes.size(), file->content_type);
    res.set_header("Content-Security-Policy", kPagePolicy);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", "no-cache");
  });
  only("/", "GET");
  http.Get("/v1/health", [&](const httplib::Request&, httplib::Response& res) { send(res, health(loaded)); });
  http.Get("/v1/models", [&](const httplib::Request&, httplib::Response& res) { send(res, models(loaded)); });
  only("/v1/health", "GET");
  only("/v1/models", "GET");
  using Request = const httplib::Request&;
  post("/v1/map", json, true, [&](Request req, const Cancel& c) { return map(loaded, req.body, c); });
  post("/v1/tokenize", json, true, [&](Request req, const Cancel& c) { return tokenize(loaded, req.body, c); });
  post("/v1/artifacts", json, true, [&](Request req, const Cancel& c) { return artifacts(loaded, req.body, c); });
  post("/v1/check", json, true, [&](Request req, const Cancel& c) { return check(loaded, req.body, c); });
  post("/v1/logprobs/map", json, false, [](Request req, const Cancel&) { return logprobs_map(req.body); });
  post("/v1/compress", bytes, true, [&](Request req, const Cancel& c) {
    return compress(loaded, req.body, Query(req.params.begin(), req.params.end()), c);
  });
  post("/v1/decompress", bytes, true, [&](Request req, const Cancel& c) { return decompress(loaded, req.body, c); });

  const int port = options.port == 0 ? http.bind_to_any_port(options.host) : options.port;
  if (port < 0 || (options.port != 0 && !http.bind_to_port(options.host, options.port))) {
    return make_error(ErrorCode::kIo, "cannot listen on " + options.host + ":" + std::to_string(options.port));
  }
  // The library listens with a backlog of 5: 64 clients connecting at once
  // overflowed it, and a dropped connection waits a second to try again.
  if (listener >= 0) ::listen(listener, SOMAXCONN);

  // SIGINT and SIGTERM stop the server; the requests in flight finish first.
  g_stop.store(false);
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  struct sigaction old_int {
  }, old_term{};
  sigaction(SIGINT, &action, &old_int);
  sigaction(SIGTERM, &action, &old_term);
  std::thread watcher([&http] {
    while (!g_stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    http.stop();
  });
  if (on_listening) on_listening(port);
  // Always said, -q or not: with --port 0 it is how a caller learns the port.
  if (!on_listening) std::fprintf(stderr, "lmz serve: listening on http://%s:%d/\n", options.host.c_str(), port);
  const bool clean = http.listen_after_bind();
  g_stop.store(true);
  watcher.join();
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  if (!clean && !g_stop.load()) return make_error(ErrorCode::kIo, "the server stopped listening");
  return Status::success();
}

}  // namespace lmz::server
