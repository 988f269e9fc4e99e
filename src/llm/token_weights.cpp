#include "llm/token_weights.h"

#include <immintrin.h>

#include "llm/det_math.h"
#include "llm/kernels.h"

namespace lmz::llm {
namespace {

constexpr double kLn2Hi = 6.93147180369123816490e-01;  // det_exp's constants
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;

// The weight of a token `delta` below the best: det_exp's value scaled to
// 2^32 and floored, at least 1.
uint64_t weight_of(double delta, double e) {
  if (!(delta > -40.0)) return 1;  // exp(-40) * 2^32 < 1: such tokens keep the floor (NaN too)
  const double scaled = e * kWeightOne;
  return scaled >= 1.0 ? static_cast<uint64_t>(scaled) : 1;
}

// det_exp of four deltas in (-40, 0], as det_exp computes it, operation for
// operation (no fused multiply-add): k = round half away from zero of
// delta / ln 2, r = (delta - k ln2hi) - k ln2lo, exp(r) by the same Horner
// steps, times 2^k built from its bits. Lanes outside (-40, 0] are
// computed but not used.
__attribute__((target("avx2"))) void exp4_avx2(const double* delta, double* out) {
  const __m256d x = _mm256_loadu_pd(delta);
  const __m256d t = _mm256_mul_pd(x, _mm256_set1_pd(kInvLn2));
  const __m256d whole = _mm256_round_pd(t, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
  const __m256d frac = _mm256_sub_pd(t, whole);
  const __m256d up = _mm256_cmp_pd(frac, _mm256_set1_pd(0.5), _CMP_GE_OQ);
  const __m256d down = _mm256_cmp_pd(frac, _mm256_set1_pd(-0.5), _CMP_LE_OQ);
  __m256d k = _mm256_blendv_pd(whole, _mm256_add_pd(whole, _mm256_set1_pd(1.0)), up);
  k = _mm256_blendv_pd(k, _mm256_sub_pd(whole, _mm256_set1_pd(1.0)), down);
  const __m256d r = _mm256_sub_pd(_mm256_sub_pd(x, _mm256_mul_pd(k, _mm256_set1_pd(kLn2Hi))),
                                  _mm256_mul_pd(k, _mm256_set1_pd(kLn2Lo)));
  static constexpr double kInvFactorials[] = {
      1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0,
      1.0 / 120.0,       1.0 / 24.0,       1.0 / 6.0,       1.0 / 2.0,      1.0,           1.0};
  __m256d p = _mm256_set1_pd(1.0 / 6227020800.0);
  for (double c : kInvFactorials) p = _mm256_add_pd(_mm256_mul_pd(p, r), _mm256_set1_pd(c));
  // 2^k: k + 1023 in the exponent field (k is within [-58, 0] here).
  const __m128i ki = _mm256_cvttpd_epi32(k);
  const __m256i bits = _mm256_slli_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(ki), _mm256_set1_epi64x(1023)), 52);
  _mm256_storeu_pd(out, _mm256_mul_pd(p, _mm256_castsi256_pd(bits)));
}

// exp4_avx2 on eight lanes, then weight_of on each lane: the same
// operations, lane for lane. (The masked forms, all lanes set, because GCC
// 12 warns of the unmasked ones' undefined pass-through operand.)
__attribute__((target("avx512f,avx512dq"))) void weights8_avx512(const float* logits, double max, uint64_t* weights) {
  const __m512d x = _mm512_sub_pd(_mm512_maskz_cvtps_pd(0xff, _mm256_loadu_ps(logits)), _mm512_set1_pd(max));
  const __m512d t = _mm512_mul_pd(x, _mm512_set1_pd(kInvLn2));
  const __m512d whole = _mm512_maskz_roundscale_pd(0xff, t, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
  const __m512d frac = _mm512_sub_pd(t, whole);
  const __mmask8 up = _mm512_cmp_pd_mask(frac, _mm512_set1_pd(0.5), _CMP_GE_OQ);
  const __mmask8 down = _mm512_cmp_pd_mask(frac, _mm512_set1_pd(-0.5), _CMP_LE_OQ);
  __m512d k = _mm512_mask_blend_pd(up, whole, _mm512_add_pd(whole, _mm512_set1_pd(1.0)));
  k = _mm512_mask_blend_pd(down, k, _mm512_sub_pd(whole, _mm512_set1_pd(1.0)));
  const __m512d r = _mm512_sub_pd(_mm512_sub_pd(x, _mm512_mul_pd(k, _mm512_set1_pd(kLn2Hi))),
                                  _mm512_mul_pd(k, _mm512_set1_pd(kLn2Lo)));
  static constexpr double kInvFactorials[] = {
      1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0,
      1.0 / 120.0,       1.0 / 24.0,       1.0 / 6.0,       1.0 / 2.0,      1.0,           1.0};
  __m512d p = _mm512_set1_pd(1.0 / 6227020800.0);
  for (double c : kInvFactorials) p = _mm512_add_pd(_mm512_mul_pd(p, r), _mm512_set1_pd(c));
  // 2^k from its bits; lanes outside (-40, 0] give a value that is not used.
  const __m512i ki = _mm512_maskz_cvtepi32_epi64(0xff, _mm512_maskz_cvttpd_epi32(0xff, k));
  const __m512i bits = _mm512_maskz_slli_epi64(0xff, _mm512_add_epi64(ki, _mm512_set1_epi64(1023)), 52);
  const __m512d e = _mm512_mul_pd(p, _mm512_castsi512_pd(bits));
  // weight_of: 1 unless delta > -40 (false for NaN) and e * 2^32 >= 1.
  const __m512d scaled = _mm512_mul_pd(e, _mm512_set1_pd(static_cast<double>(kWeightOne)));
  const __mmask8 keep = _mm512_cmp_pd_mask(x, _mm512_set1_pd(-40.0), _CMP_GT_OQ) &
                        _mm512_cmp_pd_mask(scaled, _mm512_set1_pd(1.0), _CMP_GE_OQ);
  const __m512i w = _mm512_mask_cvttpd_epu64(_mm512_set1_epi64(1), keep, scaled);
  _mm512_storeu_si512(weights, w);
}

}  // namespace

void logit_weights(const float* logits, size_t n, uint64_t* weights) {
  float max = -3.4e38f;
  for (size_t i = 0; i < n; ++i) {
    if (logits[i] > max) max = logits[i];  // false for NaN
  }
  size_t i = 0;
  if (avx512_kernels_enabled()) {
    for (; i + 8 <= n; i += 8) weights8_avx512(logits + i, static_cast<double>(max), weights + i);
  }
  if (simd_kernels_enabled()) {
    // Four at a time, the same bits as det_exp (tested over the whole range).
    double delta[4], e[4];
    for (; i + 4 <= n; i += 4) {
      for (size_t k = 0; k < 4; ++k) delta[k] = static_cast<double>(logits[i + k]) - static_cast<double>(max);
      exp4_avx2(delta, e);
      for (size_t k = 0; k < 4; ++k) weights[i + k] = weight_of(delta[k], e[k]);
    }
  }
  for (; i < n; ++i) {
    const double delta = static_cast<double>(logits[i]) - static_cast<double>(max);
    weights[i] = weight_of(delta, delta > -40.0 ? det_exp(delta) : 0.0);
  }
}

double weight_total(const uint64_t* weights, size_t n) {
  if (n < (size_t{1} << 21)) {
    uint64_t total = 0;
    for (size_t i = 0; i < n; ++i) total += weights[i];
    return static_cast<double>(total);
  }
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) sum += static_cast<double>(weights[i]);
  return sum;
}

}  // namespace lmz::llm
