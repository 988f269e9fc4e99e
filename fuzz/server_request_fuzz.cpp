// Arbitrary request bodies to lmz serve's endpoints (the first byte picks
// one), with the built-in model: each reply is a success or a JSON error
// with a stable code, never a failure of the server's own (500); past the
// time limit, the 504 of a cancelled request.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "server/endpoints.h"

namespace {

const lmz::server::Loaded& loaded() {
  static const lmz::server::Loaded l = [] {
    lmz::server::Loaded out;
    lmz::ModelOptions options;
    options.level = 1;
    options.threads = 1;
    out.models.emplace_back("cm", lmz::Model::open("cm", options).value());
    return out;
  }();
  return l;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  namespace s = lmz::server;
  s::Reply r;
  // A time limit, as lmz serve gives every request: its 504 is an answer too.
  const lmz::Cancel cancel = lmz::Cancel::after(10);
  switch (data[0] % 7) {
    case 0:
      r = s::map(loaded(), body, cancel);
      break;
    case 1:
      r = s::tokenize(loaded(), body, cancel);
      break;
    case 2:
      r = s::artifacts(loaded(), body, cancel);
      break;
    case 3:
      r = s::check(loaded(), body, cancel);
      break;
    case 4:
      r = s::logprobs_map(body);
      break;
    case 5:
      r = s::compress(loaded(), body,
                      {{"quality", body.size() % 2 ? "60" : "100"}, {"compare", body.size() % 3 ? "false" : "true"}},
                      cancel);
      break;
    default:
      r = s::decompress(loaded(), body, cancel);
      break;
  }
  if (r.status >= 500 && r.status != 503 && r.status != 504) std::abort();
  if (r.status >= 400) {
    const nlohmann::json e = nlohmann::json::parse(r.body, nullptr, false);
    if (!e.is_object() || !e.contains("error") || !e["error"]["code"].is_string()) std::abort();
  }
  return 0;
}
