#include "cm/logistic.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lmz::cm {
namespace {

TEST(Logistic, SquashFollowsTheLogisticCurve) {
  for (int x = -2047; x <= 2047; x += 7) {
    const double exact = 4096.0 / (1.0 + std::exp(-x / 256.0));
    // Linear interpolation between 33 samples is within 16 of the curve.
    EXPECT_NEAR(squash(x), exact, 16.0) << x;
    EXPECT_EQ(squash_fast(x), squash(x));
  }
  for (int x = -2047; x < 2047; ++x) EXPECT_LE(squash(x), squash(x + 1));
}

TEST(Logistic, StretchInvertsSquash) {
  for (int p = 1; p < 4095; p += 3) {
    const int x = stretch(p);
    EXPECT_GE(x, -2047);
    EXPECT_LE(x, 2047);
    EXPECT_NEAR(squash(x), p, 40) << p;
  }
  for (int p = 0; p < 4095; ++p) EXPECT_LE(stretch(p), stretch(p + 1));
}

}  // namespace
}  // namespace lmz::cm
