// A GGUF model as a predictor of any byte sequence: exact tokenization and
// the sliding-window schedule, shared by the codec (which codes the symbols)
// and the analysis (which measures them).
//
// Symbols. The bytes are tokenized as the model's tokenizer does, except that
// any literal U+2581 (the tokenizer's own space mark) and any stretch whose
// tokens would not spell it exactly are written as byte tokens; where the
// vocabulary lacks a byte token, an escape symbol (n_vocab + byte) stands for
// it. The symbols' bytes, joined, are the input again (less the leading space
// the tokenizer adds when space_prefix is set).
//
// Window. The model sees BOS and then the symbols (an escape as the unknown
// token). When the cache of n_ctx positions is full, the window either
// slides (the default: BOS stays, the oldest n_ctx/2 positions leave, the
// rest move down with their keys turned back, LlamaSession::shift; nothing is
// evaluated twice) or restarts (archives of the LLM codec's revision 1: from
// BOS and the last n_ctx/2 - 1 symbols, evaluated again). predict_all()
// evaluates the positions in batches; next_logits() goes one symbol at a
// time. The engine gives the same logits either way.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/bytes.h"
#include "llm/llama_session.h"

namespace lmz::llm {

struct TokenStream {
  std::vector<uint32_t> symbols;
  std::vector<uint64_t> starts;  // where each symbol's bytes begin in the input
  bool space_prefix = false;     // the first symbol's bytes begin with the added space
};

enum class Window { kSlide, kRestart };

class TokenPredictor {
 public:
  TokenPredictor(const LlamaModel& model, uint32_t n_ctx, int threads = 1, Window window = Window::kSlide,
                 Activations activations = Activations::kInt8);

  uint32_t n_vocab() const { return n_vocab_; }
  // n_vocab, plus 256 escapes when the vocabulary lacks byte tokens.
  uint32_t n_symbols() const { return n_symbols_; }
  const Tokenizer& tokenizer() const { return tokenizer_; }

  TokenStream tokenize(ByteSpan input) const;
  // The bytes a symbol stands for (a token's piece, or the escaped byte).
  std::string symbol_bytes(uint32_t symbol) const;

  // Calls visit(i, logits) for every symbol in order, with the n_vocab logits
  // that predict symbols[i].
  void predict_all(const std::vector<uint32_t>& symbols, const std::function<void(size_t, const float*)>& visit);

  // The logits that predict the symbol after `history` (the symbols so far);
  // call once per symbol, with history growing by one each time.
  const float* next_logits(const std::vector<uint32_t>& history);

 private:
  void append_bytes(ByteSpan bytes, TokenStream& out, uint64_t offset) const;
  int32_t model_token(uint32_t symbol) const;
  std::vector<int32_t> window_prefix(const std::vector<uint32_t>& symbols, size_t next) const;
  void predict_all_restarting(const std::vector<uint32_t>& symbols,
                              const std::function<void(size_t, const float*)>& visit);
  // Makes room for one more position: slides the window when it is full.
  void slide_if_full();

  Window window_;
  const Tokenizer& tokenizer_;
  LlamaSession session_;
  uint32_t n_vocab_;
  uint32_t n_symbols_;
  std::vector<float> logits_;
};

}  // namespace lmz::llm
