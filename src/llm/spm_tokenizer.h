// The SentencePiece-style tokenizer of llama-family GGUF files
// (tokenizer.ggml.model = "llama"), built from the file's metadata.
//
// Encoding follows the reference: a space is put before the text (unless the
// file says tokenizer.ggml.add_space_prefix = false), spaces become U+2581,
// the text is split into UTF-8 characters, and adjacent pieces are merged,
// best vocabulary score first (leftmost on ties), while the merged piece is a
// token. A character that is not a token is written as its bytes' <0xXX>
// tokens (byte fallback), or as the unknown token when those are missing.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/sha256.h"
#include "llm/gguf.h"
#include "llm/tokenizer.h"
#include "lmz/status.h"

namespace lmz::llm {

class SpmTokenizer final : public Tokenizer {
 public:
  static Result<std::unique_ptr<SpmTokenizer>> from_gguf(const GgufFile& file);

  using Tokenizer::encode;
  std::vector<int32_t> encode(std::string_view text, bool space_prefix) const override;
  // The bytes token `id` stands for: U+2581 as a space, <0xXX> as its byte,
  // control and unknown tokens as nothing.
  std::string piece(int32_t id) const override;
  // Text of a sequence as SentencePiece decodes it: pieces joined, the space
  // the encoder put first removed from the first piece after BOS.
  std::string decode(std::span<const int32_t> ids) const override;

  int32_t n_vocab() const override { return static_cast<int32_t>(tokens_.size()); }
  int32_t bos() const override { return bos_; }
  int32_t eos() const override { return eos_; }
  int32_t unknown() const override { return unknown_; }
  bool add_bos() const override { return add_bos_; }
  bool add_space_prefix() const override { return add_space_prefix_; }
  TokenKind kind(int32_t id) const override { return kinds_[id]; }
  // The <0xXX> token of a byte, or -1 when the vocabulary lacks it.
  int32_t byte_token(uint8_t byte) const override { return byte_tokens_[byte]; }
  bool uses_space_mark() const override { return true; }
  // SHA-256 over everything that decides encoding and decoding: the token
  // texts, scores and kinds, the special ids and the space-prefix flag.
  const Sha256Digest& identity() const override { return identity_; }
  std::string kind_name() const override { return "SentencePiece"; }

 private:
  SpmTokenizer() = default;
  int32_t find(std::string_view text) const;

  std::vector<std::string> tokens_;
  std::vector<float> scores_;
  std::vector<TokenKind> kinds_;
  std::unordered_map<std::string_view, int32_t> index_;
  int32_t byte_tokens_[256] = {};
  std::vector<int16_t> byte_of_token_;  // (n_vocab) the byte of a <0xXX> token, else -1
  int32_t bos_ = 1;
  int32_t eos_ = 2;
  int32_t unknown_ = 0;
  bool add_bos_ = true;
  bool add_space_prefix_ = true;
  Sha256Digest identity_{};
};

}  // namespace lmz::llm
