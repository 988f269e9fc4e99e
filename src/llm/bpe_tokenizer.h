// The byte-level BPE tokenizer of GGUF files (tokenizer.ggml.model = "gpt2":
// GPT-2, Llama 3, Qwen, SmolLM, DeepSeek, Falcon, StarCoder...), built from
// the file's tokens, merges and pre-tokenizer name.
//
// Encoding follows the reference: invalid UTF-8 becomes U+FFFD; the
// pre-tokenizer (bpe_pre_tokenizer.h) cuts the text into words; each word's
// bytes are written as GPT-2's printable stand-ins (byte b -> one code point)
// and its characters merged, lowest merge rank first (leftmost on ties),
// while a merge applies; each piece left is a token. With Llama 3's
// pre-tokenizer a word that is itself a token is taken whole. Special and
// control tokens are never produced from text: "<|endoftext|>" in a text is
// ordinary text. User-defined tokens (added tokens such as MPT's runs of
// spaces) are found in the text first, longest first, and taken whole, as the
// reference does.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "llm/bpe_pre_tokenizer.h"
#include "llm/tokenizer.h"

namespace lmz::llm {

class BpeTokenizer final : public Tokenizer {
 public:
  static Result<std::unique_ptr<BpeTokenizer>> from_gguf(const GgufFile& file);

  using Tokenizer::encode;
  std::vector<int32_t> encode(std::string_view text, bool space_prefix) const override;
  // A normal token's bytes (its stand-ins mapped back), a user-defined
  // token's text, nothing for control and unknown tokens.
  std::string piece(int32_t id) const override;
  std::string decode(std::span<const int32_t> ids) const override;

  int32_t n_vocab() const override { return static_cast<int32_t>(tokens_.size()); }
  int32_t bos() const override { return bos_; }
  int32_t eos() const override { return eos_; }
  int32_t unknown() const override { return unknown_; }
  bool add_bos() const override { return add_bos_; }
  bool add_space_prefix() const override { return false; }
  TokenKind kind(int32_t id) const override { return kinds_[id]; }
  int32_t byte_token(uint8_t byte) const override { return byte_tokens_[byte]; }
  bool uses_space_mark() const override { return false; }
  const Sha256Digest& identity() const override { return identity_; }
  std::string kind_name() const override { return "byte-level BPE (" + pre_->name() + ")"; }

 private:
  BpeTokenizer() = default;
  int32_t find(std::string_view text) const;
  int32_t merge_rank(std::string_view left, std::string_view right, std::string& scratch) const;
  void encode_word(std::string_view word, std::vector<int32_t>& ids, std::string& scratch) const;

  std::shared_ptr<const PreTokenizer> pre_;
  std::vector<std::string> tokens_;
  std::vector<TokenKind> kinds_;
  std::unordered_map<std::string_view, int32_t> index_;
  std::vector<int32_t> user_defined_;                    // longest text first
  std::vector<std::string> merges_;                      // "left right", in rank order
  std::unordered_map<std::string_view, int32_t> ranks_;  // into merges_
  int32_t byte_tokens_[256] = {};
  int32_t bos_ = -1;
  int32_t eos_ = -1;
  int32_t unknown_ = -1;
  bool add_bos_ = false;
  Sha256Digest identity_{};
};

}  // namespace lmz::llm
