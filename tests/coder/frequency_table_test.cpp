#include "coder/frequency_table.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace lmz {
namespace {

// The table's definition, with one 64-bit division per symbol.
std::vector<uint32_t> defined_frequencies(const std::vector<uint64_t>& weights, int total_bits) {
  const size_t n = weights.size();
  uint64_t sum = 0;
  size_t top = 0;
  for (size_t i = 0; i < n; ++i) {
    sum += weights[i];
    if (weights[i] > weights[top]) top = i;
  }
  const uint64_t total = uint64_t{1} << total_bits;
  std::vector<uint32_t> freq(n);
  uint64_t used = 0;
  for (size_t i = 0; i < n; ++i) {
    freq[i] = static_cast<uint32_t>(1 + (sum == 0 ? 0 : weights[i] * (total - n) / sum));
    used += freq[i];
  }
  freq[top] += static_cast<uint32_t>(total - used);
  return freq;
}

void expect_defined(const std::vector<uint64_t>& weights, int total_bits) {
  FrequencyTable table;
  table.build(weights, total_bits);
  const std::vector<uint32_t> freq = defined_frequencies(weights, total_bits);
  ASSERT_EQ(table.size(), weights.size());
  uint64_t cum = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    ASSERT_EQ(table.freq(i), freq[i]) << "symbol " << i << " of " << weights.size();
    ASSERT_EQ(table.cum(i), cum);
    cum += freq[i];
  }
  EXPECT_EQ(cum, uint64_t{1} << total_bits);
}

TEST(FrequencyTable, EveryFrequencyIsTheDefinedQuotient) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 200; ++round) {
    const size_t n = 2 + rng() % 5000;
    std::vector<uint64_t> weights(n);
    // Weights as a model gives them: a few large, most at or near the floor.
    for (uint64_t& w : weights) {
      const int shift = static_cast<int>(rng() % 33);
      w = std::max<uint64_t>(1, (rng() >> 31) >> (32 - shift));
      if (rng() % 7 == 0) w = uint64_t{1} << 32;
    }
    expect_defined(weights, round % 2 == 0 ? 28 : 16);
  }
}

TEST(FrequencyTable, QuotientsAtTheEdges) {
  // Every product lands near a multiple of the sum (where an estimate of
  // the quotient is likeliest to be off by one), at the largest weights.
  for (const uint64_t w : {uint64_t{1} << 32, (uint64_t{1} << 32) - 1, uint64_t{3}, uint64_t{1}}) {
    for (size_t n : {size_t{2}, size_t{3}, size_t{97}, size_t{32000}}) {
      std::vector<uint64_t> weights(n, w);
      weights[n / 2] = 1;
      expect_defined(weights, 28);
      weights.assign(n, 0);
      weights[0] = w;
      expect_defined(weights, 28);
    }
  }
  // Weights that sum to the spread itself: every quotient an exact integer.
  for (size_t n : {size_t{2}, size_t{5}, size_t{1000}}) {
    const uint64_t spread = (uint64_t{1} << 28) - n;
    std::vector<uint64_t> weights(n);
    uint64_t rest = spread;
    for (size_t i = 1; i < n; ++i) rest -= weights[i] = 3 + 7919 * (i % 17);
    weights[0] = rest;
    expect_defined(weights, 28);
  }
  // A quotient whose double estimate falls one short: 193,710,243 (2^28 - 2)
  // over three times (2^28 - 2) is 64,570,081 exactly.
  expect_defined({3 * ((uint64_t{1} << 28) - 2) - 193710243, 193710243}, 28);
  expect_defined(std::vector<uint64_t>(10, 0), 16);  // no weight at all: each symbol 1, the rest to the first
  std::vector<uint64_t> large(250000, uint64_t{1} << 32);
  large[3] = (uint64_t{1} << 32) - 12345;
  expect_defined(large, 28);
}

}  // namespace
}  // namespace lmz
