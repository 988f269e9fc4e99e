#include "coder/binary_coder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace lmz {
namespace {

struct Case {
  std::vector<int> bits;
  std::vector<uint32_t> probs;
  double ideal_bits = 0;
};

// Bits drawn from the very probabilities they are coded with, so the ideal
// code length is their summed surprisal.
Case make_case(size_t n, uint64_t seed, bool skewed) {
  std::mt19937_64 rng(seed);
  Case c;
  for (size_t i = 0; i < n; ++i) {
    uint32_t p = 1 + static_cast<uint32_t>(rng() % (kProbOne - 1));
    if (skewed)
      p = (rng() & 1) ? kProbOne - 1 - static_cast<uint32_t>(rng() % 64) : 1 + static_cast<uint32_t>(rng() % 64);
    const int bit = (rng() % kProbOne) < p;
    c.bits.push_back(bit);
    c.probs.push_back(p);
    const double q = static_cast<double>(p) / kProbOne;
    c.ideal_bits += -std::log2(bit ? q : 1 - q);
  }
  return c;
}

TEST(BinaryCoder, RoundTripsAndStaysNearTheIdealLength) {
  for (const bool skewed : {false, true}) {
    const Case c = make_case(200000, skewed ? 7 : 3, skewed);
    Bytes out;
    BinaryEncoder enc(out);
    for (size_t i = 0; i < c.bits.size(); ++i) enc.encode(c.bits[i], c.probs[i]);
    enc.flush();
    BinaryDecoder dec(out);
    for (size_t i = 0; i < c.bits.size(); ++i) ASSERT_EQ(dec.decode(c.probs[i]), c.bits[i]) << "bit " << i;
    // DESIGN.md: within 0.1% of the ideal code length plus a fixed overhead.
    const double coded_bits = 8.0 * out.size();
    EXPECT_LT(coded_bits, c.ideal_bits * 1.001 + 64) << "ideal " << c.ideal_bits << " coded " << coded_bits;
  }
}

TEST(BinaryCoder, ExtremeProbabilitiesRoundTrip) {
  Bytes out;
  BinaryEncoder enc(out);
  const uint32_t probs[] = {1, kProbOne - 1, 1, kProbOne - 1};
  for (int rep = 0; rep < 1000; ++rep) {
    for (int k = 0; k < 4; ++k) enc.encode((rep + k) & 1, probs[k]);
  }
  enc.flush();
  BinaryDecoder dec(out);
  for (int rep = 0; rep < 1000; ++rep) {
    for (int k = 0; k < 4; ++k) ASSERT_EQ(dec.decode(probs[k]), (rep + k) & 1);
  }
}

}  // namespace
}  // namespace lmz
