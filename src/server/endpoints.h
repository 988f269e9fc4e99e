// The work behind each endpoint: a request's body in, a reply out. No HTTP
// here; server.cpp routes, limits and logs.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "lmz/lmz.h"

namespace lmz::server {

struct Reply {
  int status = 200;
  std::string body;
  // With its charset: cpp-httplib then leaves the body as it is, where for
  // plain application/json it would Brotli-compress it at the slowest level
  // for every client that accepts br (3.7 s for a 2.8 MB map).
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
};

// {"error": {"status": S, "code": C, "message": M}}
Reply error_reply(int status, const std::string& code, const std::string& message);
// The reply for an error lmz reported: 422 for what the request asked that
// lmz refused (a model, a parameter, an archive), 503 for exhausted memory,
// 504 for work stopped at the time limit, 500 for our own failures.
Reply error_reply(const Status& status);

// What the server holds: the models by name ("cm" first), and the store.
struct Loaded {
  std::vector<std::pair<std::string, Model>> models;
  std::string store;
  int level = 0;
  const Model* find(const std::string& name) const;
};

using Query = std::map<std::string, std::string>;

Reply health(const Loaded& loaded);
Reply models(const Loaded& loaded);
Reply map(const Loaded& loaded, const std::string& body, const Cancel& cancel);
Reply tokenize(const Loaded& loaded, const std::string& body, const Cancel& cancel);
Reply artifacts(const Loaded& loaded, const std::string& body, const Cancel& cancel);
Reply check(const Loaded& loaded, const std::string& body, const Cancel& cancel);
Reply logprobs_map(const std::string& body);
Reply compress(const Loaded& loaded, const std::string& body, const Query& query, const Cancel& cancel);
Reply decompress(const Loaded& loaded, const std::string& body, const Cancel& cancel);

}  // namespace lmz::server
