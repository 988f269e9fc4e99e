// Pre-tokenizers of byte-level BPE vocabularies: the regular expressions
// that cut a text into words before the merges run, one set per value of
// `tokenizer.ggml.pre`, as the reference implementation defines them. The
// expressions of a set apply in turn, each to every piece the previous one
// left; the text between two matches is a piece too. Matching uses PCRE2
// with Unicode properties (\p{L}, \p{N}, \p{P}).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lmz/status.h"

namespace lmz::llm {

class PreTokenizer {
 public:
  // The pre-tokenizer `name` stands for; an unknown name is refused by name,
  // never guessed.
  static Result<std::shared_ptr<const PreTokenizer>> named(std::string_view name);
  ~PreTokenizer();
  PreTokenizer(const PreTokenizer&) = delete;
  PreTokenizer& operator=(const PreTokenizer&) = delete;

  // The words of `text` (valid UTF-8), as views into it, in order; joined,
  // they are the text.
  std::vector<std::string_view> split(std::string_view text) const;
  // The name of the set, as the file wrote it ("llama-bpe", "qwen2").
  const std::string& name() const { return name_; }
  // Whether a word that is itself a token skips the merges (Llama 3).
  bool ignore_merges() const { return ignore_merges_; }

 private:
  struct Compiled;
  PreTokenizer() = default;
  std::string name_;
  bool ignore_merges_ = false;
  std::vector<std::unique_ptr<Compiled>> patterns_;
};

}  // namespace lmz::llm
