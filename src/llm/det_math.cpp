#include "llm/det_math.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace lmz::llm {
namespace {

constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln 2 split so k * kLn2Hi is exact
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;

// 2^k for integer k in the normal range.
double pow2(int k) {
  return std::bit_cast<double>(static_cast<uint64_t>(k + 1023) << 52);
}

// Rounds to the nearest integer, halves away from zero, by comparisons only.
double round_half_away(double x) {
  const double t = static_cast<double>(static_cast<int64_t>(x));  // truncates toward zero
  const double frac = x - t;
  if (frac >= 0.5) return t + 1.0;
  if (frac <= -0.5) return t - 1.0;
  return t;
}

}  // namespace

double det_exp(double x) {
  if (x != x) return x;
  if (x > 709.0) return std::numeric_limits<double>::infinity();
  if (x < -745.0) return 0.0;
  // x = k ln2 + r with |r| <= ln2 / 2; exp(r) by its Taylor series (13 terms
  // reach double precision for |r| < 0.35), evaluated by Horner's rule.
  const double k = round_half_away(x * kInvLn2);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  double p = 1.0 / 6227020800.0;  // 1/13!
  static constexpr double kInvFactorials[] = {
      1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0,
      1.0 / 120.0,       1.0 / 24.0,       1.0 / 6.0,       1.0 / 2.0,      1.0,           1.0};
  for (double c : kInvFactorials) p = p * r + c;
  int ki = static_cast<int>(k);
  // Scale in two steps so subnormal results and 2^1024 are reachable.
  if (ki < -1000) return p * pow2(ki + 1000) * pow2(-1000);
  if (ki > 1000) return p * pow2(ki - 1000) * pow2(1000);
  return p * pow2(ki);
}

double det_log(double x) {
  if (x != x || x < 0.0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0.0) return -std::numeric_limits<double>::infinity();
  if (x == std::numeric_limits<double>::infinity()) return x;
  // x = m 2^e with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(s), s = (m-1)/(m+1).
  int e = 0;
  if (x < 2.2250738585072014e-308) {  // subnormal: scale into the normal range
    x *= 18014398509481984.0;         // 2^54
    e = -54;
  }
  const uint64_t bits = std::bit_cast<uint64_t>(x);
  e += static_cast<int>((bits >> 52) & 0x7ff) - 1023;
  double m = std::bit_cast<double>((bits & 0x000fffffffffffffull) | 0x3ff0000000000000ull);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    ++e;
  }
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  // atanh(s)/s = sum s^2k / (2k+1); |s| < 0.172 so 2k+1 up to 27 suffices.
  double p = 1.0 / 27.0;
  for (int k = 25; k >= 1; k -= 2) p = p * s2 + 1.0 / k;
  const double log_m = 2.0 * s * p;
  const double ed = static_cast<double>(e);
  return (ed * kLn2Lo + log_m) + ed * kLn2Hi;
}

double det_log2(double x) {
  return det_log(x) * kInvLn2;
}

namespace {

// pi/2 in three parts: q * each part is exact for |q| < 2^20.
constexpr double kPio2Hi = 1.57079632673412561417e+00;
constexpr double kPio2Mid = 6.07710050630396597660e-11;
constexpr double kPio2Lo = 2.02226624879595063154e-21;
constexpr double kTwoOverPi = 6.36619772367581382433e-01;

double sin_kernel(double r) {  // |r| <= pi/4
  const double r2 = r * r;
  double p = -1.0 / 1307674368000.0;  // -1/15!
  static constexpr double kTerms[] = {1.0 / 6227020800.0, -1.0 / 39916800.0, 1.0 / 362880.0,
                                      -1.0 / 5040.0,      1.0 / 120.0,       -1.0 / 6.0};
  for (double c : kTerms) p = p * r2 + c;
  return r + r * r2 * p;
}

double cos_kernel(double r) {  // |r| <= pi/4
  const double r2 = r * r;
  double p = 1.0 / 20922789888000.0;  // 1/16!
  static constexpr double kTerms[] = {-1.0 / 87178291200.0, 1.0 / 479001600.0, -1.0 / 3628800.0,
                                      1.0 / 40320.0,        -1.0 / 720.0,      1.0 / 24.0};
  for (double c : kTerms) p = p * r2 + c;
  return (1.0 - 0.5 * r2) + r2 * r2 * p;
}

// Reduces x to r in [-pi/4, pi/4] and the quadrant q mod 4.
double reduce(double x, int& quadrant) {
  const double q = round_half_away(x * kTwoOverPi);
  quadrant = static_cast<int>(static_cast<int64_t>(q) & 3);
  return ((x - q * kPio2Hi) - q * kPio2Mid) - q * kPio2Lo;
}

}  // namespace

double det_sin(double x) {
  int quadrant = 0;
  const double r = reduce(x, quadrant);
  switch (quadrant) {
    case 0:
      return sin_kernel(r);
    case 1:
      return cos_kernel(r);
    case 2:
      return -sin_kernel(r);
    default:
      return -cos_kernel(r);
  }
}

double det_cos(double x) {
  int quadrant = 0;
  const double r = reduce(x, quadrant);
  switch (quadrant) {
    case 0:
      return cos_kernel(r);
    case 1:
      return -sin_kernel(r);
    case 2:
      return -cos_kernel(r);
    default:
      return sin_kernel(r);
  }
}

}  // namespace lmz::llm
