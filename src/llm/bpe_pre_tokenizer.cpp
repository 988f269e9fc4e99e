#include "llm/bpe_pre_tokenizer.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <map>
#include <mutex>

namespace lmz::llm {
namespace {

// The expression sets, by the family each pre-tokenizer name belongs to.
const char* const kLlama3[] = {
    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}"
    "\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    nullptr};
const char* const kQwen2[] = {
    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}"
    "\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    nullptr};
const char* const kGpt2[] = {"'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)", nullptr};
const char* const kStarcoder[] = {
    "\\p{N}", "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)", nullptr};
const char* const kFalcon[] = {"[\\p{P}\\$\\+<=>\\^~\\|`]+",
                               "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)",
                               "[0-9][0-9][0-9]", nullptr};
const char* const kDefault[] = {"[\\p{P}\\$\\+<=>\\^~\\|]+",
                                "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)",
                                "\\p{N}+", "[0-9][0-9][0-9]", nullptr};
const char* const kDeepseekCoder[] = {
    "[\\r\\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", "[\u4e00-\u9fa5\u0800-\u4e00\uac00-\ud7ff]+", "\\p{N}", nullptr};
const char* const kDeepseekLlm[] = {
    "[\\r\\n]",
    "\\s?[A-Za-z\u00b5\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u01ba\u01bc-\u01bf\u01c4-\u0293\u0295-\u02af\u0370-\u0373"
    "\u0376\u0377\u037b-\u037d\u037f\u0386\u0388-\u038a\u038c\u038e-\u03a1\u03a3-\u03f5\u03f7-\u0481\u048a-\u052f"
    "\u0531-\u0556\u10a0-\u10c5\u13a0-\u13f5\u13f8-\u13fd\u1c90-\u1cba\u1cbd-\u1cbf\u1d00-\u1d2b\u1d6b-\u1d77\u1d79-"
    "\u1d9a\u1e00-\u1f15\u1f18-\u1f1d\u1f20-\u1f45\u1f48-\u1f4d\u1f50-\u1f57\u1f59\u1f5b\u1f5d\u1f5f-\u1f7d\u1f80-"
    "\u1fb4\u1fb6-\u1fbc\u1fbe\u1fc2-\u1fc4\u1fc6-\u1fcc\u1fd0-\u1fd3\u1fd6-\u1fdb\u1fe0-\u1fec\u1ff2-\u1ff4\u1ff6-"
    "\u1ffc\u2102\u2107\u210a-\u2113\u2115\u2119-\u211d\u2124\u2126\u2128\u212a-\u212d\u212f-\u2134\u2139\u213c-"
    "\u213f\u2145-\u2149\u214e\u2183\u2184\u2c00-\u2c7b\u2c7e-\u2ce4\u2ceb-\u2cee\u2cf2\u2cf3\ua640-\ua66d\ua680-"
    "\ua69b\ua722-\ua76f\ua771-\ua787\ua78b-\ua78e\uab70-\uabbf\ufb00-\ufb06\ufb13-\ufb17\uff21-\uff3a\uff41-\uff5a"
    "\U00010400-\U0001044f\U000104b0-\U000104d3\U000104d8-\U000104fb\U00010c80-\U00010cb2\U00010cc0-\U00010cf2"
    "\U000118a0-\U000118df\U0001e900-\U0001e943]+",
    "\\s?[!-/:-~\uff01-\uff0f\uff1a-\uff5e\u2018-\u201f\u3000-\u3002]+",
    "\\s+$",
    "[\u4e00-\u9fa5\u0800-\u4e00\uac00-\ud7ff]+",
    "\\p{N}+",
    nullptr};

struct Family {
  const char* const* patterns;
  bool ignore_merges;
};

const std::map<std::string, Family, std::less<>>& families() {
  static const std::map<std::string, Family, std::less<>> kFamilies = {
      {"default", {kDefault, false}},
      {"gpt-2", {kGpt2, false}},
      {"phi-2", {kGpt2, false}},
      {"mpt", {kGpt2, false}},
      {"olmo", {kGpt2, false}},
      {"jais", {kGpt2, false}},
      {"llama-bpe", {kLlama3, true}},
      {"llama3", {kLlama3, true}},
      {"llama-v3", {kLlama3, true}},
      {"falcon3", {kLlama3, true}},
      {"dbrx", {kLlama3, false}},
      {"smaug-bpe", {kLlama3, false}},
      {"chatglm-bpe", {kLlama3, false}},
      {"qwen2", {kQwen2, false}},
      {"deepseek-r1-qwen", {kQwen2, false}},
      {"stablelm2", {kQwen2, false}},
      {"starcoder", {kStarcoder, false}},
      {"refact", {kStarcoder, false}},
      {"command-r", {kStarcoder, false}},
      {"smollm", {kStarcoder, false}},
      {"codeshell", {kStarcoder, false}},
      {"exaone", {kStarcoder, false}},
      {"falcon", {kFalcon, false}},
      {"deepseek-llm", {kDeepseekLlm, false}},
      {"deepseek-coder", {kDeepseekCoder, false}},
  };
  return kFamilies;
}

}  // namespace

// One compiled expression; the JIT makes matching fast, and match data is
// made per call so that one pre-tokenizer serves every thread.
struct PreTokenizer::Compiled {
  pcre2_code* code = nullptr;
  ~Compiled() {
    if (code != nullptr) pcre2_code_free(code);
  }
};

PreTokenizer::~PreTokenizer() = default;

Result<std::shared_ptr<const PreTokenizer>> PreTokenizer::named(std::string_view name) {
  // Compiled once per process and name.
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const PreTokenizer>, std::less<>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  const auto family = families().find(name);
  if (family == families().end()) {
    std::string known;
    for (const auto& [n, f] : families()) known += (known.empty() ? "" : ", ") + n;
    return make_error(ErrorCode::kUnsupportedModel,
                      "pre-tokenizer '" + std::string(name) + "' is not supported (lmz knows " + known + ")");
  }
  auto pre = std::shared_ptr<PreTokenizer>(new PreTokenizer());
  pre->name_ = std::string(name);
  pre->ignore_merges_ = family->second.ignore_merges;
  for (const char* const* p = family->second.patterns; *p != nullptr; ++p) {
    int error = 0;
    PCRE2_SIZE offset = 0;
    auto compiled = std::make_unique<Compiled>();
    compiled->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(*p), PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY, &error, &offset, nullptr);
    if (compiled->code == nullptr) {
      PCRE2_UCHAR message[256];
      pcre2_get_error_message(error, message, sizeof message);
      return make_error(ErrorCode::kInternal,
                        "pre-tokenizer '" + std::string(name) + "': " + reinterpret_cast<const char*>(message));
    }
    pcre2_jit_compile(compiled->code, PCRE2_JIT_COMPLETE);  // where the JIT is missing, matching still works
    pre->patterns_.push_back(std::move(compiled));
  }
  cache.emplace(std::string(name), pre);
  return std::shared_ptr<const PreTokenizer>(pre);
}

std::vector<std::string_view> PreTokenizer::split(std::string_view text) const {
  std::vector<std::string_view> pieces;
  if (!text.empty()) pieces.push_back(text);
  for (const auto& pattern : patterns_) {
    pcre2_match_data* match = pcre2_match_data_create_from_pattern(pattern->code, nullptr);
    std::vector<std::string_view> next;
    next.reserve(pieces.size() * 2);
    for (const std::string_view piece : pieces) {
      const auto* subject = reinterpret_cast<PCRE2_SPTR>(piece.data());
      size_t start = 0;  // the end of the last match
      size_t at = 0;     // where to search from
      while (at < piece.size()) {
        // The text has been checked as UTF-8 once, by the caller.
        const int rc = pcre2_match(pattern->code, subject, piece.size(), at, PCRE2_NO_UTF_CHECK, match, nullptr);
        if (rc < 0) break;
        const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(match);
        const size_t begin = ovector[0];
        const size_t end = ovector[1];
        if (end == begin) {  // an empty match: look again one character on
          at = begin + 1;
          while (at < piece.size() && (static_cast<unsigned char>(piece[at]) & 0xc0) == 0x80) ++at;
          continue;
        }
        if (begin > start) next.push_back(piece.substr(start, begin - start));
        next.push_back(piece.substr(begin, end - begin));
        start = at = end;
      }
      if (start < piece.size()) next.push_back(piece.substr(start));
    }
    pcre2_match_data_free(match);
    pieces = std::move(next);
  }
  return pieces;
}

}  // namespace lmz::llm
