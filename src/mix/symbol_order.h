// A token model's symbols sorted by their bytes, so that the symbols whose
// bytes begin with a given prefix form one run of the order, and within it
// those that continue with a given byte form one run again. The mixed coder
// (mix/mixed_token_coder.h) codes a symbol as a walk down these runs: a
// byte at a time, most significant bit first, with an end decision after
// each byte. Symbols that stand for no bytes (control tokens) are left out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "llm/token_predictor.h"

namespace lmz::mix {

class SymbolOrder {
 public:
  static constexpr size_t kNone = ~size_t{0};

  explicit SymbolOrder(const llm::TokenPredictor& predictor);

  // Symbols with bytes.
  size_t size() const { return symbols_.size(); }
  uint32_t symbol(size_t k) const { return symbols_[k]; }
  const std::string& bytes(size_t k) const { return bytes_[k]; }
  // A symbol's place in the order; kNone for a symbol without bytes.
  size_t rank(uint32_t symbol) const { return symbol < ranks_.size() ? ranks_[symbol] : kNone; }

  // [lo, hi) is a run whose members share their first `depth` bytes: the end
  // of its members that have exactly `depth` bytes (they come first).
  size_t end_of_length(size_t lo, size_t hi, size_t depth) const;
  // [lo, hi) is a run whose members share their first `depth` bytes and have
  // more: the first whose byte at `depth` is at least `value` (hi if none).
  size_t first_byte_at_least(size_t lo, size_t hi, size_t depth, int value) const;

 private:
  std::vector<uint32_t> symbols_;   // in the order
  std::vector<std::string> bytes_;  // their bytes, in the order
  std::vector<size_t> ranks_;       // by symbol
};

}  // namespace lmz::mix
