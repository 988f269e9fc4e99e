// What every tokenizer of a GGUF file offers the engine, the codec and the
// reports, and the one place that chooses the tokenizer a file names
// (tokenizer.ggml.model): "llama" is SentencePiece (spm_tokenizer.h), "gpt2"
// byte-level BPE (bpe_tokenizer.h); any other is refused by name.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/sha256.h"
#include "llm/gguf.h"
#include "lmz/status.h"

namespace lmz::llm {

// tokenizer.ggml.token_type values.
enum class TokenKind : int32_t {
  kNormal = 1,
  kUnknown = 2,
  kControl = 3,
  kUserDefined = 4,
  kUnused = 5,
  kByte = 6,
};

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;

  // Token ids of `text` as the reference encodes it, without BOS. Special
  // and control tokens written in the text are ordinary text.
  std::vector<int32_t> encode(std::string_view text) const { return encode(text, add_space_prefix()); }
  // The same with the leading space chosen by the caller (SentencePiece
  // only; byte-level BPE adds none).
  virtual std::vector<int32_t> encode(std::string_view text, bool space_prefix) const = 0;
  // The bytes token `id` stands for; control and unknown tokens stand for none.
  virtual std::string piece(int32_t id) const = 0;
  // Text of a sequence as the reference decodes it.
  virtual std::string decode(std::span<const int32_t> ids) const = 0;

  virtual int32_t n_vocab() const = 0;
  virtual int32_t bos() const = 0;
  virtual int32_t eos() const = 0;
  virtual int32_t unknown() const = 0;
  // Whether the file asks for BOS before a text (tokenizer.ggml.add_bos_token).
  virtual bool add_bos() const = 0;
  virtual bool add_space_prefix() const = 0;
  virtual TokenKind kind(int32_t id) const = 0;
  // The token that stands for one byte, or -1 when the vocabulary lacks it.
  virtual int32_t byte_token(uint8_t byte) const = 0;
  // SentencePiece writes spaces as U+2581 in its tokens: a literal U+2581 in
  // a text cannot round-trip through it.
  virtual bool uses_space_mark() const = 0;
  // SHA-256 over everything that decides encoding and decoding.
  virtual const Sha256Digest& identity() const = 0;
  // "SentencePiece" or "byte-level BPE (llama-bpe)", for reports.
  virtual std::string kind_name() const = 0;
};

// The tokenizer `file` names, or an error naming what is refused.
Result<std::unique_ptr<Tokenizer>> load_tokenizer(const GgufFile& file);

}  // namespace lmz::llm
