// lmz-load: a bounded load on an HTTP endpoint over loopback, for
// bench/serve/load_bench.py. N clients on keep-alive connections send the
// same POST body for a number of seconds; a client answered 503 waits the
// seconds Retry-After asks, as a client should. Prints one JSON line:
// requests, requests per second, latency percentiles (all responses) and
// the count of each status.
//
//   lmz-load --port P --path /v1/map --body FILE [--clients 64] [--seconds 30]
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string path = "/v1/map";
  std::string body_file;
  std::string content_type = "application/json";
  int clients = 1;
  double seconds = 10;
};

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--host") {
      o.host = value;
    } else if (flag == "--port") {
      o.port = std::stoi(value);
    } else if (flag == "--path") {
      o.path = value;
    } else if (flag == "--body") {
      o.body_file = value;
    } else if (flag == "--type") {
      o.content_type = value;
    } else if (flag == "--clients") {
      o.clients = std::max(1, std::stoi(value));
    } else if (flag == "--seconds") {
      o.seconds = std::stod(value);
    } else {
      return false;
    }
  }
  return o.port > 0 && !o.body_file.empty() && argc % 2 == 1;
}

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  const size_t i = std::min(sorted.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted.size())));
  return sorted[i];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr,
                 "usage: lmz-load --port P --body FILE [--path /v1/map] [--type application/json] [--clients N] "
                 "[--seconds S] [--host 127.0.0.1]\n");
    return 2;
  }
  std::ifstream in(o.body_file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "lmz-load: cannot read %s\n", o.body_file.c_str());
    return 2;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string body = buffer.str();

  const Clock::time_point end =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::mutex mutex;
  std::vector<double> latencies;
  std::map<std::string, long> statuses;
  std::vector<std::thread> clients;
  for (int c = 0; c < o.clients; ++c) {
    clients.emplace_back([&] {
      httplib::Client client(o.host, o.port);
      client.set_keep_alive(true);
      client.set_read_timeout(60, 0);
      client.set_tcp_nodelay(true);
      std::vector<double> mine;
      std::map<std::string, long> codes;
      while (Clock::now() < end) {
        const Clock::time_point start = Clock::now();
        httplib::Result r = client.Post(o.path, body, o.content_type);
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        const std::string code = r ? std::to_string(r->status) : "error";
        ++codes[code];
        if (r && r->status == 503) {
          const std::string after = r->get_header_value("Retry-After");
          std::this_thread::sleep_for(std::chrono::seconds(after.empty() ? 1 : std::stoi(after)));
        }
      }
      std::lock_guard<std::mutex> lock(mutex);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
      for (const auto& [code, n] : codes) statuses[code] += n;
    });
  }
  for (std::thread& t : clients) t.join();
  std::sort(latencies.begin(), latencies.end());
  std::string codes;
  for (const auto& [code, n] : statuses) {
    codes += (codes.empty() ? "" : ", ") + ("\"" + code + "\": " + std::to_string(n));
  }
  std::printf(
      "{\"clients\": %d, \"seconds\": %.1f, \"requests\": %zu, \"requests_per_s\": %.1f, \"p50_ms\": %.2f, "
      "\"p90_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f, \"statuses\": {%s}}\n",
      o.clients, o.seconds, latencies.size(), static_cast<double>(latencies.size()) / o.seconds,
      percentile(latencies, 0.50), percentile(latencies, 0.90), percentile(latencies, 0.99),
      latencies.empty() ? 0.0 : latencies.back(), codes.c_str());
  return 0;
}
