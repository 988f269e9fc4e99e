#include "server/endpoints.h"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>

#include "api/artifacts_report.h"
#include "api/model_state.h"
#include "server/compare_sizes.h"

namespace lmz::server {
namespace {

using nlohmann::json;

const char* kBadField = "bad_field";

std::string dump(const json& j) {
  return j.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

// A request's JSON object, or the 400 that says why it is not one.
std::optional<json> parse_object(const std::string& body, Reply& error) {
  json doc = json::parse(body, nullptr, false);
  if (doc.is_discarded()) {
    error = error_reply(400, "bad_json", "the body is not valid JSON");
    return std::nullopt;
  }
  if (!doc.is_object()) {
    error = error_reply(400, "bad_json", "the body must be a JSON object");
    return std::nullopt;
  }
  return doc;
}

// Field readers: absent gives the default; present with the wrong type is a 400.
bool get_string(const json& doc, const char* name, std::string& out, bool required, Reply& error) {
  const auto it = doc.find(name);
  if (it == doc.end() || it->is_null()) {
    if (required) error = error_reply(400, kBadField, std::string("the field '") + name + "' is required");
    return !required;
  }
  if (!it->is_string()) {
    error = error_reply(400, kBadField, std::string("the field '") + name + "' must be a string");
    return false;
  }
  out = it->get<std::string>();
  return true;
}

bool get_int(const json& doc, const char* name, long min, long max, long& out, Reply& error) {
  const auto it = doc.find(name);
  if (it == doc.end() || it->is_null()) return true;
  if (!it->is_number_integer() || it->get<long>() < min || it->get<long>() > max) {
    error = error_reply(400, kBadField,
                        std::string("the field '") + name + "' must be an integer from " + std::to_string(min) +
                            " to " + std::to_string(max));
    return false;
  }
  out = it->get<long>();
  return true;
}

bool get_bool(const json& doc, const char* name, bool& out, Reply& error) {
  const auto it = doc.find(name);
  if (it == doc.end() || it->is_null()) return true;
  if (!it->is_boolean()) {
    error = error_reply(400, kBadField, std::string("the field '") + name + "' must be true or false");
    return false;
  }
  out = it->get<bool>();
  return true;
}

// The model a request names ("cm" when it names none), with its window when
// the request gives one.
std::optional<Model> model_for(const Loaded& loaded, const json& doc, Reply& error) {
  std::string name = "cm";
  long ctx = 0;
  if (!get_string(doc, "model", name, false, error)) return std::nullopt;
  if (!get_int(doc, "ctx", 0, 1 << 20, ctx, error)) return std::nullopt;
  const Model* model = loaded.find(name);
  if (model == nullptr) {
    error = error_reply(422, "unknown_model", "no model '" + name + "' is loaded (GET /v1/models lists them)");
    return std::nullopt;
  }
  if (ctx == 0 || model->is_builtin()) return *model;
  if (ctx < 16) {
    error = error_reply(422, "bad_parameter", "ctx must be 16 or more");
    return std::nullopt;
  }
  ModelOptions options;
  options.ctx = static_cast<uint32_t>(ctx);
  options.level = model->level();
  options.threads = 1;
  return api::wrap(model->state().llm, options);
}

Reply json_reply(std::string body) {
  Reply r;
  r.body = std::move(body);
  return r;
}

}  // namespace

Reply error_reply(int status, const std::string& code, const std::string& message) {
  Reply r;
  r.status = status;
  r.body = dump({{"error", {{"status", status}, {"code", code}, {"message", message}}}});
  return r;
}

Reply error_reply(const Status& status) {
  switch (status.code()) {
    case ErrorCode::kOutOfMemory:
      return error_reply(503, error_code_name(status.code()), status.message());
    case ErrorCode::kCancelled:
      return error_reply(504, "timeout", "the request ran past the server's time limit (--timeout) and was stopped");
    case ErrorCode::kIo:
    case ErrorCode::kInternal:
      return error_reply(500, error_code_name(status.code()), status.message());
    default:
      return error_reply(422, error_code_name(status.code()), status.message());
  }
}

const Model* Loaded::find(const std::string& name) const {
  for (const auto& [n, m] : models) {
    if (n == name) return &m;
  }
  return nullptr;
}

Reply health(const Loaded& loaded) {
  return json_reply(dump({{"status", "ok"}, {"models", loaded.models.size()}}));
}

Reply models(const Loaded& loaded) {
  json list = json::array();
  for (const auto& [name, m] : loaded.models) {
    list.push_back({{"name", name},
                    {"builtin", m.is_builtin()},
                    {"description", m.description()},
                    {"context", m.context()},
                    {"level", m.level()}});
  }
  return json_reply(dump({{"models", list}, {"store", !loaded.store.empty()}}));
}

Reply map(const Loaded& loaded, const std::string& body, const Cancel& cancel) {
  Reply error;
  const std::optional<json> doc = parse_object(body, error);
  if (!doc) return error;
  std::string text;
  ScoreParams params;
  long top = params.top;
  if (!get_string(*doc, "text", text, true, error) || !get_bool(*doc, "mix", params.mix, error) ||
      !get_int(*doc, "top", 0, 100, top, error)) {
    return error;
  }
  params.top = static_cast<int>(top);
  params.cancel = cancel;
  const std::optional<Model> model = model_for(loaded, *doc, error);
  if (!model) return error;
  Result<Scores> scores = score(*model, text, params);
  if (!scores.ok()) return error_reply(scores.status());
  return json_reply(scores->json());
}

Reply tokenize(const Loaded& loaded, const std::string& body, const Cancel& cancel) {
  Reply error;
  const std::optional<json> doc = parse_object(body, error);
  if (!doc) return error;
  std::string text;
  if (!get_string(*doc, "text", text, true, error)) return error;
  const std::optional<Model> model = model_for(loaded, *doc, error);
  if (!model) return error;
  if (cancel.requested()) return error_reply(make_error(ErrorCode::kCancelled, "past the time limit"));
  Result<Tokenization> tokens = lmz::tokenize(*model, text);
  if (!tokens.ok()) return error_reply(tokens.status());
  return json_reply(tokens->json());
}

Reply artifacts(const Loaded& loaded, const std::string& body, const Cancel& cancel) {
  Reply error;
  const std::optional<json> doc = parse_object(body, error);
  if (!doc) return error;
  std::string text;
  long quality = 50;
  bool sweep = false;
  if (!get_string(*doc, "text", text, true, error) || !get_int(*doc, "quality", 1, 100, quality, error) ||
      !get_bool(*doc, "sweep", sweep, error)) {
    return error;
  }
  const std::optional<Model> model = model_for(loaded, *doc, error);
  if (!model) return error;
  ArtifactsParams params{.quality = static_cast<int>(quality), .chunk_size = 0, .cancel = cancel};
  if (!sweep) {
    Result<Artifacts> run = lmz::artifacts(*model, text, params);
    if (!run.ok()) return error_reply(run.status());
    return json_reply(run->json());
  }
  std::vector<Artifacts> runs;
  for (params.quality = 10; params.quality <= 100; params.quality += 10) {
    Result<Artifacts> run = lmz::artifacts(*model, text, params);
    if (!run.ok()) return error_reply(run.status());
    runs.push_back(std::move(*run));
  }
  return json_reply(api::sweep_json(runs));
}

Reply check(const Loaded& loaded, const std::string& body, const Cancel& cancel) {
  Reply error;
  const std::optional<json> doc = parse_object(body, error);
  if (!doc) return error;
  std::string answer;
  CheckParams params;
  params.cancel = cancel;
  if (!get_string(*doc, "answer", answer, true, error) ||
      !get_string(*doc, "question", params.question, false, error)) {
    return error;
  }
  if (const auto it = doc->find("sources"); it != doc->end() && !it->is_null()) {
    if (!it->is_array()) return error_reply(400, kBadField, "the field 'sources' must be an array of strings");
    for (const json& s : *it) {
      if (!s.is_string()) return error_reply(400, kBadField, "the field 'sources' must be an array of strings");
      params.sources.push_back({"source " + std::to_string(params.sources.size() + 1), s.get<std::string>()});
    }
  }
  if (params.sources.empty()) {
    if (loaded.store.empty()) return error_reply(422, "no_sources", "no sources given and the server has no --store");
    params.store = loaded.store;
  }
  const std::optional<Model> model = model_for(loaded, *doc, error);
  if (!model) return error;
  Result<CheckReport> report = lmz::check(*model, answer, params);
  if (!report.ok()) return error_reply(report.status());
  return json_reply(report->json());
}

Reply logprobs_map(const std::string& body) {
  Result<Scores> scores = score_logprobs(body, "request");
  if (!scores.ok()) return error_reply(400, "bad_json", scores.status().message());
  return json_reply(scores->json());
}

Reply compress(const Loaded& loaded, const std::string& body, const Query& query, const Cancel& cancel) {
  CompressParams params;
  params.cancel = cancel;
  std::string name = "cm";
  bool compare = false;
  for (const auto& [key, value] : query) {
    if (key == "compare") {
      if (value != "true" && value != "false") return error_reply(400, kBadField, "compare must be true or false");
      compare = value == "true";
    } else if (key == "model") {
      name = value;
    } else if (key == "quality") {
      char* end = nullptr;
      const long q = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || q < 1 || q > 100) {
        return error_reply(400, kBadField, "quality must be an integer from 1 to 100");
      }
      params.quality = static_cast<int>(q);
    } else if (key == "mix") {
      if (value != "true" && value != "false") return error_reply(400, kBadField, "mix must be true or false");
      params.mix = value == "true";
    } else {
      return error_reply(400, kBadField, "unknown parameter '" + key + "'");
    }
  }
  const Model* model = loaded.find(name);
  if (model == nullptr) return error_reply(422, "unknown_model", "no model '" + name + "' is loaded");
  Result<std::vector<uint8_t>> archive = lmz::compress(*model, body, params);
  if (!archive.ok()) return error_reply(archive.status());
  Reply r;
  r.body.assign(archive->begin(), archive->end());
  r.content_type = "application/octet-stream";
  if (compare) {
    Result<ComparedSizes> sizes = compare_sizes(body);
    if (!sizes.ok()) return error_reply(sizes.status());
    r.headers = {{"X-Gzip-Bytes", std::to_string(sizes->gzip)}, {"X-Xz-Bytes", std::to_string(sizes->xz)}};
  }
  return r;
}

Reply decompress(const Loaded& loaded, const std::string& body, const Cancel& cancel) {
  // The archive names its model: the built-in one decodes alone, a GGUF one
  // needs the loaded model whose hash it records.
  Result<ArchiveSummary> summary = info(body.data(), body.size());
  if (!summary.ok()) return error_reply(summary.status());
  Status last = make_error(ErrorCode::kModelMismatch,
                           "the model this archive needs is not loaded (SHA-256 " + summary->model_sha256 + ")");
  for (const auto& [name, m] : loaded.models) {
    if (summary->model == "cm" ? !m.is_builtin() : m.is_builtin()) continue;
    DecompressParams params;
    params.model = &m;
    params.threads = 1;
    params.cancel = cancel;
    Result<std::vector<uint8_t>> content = lmz::decompress(body.data(), body.size(), params);
    if (content.ok()) {
      Reply r;
      r.body.assign(content->begin(), content->end());
      r.content_type = "application/octet-stream";
      return r;
    }
    last = content.status();
    if (last.code() != ErrorCode::kModelMismatch) break;
  }
  return error_reply(last);
}

}  // namespace lmz::server
