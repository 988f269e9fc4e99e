#include "llm/bpe_tokenizer.h"

#include <algorithm>
#include <optional>

#include "core/bytes.h"
#include "core/utf8.h"
#include "llm/piece_merge.h"

namespace lmz::llm {
namespace {

Status corrupt(const std::string& message) {
  return make_error(ErrorCode::kCorrupt, "GGUF: " + message);
}

// GPT-2's printable stand-in of each byte: bytes that print as themselves
// (! to ~, the Latin-1 letters and signs but the soft hyphen) are their own
// code point; the others take 256, 257, ... in byte order.
struct ByteMap {
  std::string utf8[256];                          // the stand-in of each byte, as UTF-8
  std::unordered_map<uint32_t, uint8_t> byte_of;  // code point -> byte
  ByteMap() {
    uint32_t next = 256;
    for (uint32_t b = 0; b < 256; ++b) {
      const bool prints = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
      const uint32_t cp = prints ? b : next++;
      byte_of[cp] = static_cast<uint8_t>(b);
      std::string& s = utf8[b];
      if (cp < 0x80) {
        s += static_cast<char>(cp);
      } else {
        s += static_cast<char>(0xc0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3f));
      }
    }
  }
};

const ByteMap& byte_map() {
  static const ByteMap kMap;
  return kMap;
}

}  // namespace

Result<std::unique_ptr<BpeTokenizer>> BpeTokenizer::from_gguf(const GgufFile& file) {
  auto tokenizer = std::unique_ptr<BpeTokenizer>(new BpeTokenizer());
  BpeTokenizer& t = *tokenizer;
  std::string pre_name = "default";
  if (const GgufValue* pre = file.find("tokenizer.ggml.pre")) {
    if (pre->type != GgufValueType::kString) return corrupt("tokenizer.ggml.pre is not a string");
    pre_name = std::string(pre->str);
  }
  LMZ_ASSIGN_OR_RETURN(std::shared_ptr<const PreTokenizer> pre, PreTokenizer::named(pre_name));
  t.pre_ = pre;

  LMZ_ASSIGN_OR_RETURN(std::vector<std::string_view> tokens, file.get_string_array("tokenizer.ggml.tokens"));
  const uint64_t n = tokens.size();
  if (n == 0 || n > (1u << 24)) return corrupt("vocabulary of " + std::to_string(n) + " tokens");
  t.tokens_.assign(tokens.begin(), tokens.end());
  t.kinds_.assign(n, TokenKind::kNormal);
  if (file.find("tokenizer.ggml.token_type") != nullptr) {
    LMZ_ASSIGN_OR_RETURN(std::vector<int32_t> kinds, file.get_i32_array("tokenizer.ggml.token_type", n));
    for (uint64_t i = 0; i < n; ++i) {
      const int32_t kind = (kinds)[i];
      if (kind < 1 || kind > 6)
        return corrupt("token " + std::to_string(i) + " has unknown type " + std::to_string(kind));
      t.kinds_[i] = static_cast<TokenKind>(kind);
    }
  }
  for (int32_t i = 0; i < static_cast<int32_t>(n); ++i) {
    t.index_.emplace(t.tokens_[i], i);  // first wins
    if (t.kinds_[i] == TokenKind::kUserDefined && !t.tokens_[i].empty()) t.user_defined_.push_back(i);
  }
  std::stable_sort(t.user_defined_.begin(), t.user_defined_.end(),
                   [&](int32_t a, int32_t b) { return t.tokens_[a].size() > t.tokens_[b].size(); });

  LMZ_ASSIGN_OR_RETURN(std::vector<std::string_view> merges, file.get_string_array("tokenizer.ggml.merges"));
  t.merges_.reserve(merges.size());
  for (size_t r = 0; r < merges.size(); ++r) {
    const std::string_view m = (merges)[r];
    // "left right": the left part is never empty, so the separator is the
    // first space after the first byte.
    const size_t space = m.size() > 1 ? m.find(' ', 1) : std::string_view::npos;
    if (space == std::string_view::npos || space + 1 >= m.size()) {
      return corrupt("merge " + std::to_string(r) + " is not two tokens separated by a space");
    }
    if (t.find(m.substr(0, space)) < 0 || t.find(m.substr(space + 1)) < 0) {
      return corrupt("merge " + std::to_string(r) + " names a token the vocabulary lacks");
    }
    t.merges_.emplace_back(m);
  }
  for (size_t r = 0; r < t.merges_.size(); ++r) t.ranks_.emplace(t.merges_[r], static_cast<int32_t>(r));  // first wins

  const ByteMap& map = byte_map();
  for (int b = 0; b < 256; ++b) t.byte_tokens_[b] = t.find(map.utf8[b]);

  auto special = [&](const char* key, int32_t& out) -> Status {
    const GgufValue* v = file.find(key);
    if (v == nullptr) return Status::success();
    LMZ_ASSIGN_OR_RETURN(uint64_t id, file.get_uint(key));
    if (id >= n) return corrupt(std::string(key) + " " + std::to_string(id) + " is not a token");
    out = static_cast<int32_t>(id);
    return Status::success();
  };
  LMZ_RETURN_IF_ERROR(special("tokenizer.ggml.bos_token_id", t.bos_));
  LMZ_RETURN_IF_ERROR(special("tokenizer.ggml.eos_token_id", t.eos_));
  LMZ_RETURN_IF_ERROR(special("tokenizer.ggml.unknown_token_id", t.unknown_));
  // A window starts with BOS; a vocabulary without one starts with its end
  // of text, as GPT-2 does.
  if (t.bos_ < 0) t.bos_ = t.eos_ >= 0 ? t.eos_ : 0;
  if (t.eos_ < 0) t.eos_ = t.bos_;
  if (t.unknown_ < 0) t.unknown_ = t.eos_;
  if (const GgufValue* bos = file.find("tokenizer.ggml.add_bos_token")) {
    if (bos->type != GgufValueType::kBool) return corrupt("tokenizer.ggml.add_bos_token is not a bool");
    t.add_bos_ = bos->u != 0;
  }

  Sha256 hasher;
  Bytes record;
  ByteWriter out(record);
  out.bytes(ByteSpan(reinterpret_cast<const uint8_t*>("lmz-bpe-1"), 9));
  auto text = [&](std::string_view s) {
    out.u64(s.size());
    out.bytes(ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
  };
  text(t.pre_->name());
  out.u64(n);
  for (uint64_t i = 0; i < n; ++i) {
    text(t.tokens_[i]);
    out.u32(static_cast<uint32_t>(t.kinds_[i]));
  }
  out.u64(t.merges_.size());
  for (const std::string& m : t.merges_) text(m);
  out.u32(static_cast<uint32_t>(t.bos_));
  out.u32(static_cast<uint32_t>(t.eos_));
  out.u32(static_cast<uint32_t>(t.unknown_));
  out.u8(t.add_bos_ ? 1 : 0);
  hasher.update(record);
  t.identity_ = hasher.digest();
  return tokenizer;
}

int32_t BpeTokenizer::find(std::string_view text) const {
  const auto it = index_.find(text);
  return it == index_.end() ? -1 : it->second;
}

int32_t BpeTokenizer::merge_rank(std::string_view left, std::string_view right, std::string& scratch) const {
  scratch.assign(left);
  scratch += ' ';
  scratch += right;
  const auto it = ranks_.find(scratch);
  return it == ranks_.end() ? -1 : it->second;
}

void BpeTokenizer::encode_word(std::string_view word, std::vector<int32_t>& ids, std::string& scratch) const {
  // The word's bytes as their stand-ins.
  std::string mapped;
  const ByteMap& map = byte_map();
  for (char c : word) mapped += map.utf8[static_cast<uint8_t>(c)];
  if (pre_->ignore_merges()) {
    if (const int32_t id = find(mapped); id >= 0) {
      ids.push_back(id);
      return;
    }
  }
  // Merged lowest merge rank first, while a merge applies.
  const auto pieces = merge_pieces(mapped, [&](std::string_view left, std::string_view right) -> std::optional<double> {
    const int32_t rank = merge_rank(left, right, scratch);
    if (rank < 0) return std::nullopt;
    return -static_cast<double>(rank);
  });
  for (const std::string_view piece : pieces) {
    if (const int32_t id = find(piece); id >= 0) {
      ids.push_back(id);
      continue;
    }
    // Not a token: its characters' tokens, one by one.
    for (size_t pos = 0; pos < piece.size();) {
      const size_t length = std::min(utf8_char_length(static_cast<uint8_t>(piece[pos])), piece.size() - pos);
      if (const int32_t id = find(piece.substr(pos, length)); id >= 0) ids.push_back(id);
      pos += length;
    }
  }
}

std::vector<int32_t> BpeTokenizer::encode(std::string_view text, bool /*space_prefix*/) const {
  // Invalid UTF-8 becomes U+FFFD, as the reference reads it.
  std::string valid;
  valid.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t n = valid_utf8_length(text, i);
    if (n == 0) {
      valid += "\xef\xbf\xbd";
      ++i;
    } else {
      valid.append(text.substr(i, n));
      i += n;
    }
  }
  // Fragments of text, and user-defined tokens found in it (id >= 0).
  struct Fragment {
    std::string_view text;
    int32_t id;
  };
  std::vector<Fragment> fragments = {{valid, -1}};
  for (const int32_t special : user_defined_) {
    const std::string_view needle = tokens_[special];
    std::vector<Fragment> next;
    for (const Fragment& f : fragments) {
      if (f.id >= 0 || f.text.find(needle) == std::string_view::npos) {
        next.push_back(f);
        continue;
      }
      size_t start = 0;
      for (size_t at = f.text.find(needle); at != std::string_view::npos; at = f.text.find(needle, start)) {
        if (at > start) next.push_back({f.text.substr(start, at - start), -1});
        next.push_back({needle, special});
        start = at + needle.size();
      }
      if (start < f.text.size()) next.push_back({f.text.substr(start), -1});
    }
    fragments = std::move(next);
  }
  std::vector<int32_t> ids;
  std::string scratch;
  for (const Fragment& f : fragments) {
    if (f.id >= 0) {
      ids.push_back(f.id);
      continue;
    }
    for (const std::string_view word : pre_->split(f.text)) encode_word(word, ids, scratch);
  }
  return ids;
}

std::string BpeTokenizer::piece(int32_t id) const {
  if (id < 0 || id >= n_vocab()) return {};
  switch (kinds_[id]) {
    case TokenKind::kControl:
    case TokenKind::kUnknown:
      return {};
    case TokenKind::kUserDefined:
      return tokens_[id];
    default:
      break;
  }
  // Each stand-in back to its byte; a code point that stands for no byte
  // (a vocabulary that writes raw text) as itself.
  const ByteMap& map = byte_map();
  const std::string& text = tokens_[id];
  std::string out;
  for (size_t pos = 0; pos < text.size();) {
    const size_t n = valid_utf8_length(text, pos);
    if (n == 0) {
      out += text[pos++];
      continue;
    }
    const auto it = map.byte_of.find(utf8_code_point(text, pos, n));
    if (it != map.byte_of.end())
      out += static_cast<char>(it->second);
    else
      out.append(text, pos, n);
    pos += n;
  }
  return out;
}

std::string BpeTokenizer::decode(std::span<const int32_t> ids) const {
  std::string out;
  for (int32_t id : ids) out += piece(id);
  return out;
}

}  // namespace lmz::llm
