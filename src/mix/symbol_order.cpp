#include "mix/symbol_order.h"

#include <algorithm>
#include <numeric>

namespace lmz::mix {

SymbolOrder::SymbolOrder(const llm::TokenPredictor& predictor) : ranks_(predictor.n_symbols(), kNone) {
  std::vector<std::string> all(predictor.n_symbols());
  std::vector<uint32_t> with_bytes;
  for (uint32_t s = 0; s < all.size(); ++s) {
    all[s] = predictor.symbol_bytes(s);
    if (!all[s].empty()) with_bytes.push_back(s);
  }
  // Bytes compared as unsigned; equal bytes by symbol id, so the order is total.
  std::sort(with_bytes.begin(), with_bytes.end(), [&](uint32_t a, uint32_t b) {
    const int c = all[a].compare(all[b]);
    return c != 0 ? c < 0 : a < b;
  });
  symbols_ = std::move(with_bytes);
  bytes_.reserve(symbols_.size());
  for (size_t k = 0; k < symbols_.size(); ++k) {
    ranks_[symbols_[k]] = k;
    bytes_.push_back(std::move(all[symbols_[k]]));
  }
}

size_t SymbolOrder::end_of_length(size_t lo, size_t hi, size_t depth) const {
  return static_cast<size_t>(std::partition_point(bytes_.begin() + static_cast<std::ptrdiff_t>(lo),
                                                  bytes_.begin() + static_cast<std::ptrdiff_t>(hi),
                                                  [depth](const std::string& b) { return b.size() == depth; }) -
                             bytes_.begin());
}

size_t SymbolOrder::first_byte_at_least(size_t lo, size_t hi, size_t depth, int value) const {
  return static_cast<size_t>(
      std::partition_point(bytes_.begin() + static_cast<std::ptrdiff_t>(lo),
                           bytes_.begin() + static_cast<std::ptrdiff_t>(hi),
                           [depth, value](const std::string& b) { return static_cast<uint8_t>(b[depth]) < value; }) -
      bytes_.begin());
}

}  // namespace lmz::mix
