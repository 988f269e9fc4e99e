#include "llm/kernels.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <random>
#include <vector>

#include "llm/det_math.h"
#include "llm/tensor_type.h"
#include "llm/token_weights.h"

namespace lmz::llm {
namespace {

std::vector<float> random_floats(size_t n, uint64_t seed, float scale = 1.0f) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, scale);
  std::vector<float> v(n);
  for (float& x : v) x = normal(rng);
  return v;
}

// Runs f with the SIMD kernels and with the scalar ones; both results must be equal bit for bit
// (and with AVX2 only, where the CPU has AVX-512).
template <class F>
void expect_same_bits(F f) {
  set_scalar_kernels(false);
  const std::vector<float> simd = f();
  set_avx512_kernels(false);
  const std::vector<float> avx2 = f();
  set_avx512_kernels(true);
  set_scalar_kernels(true);
  const std::vector<float> scalar = f();
  set_scalar_kernels(false);
  ASSERT_EQ(simd.size(), scalar.size());
  ASSERT_EQ(avx2.size(), scalar.size());
  for (size_t i = 0; i < simd.size(); ++i) {
    ASSERT_EQ(std::bit_cast<uint32_t>(simd[i]), std::bit_cast<uint32_t>(scalar[i])) << i;
    ASSERT_EQ(std::bit_cast<uint32_t>(avx2[i]), std::bit_cast<uint32_t>(scalar[i])) << i;
  }
}

TEST(Kernels, DotIsTheSameWithAndWithoutSimd) {
  for (size_t n : {1u, 3u, 7u, 8u, 9u, 31u, 64u, 172u, 1000u}) {
    const std::vector<float> a = random_floats(n, n), b = random_floats(n, n + 100);
    expect_same_bits([&] { return std::vector<float>{dot(a.data(), b.data(), n)}; });
    EXPECT_EQ(dot(a.data(), b.data(), n), dot_scalar(a.data(), b.data(), n));
    double exact = 0;
    for (size_t i = 0; i < n; ++i) exact += static_cast<double>(a[i]) * b[i];
    EXPECT_NEAR(dot(a.data(), b.data(), n), exact, 1e-4 * std::sqrt(static_cast<double>(n)));
  }
}

TEST(Kernels, EightRowsAtOnceEqualEightDots) {
  for (size_t n : {8u, 20u, 64u, 172u}) {
    const std::vector<float> x = random_floats(n, 1), m = random_floats(8 * n, 2);
    const float* rows[8];
    for (int r = 0; r < 8; ++r) rows[r] = m.data() + r * n;
    expect_same_bits([&] {
      std::vector<float> out(8);
      dot8(x.data(), rows, n, out.data());
      return out;
    });
    float out[8];
    dot8(x.data(), rows, n, out);
    for (int r = 0; r < 8; ++r) EXPECT_EQ(out[r], dot(x.data(), rows[r], n));
  }
}

TEST(Kernels, BatchedRowsEqualDotsAtEverySimdLevel) {
  for (size_t n : {5u, 8u, 20u, 64u, 172u, 576u}) {
    for (size_t n_pos : {1u, 2u, 3u, 5u, 6u, 7u, 13u, 64u}) {
      const std::vector<float> x = random_floats(n_pos * (n + 3), n * 31 + n_pos), m = random_floats(8 * n, n);
      const float* rows[8];
      for (int r = 0; r < 8; ++r) rows[r] = m.data() + r * n;
      auto run = [&] {
        std::vector<float> out(n_pos * 9);
        dot8_batch(x.data(), n + 3, n_pos, rows, n, out.data(), 9);
        return out;
      };
      const std::vector<float> widest = run();
      set_avx512_kernels(false);
      const std::vector<float> avx2 = run();
      set_avx512_kernels(true);
      set_scalar_kernels(true);
      const std::vector<float> scalar = run();
      set_scalar_kernels(false);
      for (size_t b = 0; b < n_pos; ++b) {
        for (size_t r = 0; r < 8; ++r) {
          const float expected = dot_scalar(x.data() + b * (n + 3), rows[r], n);
          const size_t i = b * 9 + r;
          ASSERT_EQ(std::bit_cast<uint32_t>(widest[i]), std::bit_cast<uint32_t>(expected)) << n << " " << n_pos;
          ASSERT_EQ(std::bit_cast<uint32_t>(avx2[i]), std::bit_cast<uint32_t>(expected)) << n << " " << n_pos;
          ASSERT_EQ(std::bit_cast<uint32_t>(scalar[i]), std::bit_cast<uint32_t>(expected)) << n << " " << n_pos;
        }
      }
    }
  }
}

TEST(Kernels, HalfRowsAsStoredEqualTheirFloatRows) {
  // F16 rows packed as stored give the bits of their float rows, whether the
  // eight rows lie one after the other (the next eight are fetched ahead) or
  // apart; with the SIMD kernels off there is no such kernel.
  std::mt19937_64 rng(7);
  for (size_t n : {5u, 8u, 20u, 64u, 172u, 576u}) {
    for (size_t n_pos : {2u, 3u, 6u, 7u, 13u, 64u}) {
      const std::vector<float> x = random_floats(n_pos * n, n * 17 + n_pos);
      std::vector<uint16_t> halves(16 * n);
      for (uint16_t& h : halves) {
        h = static_cast<uint16_t>(rng() & 0xffff);
        if ((h & 0x7c00) == 0x7c00) h &= 0xbfff;  // no infinities or NaNs: they would meet opposite signs
      }
      std::vector<float> floats(halves.size());
      for (size_t i = 0; i < halves.size(); ++i) floats[i] = f16_to_f32(halves[i]);
      for (size_t gap : {n, 2 * n}) {
        const uint16_t* rows16[8];
        const float* rows[8];
        for (size_t r = 0; r < 8; ++r) {
          rows16[r] = halves.data() + r * gap;
          rows[r] = floats.data() + r * gap;
        }
        std::vector<float> expected(n_pos * 8), got(n_pos * 8, -1.0f);
        dot8_batch(x.data(), n, n_pos, rows, n, expected.data(), 8);
        if (!dot8_batch_f16(x.data(), n, n_pos, rows16, n, got.data(), 8)) {
          EXPECT_FALSE(avx512_kernels_enabled()) << "the AVX-512 kernels run but none took F16 rows";
          continue;
        }
        for (size_t i = 0; i < got.size(); ++i) {
          ASSERT_EQ(std::bit_cast<uint32_t>(got[i]), std::bit_cast<uint32_t>(expected[i])) << n << " " << n_pos;
        }
      }
      set_scalar_kernels(true);
      std::vector<float> out(n_pos * 8);
      const uint16_t* rows16[8];
      for (size_t r = 0; r < 8; ++r) rows16[r] = halves.data() + r * n;
      EXPECT_FALSE(dot8_batch_f16(x.data(), n, n_pos, rows16, n, out.data(), 8));
      set_scalar_kernels(false);
    }
  }
}

TEST(Kernels, HeadsSharingKeysGetTheBitsOfTheirOwnCalls) {
  // The query heads of one key/value head scored and summed together (up to
  // three per pass with AVX-512, then the rest): each output as one call for
  // its head gives it, at every SIMD level.
  for (size_t hd : {8u, 20u, 64u, 80u, 128u}) {
    for (size_t n_q : {1u, 2u, 3u, 4u, 7u}) {
      for (size_t n_keys : {37u, 53u, 70u}) {
        const size_t stride = 96;
        const std::vector<float> q = random_floats(n_q * hd, hd + n_q), keys = random_floats(hd * stride, 5);
        const std::vector<float> values = random_floats(n_keys * (hd + 5), 6);
        std::vector<float> weights = random_floats(n_q * n_keys, 7);
        for (float& w : weights) w = std::abs(w) / 4;
        std::vector<const float*> qs(n_q), ws(n_q);
        for (size_t k = 0; k < n_q; ++k) {
          qs[k] = q.data() + k * hd;
          ws[k] = weights.data() + k * n_keys;
        }
        expect_same_bits([&] {
          std::vector<float> scores(n_q * n_keys), sums(n_q * hd);
          std::vector<float*> score_outs(n_q), sum_outs(n_q);
          for (size_t k = 0; k < n_q; ++k) {
            score_outs[k] = scores.data() + k * n_keys;
            sum_outs[k] = sums.data() + k * hd;
          }
          attention_scores_heads(qs.data(), n_q, keys.data(), stride, n_keys, hd, score_outs.data());
          weighted_sum_rows_heads(ws.data(), n_q, values.data(), hd + 5, n_keys, hd, sum_outs.data());
          std::vector<float> alone(n_keys), alone_sum(hd);
          for (size_t k = 0; k < n_q; ++k) {
            attention_scores(qs[k], keys.data(), stride, n_keys, hd, alone.data());
            weighted_sum_rows(ws[k], values.data(), hd + 5, n_keys, hd, alone_sum.data());
            for (size_t t = 0; t < n_keys; ++t) {
              EXPECT_EQ(std::bit_cast<uint32_t>(scores[k * n_keys + t]), std::bit_cast<uint32_t>(alone[t]))
                  << hd << " " << n_q << " " << n_keys;
            }
            for (size_t i = 0; i < hd; ++i) {
              EXPECT_EQ(std::bit_cast<uint32_t>(sums[k * hd + i]), std::bit_cast<uint32_t>(alone_sum[i]))
                  << hd << " " << n_q << " " << n_keys;
            }
          }
          scores.insert(scores.end(), sums.begin(), sums.end());
          return scores;
        });
      }
    }
  }
}

TEST(Kernels, AttentionScoresEqualDotsOfColumns) {
  // Keys in steps of 32 and 16 (AVX-512), 8 (AVX2) and one by one.
  for (size_t hd : {4u, 8u, 16u, 20u, 64u}) {
    for (size_t n_keys : {37u, 53u, 70u}) {
      const size_t stride = 80;
      const std::vector<float> q = random_floats(hd, 3), keys = random_floats(hd * stride, 4);
      expect_same_bits([&] {
        std::vector<float> out(n_keys);
        attention_scores(q.data(), keys.data(), stride, n_keys, hd, out.data());
        return out;
      });
      std::vector<float> out(n_keys), column(hd);
      attention_scores(q.data(), keys.data(), stride, n_keys, hd, out.data());
      for (size_t t = 0; t < n_keys; ++t) {
        for (size_t e = 0; e < hd; ++e) column[e] = keys[e * stride + t];
        EXPECT_EQ(out[t], dot(q.data(), column.data(), hd));
      }
    }
  }
}

TEST(Kernels, SoftmaxExpAndSumsAgreeAcrossSimd) {
  for (size_t n : {1u, 5u, 8u, 100u, 513u}) {
    const std::vector<float> x = random_floats(n, n, 10.0f);
    expect_same_bits([&] {
      std::vector<float> p = x;
      softmax(p.data(), n);
      return p;
    });
    expect_same_bits([&] {
      std::vector<float> p = x;
      exp_floats(p.data(), n);
      return p;
    });
    expect_same_bits([&] { return std::vector<float>{sum_floats(x.data(), n)}; });
    const std::vector<float> w = random_floats(n, 7), rows = random_floats(n * 12, 8);
    expect_same_bits([&] {
      std::vector<float> out(11);
      weighted_sum_rows(w.data(), rows.data(), 12, n, 11, out.data());
      return out;
    });
    // Wide rows: groups of 64 (AVX-512), of 32, of 8, and a tail.
    const std::vector<float> wide = random_floats(n * 160, 9);
    for (size_t width : {45u, 150u}) {
      expect_same_bits([&] {
        std::vector<float> out(width);
        weighted_sum_rows(w.data(), wide.data(), 160, n, width, out.data());
        return out;
      });
    }
    std::vector<float> p = x;
    softmax(p.data(), n);
    double total = 0;
    for (float v : p) total += v;
    EXPECT_NEAR(total, 1.0, 1e-5);
  }
}

TEST(Kernels, FloatExpIsAccurate) {
  std::vector<float> x;
  for (float v = -87.0f; v <= 88.0f; v += 0.013f) x.push_back(v);
  std::vector<float> y = x;
  exp_floats(y.data(), y.size());
  for (size_t i = 0; i < x.size(); ++i) {
    const double want = std::exp(static_cast<double>(x[i]));
    ASSERT_NEAR(y[i] / want, 1.0, 3e-7) << x[i];
  }
  std::vector<float> edge = {-1000.0f, 1000.0f, std::nanf("")};
  exp_floats(edge.data(), edge.size());
  EXPECT_LT(edge[0], 1e-37f);
  EXPECT_FALSE(std::isnan(edge[2]));
}

TEST(DetMath, MatchesTheLibraryClosely) {
  for (double x = -700; x < 700; x += 0.37) {
    ASSERT_NEAR(det_exp(x) / std::exp(x), 1.0, 4e-16) << x;
  }
  for (double x = 1e-300; x < 1e300; x *= 3.7) {
    ASSERT_NEAR(det_log(x), std::log(x), 4e-16 * std::fabs(std::log(x)) + 1e-300) << x;
  }
  for (double x = -3000; x < 3000; x += 0.731) {
    ASSERT_NEAR(det_sin(x), std::sin(x), 2e-15) << x;
    ASSERT_NEAR(det_cos(x), std::cos(x), 2e-15) << x;
  }
  EXPECT_EQ(det_exp(0.0), 1.0);
  EXPECT_EQ(det_log(1.0), 0.0);
  EXPECT_EQ(det_exp(-800.0), 0.0);
  EXPECT_TRUE(std::isinf(det_exp(800.0)));
  EXPECT_TRUE(std::isnan(det_log(-1.0)));
}

}  // namespace
}  // namespace lmz::llm

namespace lmz::llm {
namespace {

// The token weights of the codec's frequency tables come out the same from
// the SIMD path (four exponentials at a time) and the scalar det_exp, over
// logits spread across the whole range that matters and beyond.
TEST(TokenWeights, SimdAndScalarGiveTheSameWeights) {
  std::vector<float> logits(40000);
  uint64_t state = 12345;
  for (size_t i = 0; i < logits.size(); ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    const double u = static_cast<double>(state >> 11) / 9007199254740992.0;
    logits[i] = static_cast<float>(-50.0 + 60.0 * u);
  }
  logits[7] = 10.0f;  // the maximum
  logits[8] = std::nanf("");
  logits[9] = -1e30f;
  std::vector<uint64_t> simd(logits.size()), scalar(logits.size());
  logit_weights(logits.data(), logits.size(), simd.data());
  set_scalar_kernels(true);
  logit_weights(logits.data(), logits.size(), scalar.data());
  set_scalar_kernels(false);
  EXPECT_EQ(simd, scalar);
  std::vector<uint64_t> avx2(logits.size());
  set_avx512_kernels(false);
  logit_weights(logits.data(), logits.size(), avx2.data());
  set_avx512_kernels(true);
  EXPECT_EQ(simd, avx2);
  // Against det_exp directly.
  for (size_t i = 0; i < logits.size(); i += 97) {
    const double delta = static_cast<double>(logits[i]) - 10.0;
    uint64_t want = 1;
    if (delta > -40.0) {
      const double scaled = det_exp(delta) * kWeightOne;
      want = scaled >= 1.0 ? static_cast<uint64_t>(scaled) : 1;
    }
    EXPECT_EQ(simd[i], want) << i;
  }
  // The total, as adding the weights one by one in doubles gives it.
  double sequential = 0.0;
  for (uint64_t w : simd) sequential += static_cast<double>(w);
  EXPECT_EQ(weight_total(simd.data(), simd.size()), sequential);
  std::vector<uint64_t> heavy(300000, uint64_t{1} << 32);
  heavy[5] = 12345;
  sequential = 0.0;
  for (uint64_t w : heavy) sequential += static_cast<double>(w);
  EXPECT_EQ(weight_total(heavy.data(), heavy.size()), sequential);
}

}  // namespace
}  // namespace lmz::llm
