#include "llm/bpe_tokenizer.h"

#include <algorithm>
#include <queue>

#include "core/bytes.h"

namespace lmz::llm {
namespace {

Status corrupt(const std::string& message) { return make_error(ErrorCode::kCorrupt, "GGUF: " + message); }

// GPT-2's printable stand-in of each byte: bytes that print as themselves
// (! to ~, the Latin-1 letters and signs but the soft hyphen) are their own
// code point; the others take 256, 257, ... in byte order.
struct ByteMap {
  std::string utf8[256];            // the stand-in of each byte, as UTF-8
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

// The length of the UTF-8 sequence at text[i] when it is valid, else 0.
size_t valid_utf8_at(std::string_view text, size_t i) {
  const auto c = static_cast<uint8_t>(text[i]);
  if (c < 0x80) return 1;
  size_t n = 0;
  uint32_t cp = 0;
  if (c >= 0xc2 && c <= 0xdf) n = 2, cp = c & 0x1f;
  else if (c >= 0xe0 && c <= 0xef) n = 3, cp = c & 0x0f;
  else if (c >= 0xf0 && c <= 0xf4) n = 4, cp = c & 0x07;
  else return 0;
  if (i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto d = static_cast<uint8_t>(text[i + k]);
    if ((d & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (d & 0x3f);
  }
  if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff))) return 0;
  return n;
}

size_t utf8_length(uint8_t lead) { return lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4; }

// A merge candidate: two adjacent symbols of a word.
struct Bigram {
  int32_t rank;
  int left;
  size_t length;  // bytes of the merged text, to notice stale entries
  bool operator<(const Bigram& other) const {  // lowest rank first, then leftmost
    return rank > other.rank || (rank == other.rank && left > other.left);
  }
};

struct Symbol {
  int prev;
  int next;
  size_t start;
  size_t length;
};

}  // namespace

Result<std::unique_ptr<BpeTokenizer>> BpeTokenizer::from_gguf(const GgufFile& file) {
  auto tokenizer = std::unique_ptr<BpeTokenizer>(new BpeTokenizer());
  BpeTokenizer& t = *tokenizer;
  std::string pre_name = "default";
  if (const GgufValue* pre = file.find("tokenizer.ggml.pre")) {
    if (pre->type != GgufValueType::kString) return corrupt("tokenizer.ggml.pre is not a string");
    pre_name = std::string(pre->str);
  }
  Result<std::shared_ptr<const PreTokenizer>> pre = PreTokenizer::named(pre_name);
  if (!pre.ok()) return pre.status();
  t.pre_ = *pre;

  Result<std::vector<std::string_view>> tokens = file.get_string_array("tokenizer.ggml.tokens");
  if (!tokens.ok()) return tokens.status();
  const uint64_t n = tokens->size();
  if (n == 0 || n > (1u << 24)) return corrupt("vocabulary of " + std::to_string(n) + " tokens");
  t.tokens_.assign(tokens->begin(), tokens->end());
  t.kinds_.assign(n, TokenKind::kNormal);
  if (file.find("tokenizer.ggml.token_type") != nullptr) {
    Result<std::vector<int32_t>> kinds = file.get_i32_array("tokenizer.ggml.token_type", n);
    if (!kinds.ok()) return kinds.status();
    for (uint64_t i = 0; i < n; ++i) {
      const int32_t kind = (*kinds)[i];
      if (kind < 1 || kind > 6) return corrupt("token " + std::to_string(i) + " has unknown type " + std::to_string(kind));
      t.kinds_[i] = static_cast<TokenKind>(kind);
    }
  }
  for (int32_t i = 0; i < static_cast<int32_t>(n); ++i) {
    t.index_.emplace(t.tokens_[i], i);  // first wins
    if (t.kinds_[i] == TokenKind::kUserDefined && !t.tokens_[i].empty()) t.user_defined_.push_back(i);
  }
  std::stable_sort(t.user_defined_.begin(), t.user_defined_.end(),
                   [&](int32_t a, int32_t b) { return t.tokens_[a].size() > t.tokens_[b].size(); });

  Result<std::vector<std::string_view>> merges = file.get_string_array("tokenizer.ggml.merges");
  if (!merges.ok()) return merges.status();
  t.merges_.reserve(merges->size());
  for (size_t r = 0; r < merges->size(); ++r) {
    const std::string_view m = (*merges)[r];
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
    Result<uint64_t> id = file.get_uint(key);
    if (!id.ok()) return id.status();
    if (*id >= n) return corrupt(std::string(key) + " " + std::to_string(*id) + " is not a token");
    out = static_cast<int32_t>(*id);
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
  std::vector<Symbol> symbols;
  for (size_t pos = 0; pos < mapped.size();) {
    const size_t length = std::min(utf8_length(static_cast<uint8_t>(mapped[pos])), mapped.size() - pos);
    const int index = static_cast<int>(symbols.size());
    symbols.push_back({index - 1, -1, pos, length});
    if (index > 0) symbols[index - 1].next = index;
    pos += length;
  }
  std::priority_queue<Bigram> queue;
  auto try_pair = [&](int left, int right) {
    if (left < 0 || right < 0) return;
    const std::string_view a(mapped.data() + symbols[left].start, symbols[left].length);
    const std::string_view b(mapped.data() + symbols[right].start, symbols[right].length);
    const int32_t rank = merge_rank(a, b, scratch);
    if (rank >= 0) queue.push({rank, left, a.size() + b.size()});
  };
  for (size_t i = 1; i < symbols.size(); ++i) try_pair(static_cast<int>(i) - 1, static_cast<int>(i));
  while (!queue.empty()) {
    const Bigram top = queue.top();
    queue.pop();
    Symbol& left = symbols[top.left];
    if (left.length == 0 || left.next < 0) continue;
    Symbol& right = symbols[left.next];
    if (right.length == 0 || left.length + right.length != top.length) continue;  // stale
    left.length += right.length;
    right.length = 0;
    left.next = right.next;
    if (right.next >= 0) symbols[right.next].prev = top.left;
    try_pair(left.prev, top.left);
    try_pair(top.left, left.next);
  }
  for (int i = symbols.empty() ? -1 : 0; i >= 0; i = symbols[i].next) {
    const std::string_view piece(mapped.data() + symbols[i].start, symbols[i].length);
    if (const int32_t id = find(piece); id >= 0) {
      ids.push_back(id);
      continue;
    }
    // Not a token: its characters' tokens, one by one.
    for (size_t pos = 0; pos < piece.size();) {
      const size_t length = std::min(utf8_length(static_cast<uint8_t>(piece[pos])), piece.size() - pos);
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
    const size_t n = valid_utf8_at(text, i);
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
    case TokenKind::kUnknown: return {};
    case TokenKind::kUserDefined: return tokens_[id];
    default: break;
  }
  // Each stand-in back to its byte; a code point that stands for no byte
  // (a vocabulary that writes raw text) as itself.
  const ByteMap& map = byte_map();
  const std::string& text = tokens_[id];
  std::string out;
  for (size_t pos = 0; pos < text.size();) {
    const size_t n = valid_utf8_at(text, pos);
    if (n == 0) {
      out += text[pos++];
      continue;
    }
    uint32_t cp = static_cast<uint8_t>(text[pos]);
    if (n > 1) {
      cp &= (0xff >> (n + 1));
      for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<uint8_t>(text[pos + k]) & 0x3f);
    }
    const auto it = map.byte_of.find(cp);
    if (it != map.byte_of.end()) out += static_cast<char>(it->second);
    else out.append(text, pos, n);
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
