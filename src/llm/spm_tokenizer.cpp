#include "llm/spm_tokenizer.h"

#include <bit>
#include <cstdio>
#include <optional>

#include "llm/piece_merge.h"

namespace lmz::llm {
namespace {

constexpr std::string_view kSpaceMark = "\xe2\x96\x81";  // U+2581, SentencePiece's visible space

}  // namespace

Result<std::unique_ptr<SpmTokenizer>> SpmTokenizer::from_gguf(const GgufFile& file) {
  LMZ_ASSIGN_OR_RETURN(std::string_view model, file.get_string("tokenizer.ggml.model"));
  if (model != "llama") {
    return make_error(ErrorCode::kUnsupportedModel,
                      "tokenizer '" + std::string(model) + "' is not supported (only SentencePiece, 'llama', is)");
  }
  LMZ_ASSIGN_OR_RETURN(std::vector<std::string_view> tokens, file.get_string_array("tokenizer.ggml.tokens"));
  const uint64_t n = tokens.size();
  if (n == 0 || n > (1u << 24))
    return make_error(ErrorCode::kCorrupt, "GGUF: vocabulary of " + std::to_string(n) + " tokens");
  LMZ_ASSIGN_OR_RETURN(std::vector<float> scores, file.get_f32_array("tokenizer.ggml.scores", n));
  LMZ_ASSIGN_OR_RETURN(std::vector<int32_t> kinds, file.get_i32_array("tokenizer.ggml.token_type", n));

  auto tokenizer = std::unique_ptr<SpmTokenizer>(new SpmTokenizer());
  SpmTokenizer& t = *tokenizer;
  t.tokens_.assign(tokens.begin(), tokens.end());
  t.scores_ = std::move(scores);
  t.kinds_.resize(n);
  for (uint64_t i = 0; i < n; ++i) {
    const int32_t kind = (kinds)[i];
    if (kind < 1 || kind > 6) {
      return make_error(ErrorCode::kCorrupt,
                        "GGUF: token " + std::to_string(i) + " has unknown type " + std::to_string(kind));
    }
    t.kinds_[i] = static_cast<TokenKind>(kind);
  }
  for (int32_t i = 0; i < static_cast<int32_t>(n); ++i) t.index_.emplace(t.tokens_[i], i);  // first wins
  for (int b = 0; b < 256; ++b) {
    char name[8];
    std::snprintf(name, sizeof name, "<0x%02X>", b);
    const int32_t id = t.find(name);
    t.byte_tokens_[b] = id >= 0 && t.kinds_[id] == TokenKind::kByte ? id : -1;
  }
  t.byte_of_token_.assign(n, -1);
  for (int b = 0; b < 256; ++b) {
    if (t.byte_tokens_[b] >= 0) t.byte_of_token_[t.byte_tokens_[b]] = static_cast<int16_t>(b);
  }
  auto special = [&](const char* key, int32_t fallback, int32_t& out) -> Status {
    LMZ_ASSIGN_OR_RETURN(uint64_t id, file.get_uint_or(key, static_cast<uint64_t>(fallback)));
    if (id >= n)
      return make_error(ErrorCode::kCorrupt,
                        std::string("GGUF: ") + key + " " + std::to_string(id) + " is not a token");
    out = static_cast<int32_t>(id);
    return Status::success();
  };
  LMZ_RETURN_IF_ERROR(special("tokenizer.ggml.bos_token_id", 1, t.bos_));
  LMZ_RETURN_IF_ERROR(special("tokenizer.ggml.eos_token_id", 2, t.eos_));
  LMZ_RETURN_IF_ERROR(special("tokenizer.ggml.unknown_token_id", 0, t.unknown_));
  if (const GgufValue* bos = file.find("tokenizer.ggml.add_bos_token")) {
    if (bos->type != GgufValueType::kBool)
      return make_error(ErrorCode::kCorrupt, "GGUF: tokenizer.ggml.add_bos_token is not a bool");
    t.add_bos_ = bos->u != 0;
  }
  if (const GgufValue* prefix = file.find("tokenizer.ggml.add_space_prefix")) {
    if (prefix->type != GgufValueType::kBool)
      return make_error(ErrorCode::kCorrupt, "GGUF: tokenizer.ggml.add_space_prefix is not a bool");
    t.add_space_prefix_ = prefix->u != 0;
  }

  Sha256 hasher;
  Bytes record;
  ByteWriter out(record);
  out.bytes(ByteSpan(reinterpret_cast<const uint8_t*>("lmz-spm-1"), 9));
  out.u64(n);
  for (uint64_t i = 0; i < n; ++i) {
    out.u64(t.tokens_[i].size());
    out.bytes(ByteSpan(reinterpret_cast<const uint8_t*>(t.tokens_[i].data()), t.tokens_[i].size()));
    out.u32(std::bit_cast<uint32_t>(t.scores_[i]));
    out.u32(static_cast<uint32_t>(t.kinds_[i]));
  }
  out.u32(static_cast<uint32_t>(t.bos_));
  out.u32(static_cast<uint32_t>(t.eos_));
  out.u32(static_cast<uint32_t>(t.unknown_));
  out.u8(t.add_space_prefix_ ? 1 : 0);
  hasher.update(record);
  t.identity_ = hasher.digest();
  return tokenizer;
}

int32_t SpmTokenizer::find(std::string_view text) const {
  const auto it = index_.find(text);
  return it == index_.end() ? -1 : it->second;
}

std::vector<int32_t> SpmTokenizer::encode(std::string_view text, bool space_prefix) const {
  std::vector<int32_t> ids;
  if (text.empty()) return ids;
  std::string escaped;
  escaped.reserve(text.size() + 8);
  if (space_prefix) escaped += kSpaceMark;
  for (char c : text) {
    if (c == ' ') {
      escaped += kSpaceMark;
    } else {
      escaped += c;
    }
  }

  // Merged best vocabulary score first, while the merged piece is a token.
  const auto pieces =
      merge_pieces(escaped, [&](std::string_view left, std::string_view right) -> std::optional<double> {
        const int32_t id = find(std::string_view(left.data(), left.size() + right.size()));
        if (id < 0) return std::nullopt;
        return scores_[id];
      });
  for (const std::string_view piece : pieces) {
    const int32_t id = find(piece);
    if (id >= 0) {
      ids.push_back(id);
      continue;
    }
    for (char c : piece) {
      const int32_t byte_id = byte_tokens_[static_cast<uint8_t>(c)];
      ids.push_back(byte_id >= 0 ? byte_id : unknown_);
    }
  }
  return ids;
}

std::string SpmTokenizer::piece(int32_t id) const {
  if (id < 0 || id >= n_vocab()) return {};
  switch (kinds_[id]) {
    case TokenKind::kControl:
    case TokenKind::kUnknown:
      return {};
    case TokenKind::kByte:
      if (byte_of_token_[id] >= 0) return std::string(1, static_cast<char>(byte_of_token_[id]));
      return {};
    default:
      break;
  }
  std::string out;
  const std::string& text = tokens_[id];
  for (size_t pos = 0; pos < text.size();) {
    if (text.compare(pos, kSpaceMark.size(), kSpaceMark) == 0) {
      out += ' ';
      pos += kSpaceMark.size();
    } else {
      out += text[pos++];
    }
  }
  return out;
}

std::string SpmTokenizer::decode(std::span<const int32_t> ids) const {
  std::string out;
  bool at_start = true;
  for (int32_t id : ids) {
    if (id == bos_) {
      at_start = true;
      continue;
    }
    std::string text = piece(id);
    if (at_start && add_space_prefix_ && !text.empty() && text[0] == ' ') text.erase(0, 1);
    if (!text.empty()) at_start = false;
    out += text;
  }
  return out;
}

}  // namespace lmz::llm
