// lmz serve's API against a server on a free loopback port: every endpoint,
// the command's bytes and reports, and every kind of bad request.
#include "server/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "server/work_gate.h"
#include "test_util.h"

namespace lmz::server {
namespace {

using nlohmann::json;

std::string stories() {
  return test::shared_dir() + "/models/stories260K.gguf";
}

// A server for one test, stopped (and its thread joined) at the end.
class Running {
 public:
  explicit Running(ServeOptions options) {
    options.port = 0;
    options.quiet = true;
    std::future<int> port = listening_.get_future();
    thread_ = std::thread([this, options] {
      bool told = false;
      const Status s = serve(options, [&](int p) {
        told = true;
        listening_.set_value(p);
      });
      if (!told) listening_.set_value(s.ok() ? 0 : -1);
    });
    port_ = port.get();
  }
  ~Running() {
    request_stop();
    thread_.join();
  }
  int port() const { return port_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(60, 0);
    return c;
  }

 private:
  std::promise<int> listening_;
  std::thread thread_;
  int port_ = -1;
};

json body_of(const httplib::Result& r) {
  return json::parse(r->body);
}

void expect_error(const httplib::Result& r, int status, const std::string& code) {
  ASSERT_TRUE(r) << "no response";
  EXPECT_EQ(r->status, status) << r->body;
  const json e = json::parse(r->body, nullptr, false);
  ASSERT_TRUE(e.is_object() && e.contains("error")) << r->body;
  EXPECT_EQ(e["error"]["code"], code) << r->body;
  EXPECT_EQ(e["error"]["status"], status);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json; charset=utf-8");
}

std::string cli(const std::string& args, const std::string& path) {
  test::CommandResult r = test::run_shell(test::lmz_binary() + " " + args + " " + test::quote(path) + " 2>/dev/null");
  EXPECT_EQ(r.exit_code, 0) << args;
  return r.output;
}

TEST(Serve, HealthAndModels) {
  Running server({});
  httplib::Client c = server.client();
  httplib::Result h = c.Get("/v1/health");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
  EXPECT_EQ(body_of(h)["status"], "ok");
  httplib::Result m = c.Get("/v1/models");
  ASSERT_TRUE(m);
  EXPECT_EQ(body_of(m)["models"][0]["name"], "cm");
  EXPECT_EQ(body_of(m)["models"][0]["builtin"], true);
}

TEST(Serve, MapIsTheCommandsJson) {
  test::TempDir dir;
  const std::string text = "The bridge opened in 1932 and carries 160,000 vehicles a day.";
  ASSERT_TRUE(write_file(dir.file("t.txt"), Bytes(text.begin(), text.end())).ok());
  Running server({});
  httplib::Client c = server.client();
  httplib::Result r = c.Post("/v1/map", json({{"text", text}}).dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, cli("map --format json", dir.file("t.txt")));
}

TEST(Serve, GgufModelEndpoints) {
  LMZ_REQUIRE_SHARED();
  ServeOptions options;
  options.models = {stories()};
  options.ctx = 256;
  Running server(options);
  httplib::Client c = server.client();
  const std::string tiny = test::shared_dir() + "/models/reference/tinystory.txt";
  Result<Bytes> story = read_file(tiny);
  ASSERT_TRUE(story.ok());
  const std::string text(story->begin(), story->end());

  httplib::Result map =
      c.Post("/v1/map", json({{"text", text}, {"model", "stories260K.gguf"}}).dump(), "application/json");
  ASSERT_TRUE(map);
  EXPECT_EQ(map->body, cli("map --format json --ctx 256 -m " + stories(), tiny));

  httplib::Result tokens = c.Post(
      "/v1/tokenize", json({{"text", "Once upon a time"}, {"model", "stories260K.gguf"}}).dump(), "application/json");
  ASSERT_TRUE(tokens);
  EXPECT_EQ(body_of(tokens)["tokenizer"], "SentencePiece");
  EXPECT_GT(body_of(tokens)["n_tokens"], 2);
  expect_error(c.Post("/v1/tokenize", json({{"text", "x"}}).dump(), "application/json"), 422, "invalid_argument");

  httplib::Result packed = c.Post("/v1/compress?model=stories260K.gguf", text, "application/octet-stream");
  ASSERT_TRUE(packed);
  EXPECT_EQ(packed->status, 200);
  EXPECT_EQ(packed->body, cli("-c --ctx 256 -m " + stories(), tiny));
  httplib::Result back = c.Post("/v1/decompress", packed->body, "application/octet-stream");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->body, text);
}

TEST(Serve, CompressRoundTripIsTheCommandsBytes) {
  test::TempDir dir;
  const Bytes data = test::random_bytes(5000, 7);
  ASSERT_TRUE(write_file(dir.file("d.bin"), data).ok());
  Running server({});
  httplib::Client c = server.client();
  const std::string body(data.begin(), data.end());
  httplib::Result packed = c.Post("/v1/compress", body, "application/octet-stream");
  ASSERT_TRUE(packed);
  EXPECT_EQ(packed->get_header_value("Content-Type"), "application/octet-stream");
  EXPECT_EQ(packed->body, cli("-c", dir.file("d.bin")));
  httplib::Result back = c.Post("/v1/decompress", packed->body, "application/octet-stream");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->body, body);
  expect_error(c.Post("/v1/decompress", "not an archive", "application/octet-stream"), 422, "bad_magic");
  expect_error(c.Post("/v1/compress?quality=0", body, "application/octet-stream"), 400, "bad_field");
  expect_error(c.Post("/v1/compress?model=nope", body, "application/octet-stream"), 422, "unknown_model");
}

TEST(Serve, ArtifactsCheckAndLogprobs) {
  Running server({});
  httplib::Client c = server.client();
  const std::string text(reinterpret_cast<const char*>(test::text_bytes(3000, 4).data()), 3000);
  httplib::Result one = c.Post("/v1/artifacts", json({{"text", text}, {"quality", 30}}).dump(), "application/json");
  ASSERT_TRUE(one);
  EXPECT_EQ(body_of(one)["quality"], 30);
  httplib::Result sweep = c.Post("/v1/artifacts", json({{"text", text}, {"sweep", true}}).dump(), "application/json");
  ASSERT_TRUE(sweep);
  EXPECT_EQ(body_of(sweep)["sweep"].size(), 10u);

  const json request = {{"answer", "The bridge opened in 1923."},
                        {"sources", {"The bridge opened in 1932 and carries cars across the harbour."}}};
  httplib::Result checked = c.Post("/v1/check", request.dump(), "application/json");
  ASSERT_TRUE(checked);
  EXPECT_EQ(checked->status, 200);
  const json counts = body_of(checked)["counts"];
  EXPECT_GE(counts.value("contradicted", 0) + counts.value("unsupported", 0), 1) << checked->body;
  expect_error(c.Post("/v1/check", json({{"answer", "x"}}).dump(), "application/json"), 422, "no_sources");

  const std::string response =
      R"({"model":"api-model","choices":[{"message":{"content":"It was"},"logprobs":{"content":[)"
      R"({"token":"It","logprob":-0.2,"top_logprobs":[{"token":"It","logprob":-0.2}]},)"
      R"({"token":" was","logprob":-0.1,"top_logprobs":[{"token":" was","logprob":-0.1}]}]}}]})";
  httplib::Result mapped = c.Post("/v1/logprobs/map", response, "application/json");
  ASSERT_TRUE(mapped);
  EXPECT_EQ(body_of(mapped)["model"], "api-model");
  expect_error(c.Post("/v1/logprobs/map", "{}", "application/json"), 400, "bad_json");
}

TEST(Serve, BadRequestsGetTheirStatus) {
  ServeOptions options;
  options.max_body = 4096;
  Running server(options);
  httplib::Client c = server.client();
  expect_error(c.Post("/v1/map", "{not json", "application/json"), 400, "bad_json");
  expect_error(c.Post("/v1/map", "[1, 2]", "application/json"), 400, "bad_json");
  expect_error(c.Post("/v1/map", json({{"text", 5}}).dump(), "application/json"), 400, "bad_field");
  expect_error(c.Post("/v1/map", json({{"nothing", "here"}}).dump(), "application/json"), 400, "bad_field");
  expect_error(c.Post("/v1/map", json({{"text", "a"}, {"top", "five"}}).dump(), "application/json"), 400, "bad_field");
  expect_error(c.Post("/v1/map", json({{"text", "a"}, {"model", "x.gguf"}}).dump(), "application/json"), 422,
               "unknown_model");
  expect_error(c.Post("/v1/map", json({{"text", "a"}}).dump(), "text/plain"), 415, "unsupported_media_type");
  expect_error(c.Post("/v1/compress", "abc", "application/json"), 415, "unsupported_media_type");
  expect_error(c.Get("/v1/map"), 405, "method_not_allowed");
  expect_error(c.Delete("/v1/health"), 405, "method_not_allowed");
  expect_error(c.Get("/v1/nothing"), 404, "not_found");
  expect_error(c.Post("/v1/map", json({{"text", std::string(8000, 'a')}}).dump(), "application/json"), 413,
               "body_too_large");
  // The server still answers.
  httplib::Result h = c.Get("/v1/health");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
}

TEST(Serve, AClientThatStallsIsDropped) {
  ServeOptions options;
  options.read_timeout_s = 1;
  Running server(options);
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server.port()));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string half =
      "POST /v1/map HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"text\":";
  ASSERT_EQ(write(fd, half.data(), half.size()), static_cast<ssize_t>(half.size()));
  // Meanwhile others are served.
  httplib::Result h = server.client().Get("/v1/health");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
  // The stalled connection is closed by the server within its read timeout.
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buf[512];
  const ssize_t n = read(fd, buf, sizeof buf);
  EXPECT_GE(n, 0) << "the server kept a stalled client past its read timeout";
  close(fd);
}

TEST(Serve, ConcurrentRequestsAndAFullQueue) {
  ServeOptions options;
  options.workers = 1;
  options.queue = 1;
  options.timeout_s = 0;  // the one waiting may wait long in a sanitizer build: no 504 here
  Running server(options);
  const std::string text(reinterpret_cast<const char*>(test::text_bytes(10000, 6).data()), 10000);
  const std::string request = json({{"text", text}, {"sweep", true}}).dump();
  std::vector<int> statuses(8, 0);
  std::vector<std::string> retry(8);
  std::vector<std::thread> clients;
  for (size_t i = 0; i < statuses.size(); ++i) {
    clients.emplace_back([&, i] {
      httplib::Result r = server.client().Post("/v1/artifacts", request, "application/json");
      if (r) {
        statuses[i] = r->status;
        retry[i] = r->get_header_value("Retry-After");
      }
    });
  }
  for (std::thread& t : clients) t.join();
  int ok = 0, busy = 0;
  for (size_t i = 0; i < statuses.size(); ++i) {
    if (statuses[i] == 200) ++ok;
    if (statuses[i] == 503) {
      ++busy;
      EXPECT_EQ(retry[i], "1");
    }
  }
  EXPECT_EQ(ok + busy, 8);
  EXPECT_GE(ok, 2);    // one running, one waiting
  EXPECT_GE(busy, 1);  // the rest refused at once
}

// The gate serves waiters in the order they came, and refuses past its line.
TEST(WorkGate, FirstComeFirstServed) {
  WorkGate gate(1, 4);
  ASSERT_TRUE(gate.enter());
  std::vector<int> order;
  std::mutex order_mutex;
  std::vector<std::thread> waiters;
  for (int i = 0; i < 4; ++i) {
    waiters.emplace_back([&, i] {
      ASSERT_TRUE(gate.enter());
      {
        std::lock_guard<std::mutex> lock(order_mutex);
        order.push_back(i);
      }
      gate.leave();
    });
    while (gate.waiting() < static_cast<size_t>(i + 1)) std::this_thread::yield();  // in line before the next
  }
  EXPECT_FALSE(gate.enter());  // the line is full
  gate.leave();
  for (std::thread& t : waiters) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3}));
  ASSERT_TRUE(gate.enter());  // empty again
  gate.leave();
}

// The page and its files come from the program, with a policy that keeps
// every script and style to this server.
TEST(Serve, ThePageIsServedFromTheProgram) {
  Running server(ServeOptions{});
  httplib::Result page = server.client().Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("<script src=\"/app.js\""), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  for (const char* file : {"/app.js", "/style.css"}) {
    httplib::Result r = server.client().Get(file);
    ASSERT_TRUE(r) << file;
    EXPECT_EQ(r->status, 200) << file;
    EXPECT_GT(r->body.size(), 1000u) << file;
  }
  expect_error(server.client().Get("/missing.js"), 404, "not_found");
  expect_error(server.client().Post("/", "x", "text/plain"), 405, "method_not_allowed");
  // A client that accepts compressed bodies gets the JSON as it is, at once.
  httplib::Headers accepts{{"Accept-Encoding", "br, gzip"}};
  httplib::Result map = server.client().Post("/v1/map", accepts, R"({"text": "It was 1911."})", "application/json");
  ASSERT_TRUE(map);
  EXPECT_EQ(map->get_header_value("Content-Encoding"), "");
  EXPECT_TRUE(json::parse(map->body, nullptr, false).is_object());
}

// compare=true: the sizes gzip -9 and xz -9e give the same body.
TEST(Serve, CompressComparesWithGzipAndXz) {
  Running server(ServeOptions{});
  const Bytes data = test::text_bytes(40000, 8);
  const std::string body(data.begin(), data.end());
  httplib::Result r = server.client().Post("/v1/compress?compare=true", body, "application/octet-stream");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  test::TempDir dir;
  const std::string path = dir.path() + "/in";
  ASSERT_TRUE(write_file(path, data).ok());
  const auto size_of = [&](const std::string& command) {
    return std::stoul(test::run_shell(command + " -c " + test::quote(path) + " | wc -c").output);
  };
  EXPECT_EQ(std::stoul(r->get_header_value("X-Gzip-Bytes")), size_of("gzip -9 -n"));
  EXPECT_EQ(std::stoul(r->get_header_value("X-Xz-Bytes")), size_of("xz -9e"));
  httplib::Result plain = server.client().Post("/v1/compress", body, "application/octet-stream");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body, r->body);
  EXPECT_EQ(plain->get_header_value("X-Gzip-Bytes"), "");
  expect_error(server.client().Post("/v1/compress?compare=yes", body, "application/octet-stream"), 400, "bad_field");
}

// Work past --timeout is stopped and answered 504; the worker is free again
// at once for the next request. The limit leaves a small request time to run
// on a loaded machine in a sanitizer build, and is well short of the big
// requests' several seconds.
TEST(Serve, ARequestPastItsTimeLimitGets504) {
  ServeOptions options;
  options.workers = 1;
  options.timeout_s = 1.0;
  Running server(options);
  const std::string text(reinterpret_cast<const char*>(test::text_bytes(3 << 20, 4).data()), 3 << 20);
  const auto start = std::chrono::steady_clock::now();
  httplib::Result r = server.client().Post("/v1/map", json({{"text", text}}).dump(), "application/json");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  expect_error(r, 504, "timeout");
  EXPECT_LT(seconds, 4.0);  // the whole map takes several seconds
  httplib::Result next = server.client().Post("/v1/map", R"({"text": "It was 1911."})", "application/json");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  expect_error(server.client().Post("/v1/compress", text, "application/octet-stream"), 504, "timeout");
}

}  // namespace
}  // namespace lmz::server
