#include "llm/kernels.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "core/cpu.h"

namespace lmz::llm {
namespace {

constexpr size_t kLanes = 8;

float combine_lanes(const float* l) { return ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7])); }

__attribute__((target("avx2,fma"))) inline float dot_avx2(const float* a, const float* b, size_t n) {
  __m256 acc = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) acc = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc);
  if (i < n) {
    // The zero-padded tail: lanes past the end multiply 0 by 0, as the scalar kernel does.
    alignas(32) static constexpr int kMaskSource[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    const __m256i mask = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMaskSource + 8 - (n - i)));
    acc = _mm256_fmadd_ps(_mm256_maskload_ps(a + i, mask), _mm256_maskload_ps(b + i, mask), acc);
  }
  alignas(32) float lanes[kLanes];
  _mm256_store_ps(lanes, acc);
  return combine_lanes(lanes);
}

// exp by range reduction x = k ln2 + r (|r| <= ln2/2) and the Taylor series
// of exp(r) to degree 7 (truncation error below 6e-9), then scaling by 2^k
// through the exponent bits. kLn2Hi has few significant bits, so k * kLn2Hi is
// exact for the k that occur.
constexpr float kExpMin = -87.0f;
constexpr float kExpMax = 88.0f;
constexpr float kLog2e = 1.44269504088896341f;
constexpr float kLn2Hi = 0.693359375f;
constexpr float kLn2Lo = -2.12194440e-4f;
constexpr float kExpCoeffs[] = {1.0f / 5040.0f, 1.0f / 720.0f, 1.0f / 120.0f, 1.0f / 24.0f,
                                1.0f / 6.0f,    0.5f,          1.0f,          1.0f};

float exp_one(float x) {
  x = x > kExpMin ? x : kExpMin;
  x = x < kExpMax ? x : kExpMax;
  const float k = std::floor(x * kLog2e + 0.5f);
  const float r = (x - k * kLn2Hi) - k * kLn2Lo;
  float p = kExpCoeffs[0];
  for (size_t i = 1; i < std::size(kExpCoeffs); ++i) p = p * r + kExpCoeffs[i];
  const int32_t bits = (static_cast<int32_t>(k) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, 4);
  return p * scale;
}

__attribute__((target("avx2,fma"))) void exp_floats_avx2(float* x, size_t n) {
  const __m256 lo = _mm256_set1_ps(kExpMin), hi = _mm256_set1_ps(kExpMax);
  const __m256 log2e = _mm256_set1_ps(kLog2e), half = _mm256_set1_ps(0.5f);
  const __m256 ln2_hi = _mm256_set1_ps(kLn2Hi), ln2_lo = _mm256_set1_ps(kLn2Lo);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m256 v = _mm256_loadu_ps(x + i);
    v = _mm256_max_ps(v, lo);  // (v > lo) ? v : lo, as exp_one
    v = _mm256_min_ps(v, hi);  // (v < hi) ? v : hi
    const __m256 k = _mm256_floor_ps(_mm256_add_ps(_mm256_mul_ps(v, log2e), half));
    const __m256 r = _mm256_sub_ps(_mm256_sub_ps(v, _mm256_mul_ps(k, ln2_hi)), _mm256_mul_ps(k, ln2_lo));
    __m256 p = _mm256_set1_ps(kExpCoeffs[0]);
    for (size_t c = 1; c < std::size(kExpCoeffs); ++c) {
      p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(kExpCoeffs[c]));
    }
    const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvttps_epi32(k), _mm256_set1_epi32(127)), 23);
    _mm256_storeu_ps(x + i, _mm256_mul_ps(p, _mm256_castsi256_ps(bits)));
  }
  for (; i < n; ++i) x[i] = exp_one(x[i]);
}

__attribute__((target("avx2,fma"))) void dot_rows_avx2(const float* x, const float* rows, size_t stride,
                                                       size_t n_rows, size_t n, float* out) {
  for (size_t r = 0; r < n_rows; ++r) out[r] = dot_avx2(x, rows + r * stride, n);
}

__attribute__((target("avx2,fma"))) void weighted_sum_rows_avx2(const float* weights, const float* rows,
                                                                size_t stride, size_t n_rows, size_t n, float* out) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m256 acc = _mm256_setzero_ps();
    for (size_t r = 0; r < n_rows; ++r) {
      acc = _mm256_add_ps(acc, _mm256_mul_ps(_mm256_set1_ps(weights[r]), _mm256_loadu_ps(rows + r * stride + i)));
    }
    _mm256_storeu_ps(out + i, acc);
  }
  for (; i < n; ++i) {
    float acc = 0.0f;
    for (size_t r = 0; r < n_rows; ++r) acc += weights[r] * rows[r * stride + i];
    out[i] = acc;
  }
}

}  // namespace

void weighted_sum_rows(const float* weights, const float* rows, size_t stride, size_t n_rows, size_t n, float* out) {
  static const bool use_avx2 = simd_avx2_fma_enabled();
  if (use_avx2) {
    weighted_sum_rows_avx2(weights, rows, stride, n_rows, n, out);
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    float acc = 0.0f;
    for (size_t r = 0; r < n_rows; ++r) acc += weights[r] * rows[r * stride + i];
    out[i] = acc;
  }
}

void exp_floats_scalar(float* x, size_t n) {
  for (size_t i = 0; i < n; ++i) x[i] = exp_one(x[i]);
}

void exp_floats(float* x, size_t n) {
  static const bool use_avx2 = simd_avx2_fma_enabled();
  if (use_avx2) {
    exp_floats_avx2(x, n);
  } else {
    exp_floats_scalar(x, n);
  }
}

void dot_rows(const float* x, const float* rows, size_t stride, size_t n_rows, size_t n, float* out) {
  static const bool use_avx2 = simd_avx2_fma_enabled();
  if (use_avx2) {
    dot_rows_avx2(x, rows, stride, n_rows, n, out);
  } else {
    for (size_t r = 0; r < n_rows; ++r) out[r] = dot_scalar(x, rows + r * stride, n);
  }
}

float dot_scalar(const float* a, const float* b, size_t n) {
  float lanes[kLanes] = {};
  const size_t padded = (n + kLanes - 1) / kLanes * kLanes;
  for (size_t i = 0; i < padded; ++i) {
    const float x = i < n ? a[i] : 0.0f;
    const float y = i < n ? b[i] : 0.0f;
    lanes[i % kLanes] = std::fma(x, y, lanes[i % kLanes]);
  }
  return combine_lanes(lanes);
}

float dot(const float* a, const float* b, size_t n) {
  static const bool use_avx2 = simd_avx2_fma_enabled();
  return use_avx2 ? dot_avx2(a, b, n) : dot_scalar(a, b, n);
}

void rms_norm(const float* x, const float* weight, float* out, size_t n, float eps) {
  const float mean_square = dot(x, x, n) / static_cast<float>(n);
  const float scale = 1.0f / std::sqrt(mean_square + eps);  // sqrt is correctly rounded by IEEE
  for (size_t i = 0; i < n; ++i) out[i] = (x[i] * scale) * weight[i];
}

void swiglu(float* gate, const float* up, size_t n) {
  constexpr size_t kBlock = 256;
  float e[kBlock];
  for (size_t start = 0; start < n; start += kBlock) {
    const size_t m = std::min(kBlock, n - start);
    for (size_t i = 0; i < m; ++i) e[i] = -gate[start + i];
    exp_floats(e, m);
    for (size_t i = 0; i < m; ++i) {
      const float g = gate[start + i];
      gate[start + i] = g / (1.0f + e[i]) * up[start + i];
    }
  }
}

void softmax(float* p, size_t n) {
  float max = p[0];
  for (size_t i = 1; i < n; ++i) max = p[i] > max ? p[i] : max;
  for (size_t i = 0; i < n; ++i) p[i] -= max;
  exp_floats(p, n);
  float sum = 0.0f;
  for (size_t i = 0; i < n; ++i) sum += p[i];
  const float inv = 1.0f / sum;
  for (size_t i = 0; i < n; ++i) p[i] *= inv;
}

}  // namespace lmz::llm
