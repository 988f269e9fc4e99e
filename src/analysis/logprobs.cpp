#include "analysis/logprobs.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace lmz::analysis {
namespace {

using nlohmann::json;

constexpr double kLn2 = 0.69314718055994530942;

Status bad(const std::string& what) {
  return make_error(ErrorCode::kInvalidArgument, "logprobs: " + what);
}

// One scored token as the APIs describe it.
struct RawToken {
  std::string bytes;
  double logprob = 0.0;
  std::vector<std::pair<std::string, double>> top;  // text, logprob
};

std::string token_bytes(const json& entry, const char* text_key) {
  if (entry.contains("bytes") && entry["bytes"].is_array()) {
    std::string out;
    for (const json& b : entry["bytes"]) {
      if (b.is_number_integer() && b.get<int>() >= 0 && b.get<int>() < 256)
        out.push_back(static_cast<char>(b.get<int>()));
    }
    return out;
  }
  return entry.contains(text_key) && entry[text_key].is_string() ? entry[text_key].get<std::string>() : std::string();
}

Result<RawToken> read_entry(const json& entry, size_t index) {
  if (!entry.is_object()) return bad("token " + std::to_string(index) + " is not an object");
  RawToken t;
  const char* text_key = entry.contains("token") ? "token" : entry.contains("tok_str") ? "tok_str" : "content";
  t.bytes = token_bytes(entry, text_key);
  if (entry.contains("logprob") && entry["logprob"].is_number()) {
    t.logprob = entry["logprob"].get<double>();
  } else if (entry.contains("probs") && entry["probs"].is_array() && !entry["probs"].empty()) {
    // llama.cpp's older form: the chosen token's probability among the listed ones.
    for (const json& p : entry["probs"]) {
      if (p.value("tok_str", std::string()) == t.bytes && p.contains("prob"))
        t.logprob = std::log(p["prob"].get<double>());
    }
  } else {
    return bad("token " + std::to_string(index) + " has no logprob");
  }
  const json* top = nullptr;
  if (entry.contains("top_logprobs") && entry["top_logprobs"].is_array()) top = &entry["top_logprobs"];
  if (top != nullptr) {
    for (const json& alt : *top) {
      if (!alt.is_object()) continue;
      const char* key = alt.contains("token") ? "token" : "tok_str";
      if (alt.contains("logprob") && alt["logprob"].is_number())
        t.top.push_back({token_bytes(alt, key), alt["logprob"].get<double>()});
    }
  } else if (entry.contains("probs") && entry["probs"].is_array()) {
    for (const json& p : entry["probs"]) {
      if (p.contains("prob") && p["prob"].is_number() && p["prob"].get<double>() > 0) {
        t.top.push_back({p.value("tok_str", std::string()), std::log(p["prob"].get<double>())});
      }
    }
  }
  if (!(t.logprob <= 0.0) || !std::isfinite(t.logprob)) {
    return bad("token " + std::to_string(index) + " has logprob " + std::to_string(t.logprob) + ", not in (-inf, 0]");
  }
  return t;
}

Result<std::vector<RawToken>> read_tokens(const json& doc) {
  std::vector<RawToken> out;
  auto read_array = [&](const json& entries) -> Status {
    for (size_t i = 0; i < entries.size(); ++i) {
      LMZ_ASSIGN_OR_RETURN(RawToken t, read_entry(entries[i], i));
      out.push_back(std::move(t));
    }
    return Status::success();
  };
  if (doc.contains("choices") && doc["choices"].is_array() && !doc["choices"].empty()) {
    const json& choice = doc["choices"][0];
    if (!choice.contains("logprobs") || choice["logprobs"].is_null()) {
      return bad("the response carries no logprobs (ask for them with \"logprobs\": true)");
    }
    const json& lp = choice["logprobs"];
    if (lp.contains("content") && lp["content"].is_array()) {
      LMZ_RETURN_IF_ERROR(read_array(lp["content"]));
      return out;
    }
    if (lp.contains("tokens") && lp["tokens"].is_array() && lp.contains("token_logprobs")) {
      const json& tokens = lp["tokens"];
      const json& logprobs = lp["token_logprobs"];
      if (!logprobs.is_array() || logprobs.size() != tokens.size())
        return bad("tokens and token_logprobs differ in length");
      for (size_t i = 0; i < tokens.size(); ++i) {
        if (!tokens[i].is_string() || !logprobs[i].is_number())
          return bad("token " + std::to_string(i) + " is malformed");
        RawToken t;
        t.bytes = tokens[i].get<std::string>();
        t.logprob = logprobs[i].get<double>();
        if (!(t.logprob <= 0.0)) return bad("token " + std::to_string(i) + " has a positive logprob");
        if (lp.contains("top_logprobs") && lp["top_logprobs"].is_array() && i < lp["top_logprobs"].size() &&
            lp["top_logprobs"][i].is_object()) {
          for (const auto& [text, value] : lp["top_logprobs"][i].items()) {
            if (value.is_number()) t.top.push_back({text, value.get<double>()});
          }
        }
        out.push_back(std::move(t));
      }
      return out;
    }
    return bad("choices[0].logprobs has neither content nor tokens");
  }
  if (doc.contains("completion_probabilities") && doc["completion_probabilities"].is_array()) {
    LMZ_RETURN_IF_ERROR(read_array(doc["completion_probabilities"]));
    return out;
  }
  if (doc.contains("logprobs") && doc["logprobs"].is_array()) {
    LMZ_RETURN_IF_ERROR(read_array(doc["logprobs"]));
    return out;
  }
  return bad("no log-probabilities found (expected choices[0].logprobs, completion_probabilities or logprobs)");
}

// The deepest nesting of arrays and objects, outside strings: the parser
// recurses, so absurdly deep input is refused before it is parsed.
size_t nesting_depth(const std::string& text) {
  size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

Result<LogprobAnswer> parse_logprobs(const std::string& json_text, const std::string& source_name) {
  if (nesting_depth(json_text) > 256) return bad("JSON nested deeper than 256 levels");
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::exception& e) {
    return bad(std::string("not valid JSON: ") + e.what());
  }
  LMZ_ASSIGN_OR_RETURN(std::vector<RawToken> tokens, read_tokens(doc));
  LogprobAnswer answer;
  answer.scoring.model = source_name;
  if (doc.contains("model") && doc["model"].is_string()) answer.scoring.model = doc["model"].get<std::string>();
  answer.scoring.unit = "token";
  answer.scoring.entropy_is_lower_bound = true;
  for (const RawToken& raw : tokens) {
    TokenScore t;
    t.begin = answer.text.size();
    answer.text += raw.bytes;
    t.end = answer.text.size();
    t.bits = -raw.logprob / kLn2;
    if (!raw.top.empty()) {
      t.has_distribution = true;
      double mass = 0.0, entropy = 0.0;
      uint32_t above = 0;
      for (const auto& [text, logprob] : raw.top) {
        const double p = std::exp(logprob);
        mass += p;
        if (p > 0) entropy -= p * std::log2(p);
        above += logprob > raw.logprob ? 1 : 0;
        t.top.push_back({text, p});
      }
      const double rest = 1.0 - mass;
      if (rest > 1e-12) entropy -= rest * std::log2(rest);
      t.entropy_bits = entropy;
      t.rank = above + 1;
    }
    answer.scoring.tokens.push_back(std::move(t));
  }
  return answer;
}

}  // namespace lmz::analysis
