// Integer frequency tables for the range coder, built from a model's
// probabilities by one integer procedure that encoder and decoder share.
//
// Input: a weight per symbol (a probability scaled to a fixed-point integer,
// which the model computes deterministically). Output: frequencies that sum
// exactly to 2^total_bits, each at least 1, so every symbol stays codable:
//   freq[i] = 1 + floor(weight[i] * (total - n) / sum(weights))
// and what the floors leave over goes to the first symbol of largest weight.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace lmz {

class FrequencyTable {
 public:
  // weights: at most 2^32 each, and fewer symbols than 2^total_bits / 2.
  void build(std::span<const uint64_t> weights, int total_bits) {
    const size_t n = weights.size();
    total_bits_ = total_bits;
    cum_.resize(n + 1);
    uint64_t sum = 0;
    uint64_t largest = 0;
    for (size_t i = 0; i < n; ++i) {
      sum += weights[i];
      largest = std::max(largest, weights[i]);
    }
    size_t top = 0;  // the first symbol of largest weight
    while (top + 1 < n && weights[top] != largest) ++top;
    const uint64_t total = uint64_t{1} << total_bits;
    const uint64_t spread = total - n;
    std::vector<uint32_t>& freq = freq_;
    freq.resize(n);
    uint64_t used = 0;
    // floor(a / sum) by a double estimate, never off by more than one (a <
    // 2^62 and the quotient < 2^30, so its error is under 2^-20), made exact
    // with integer arithmetic: a 64-bit division per symbol costs more.
    const double inverse = sum == 0 ? 0.0 : 1.0 / static_cast<double>(sum);
    const int64_t divisor = static_cast<int64_t>(sum);
    for (size_t i = 0; i < n; ++i) {
      // weight <= 2^32 and spread < 2^30, so the product fits in 62 bits.
      const uint64_t a = weights[i] * spread;
      uint64_t q = static_cast<uint64_t>(static_cast<double>(static_cast<int64_t>(a)) * inverse);
      const int64_t rest = static_cast<int64_t>(a) - static_cast<int64_t>(q * sum);
      if (rest < 0) --q;
      if (rest >= divisor && divisor != 0) ++q;
      freq[i] = static_cast<uint32_t>(1 + q);
      used += freq[i];
    }
    freq[top] += static_cast<uint32_t>(total - used);
    uint32_t cum = 0;
    for (size_t i = 0; i < n; ++i) {
      cum_[i] = cum;
      cum += freq[i];
    }
    cum_[n] = cum;
  }

  size_t size() const { return freq_.size(); }
  int total_bits() const { return total_bits_; }
  uint32_t cum(size_t symbol) const { return cum_[symbol]; }
  uint32_t freq(size_t symbol) const { return freq_[symbol]; }

  // The symbol whose interval holds `target` (< 2^total_bits).
  size_t find(uint32_t target) const {
    const auto it = std::upper_bound(cum_.begin(), cum_.end(), target);
    return static_cast<size_t>(it - cum_.begin()) - 1;
  }

 private:
  int total_bits_ = 0;
  std::vector<uint32_t> cum_;   // (n + 1) cumulative frequencies, cum_[n] = 2^total_bits
  std::vector<uint32_t> freq_;  // (n)
};

}  // namespace lmz
