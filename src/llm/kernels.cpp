#include "llm/kernels.h"

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <vector>

#include "core/cpu.h"
#include "llm/attention_avx512.h"
#include "llm/gemm_avx512.h"
#include "llm/simd_lanes.h"

namespace lmz::llm {
namespace {

std::atomic<bool> g_scalar_only{false};
std::atomic<bool> g_no_avx512{false};

bool avx512_kernels() {
  static const bool available = simd_avx512_enabled();
  return available && !g_scalar_only.load(std::memory_order_relaxed) && !g_no_avx512.load(std::memory_order_relaxed);
}

bool avx2_kernels() {
  static const bool available = simd_avx2_fma_enabled();
  return available && !g_scalar_only.load(std::memory_order_relaxed);
}

constexpr size_t kLanes = 8;

float combine_lanes(const float* l) {
  return ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7]));
}

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

__attribute__((target("avx2,fma"))) void exp_floats_avx2(float* x, size_t n, float shift) {
  const __m256 shift_v = _mm256_set1_ps(shift);
  const __m256 lo = _mm256_set1_ps(kExpMin), hi = _mm256_set1_ps(kExpMax);
  const __m256 log2e = _mm256_set1_ps(kLog2e), half = _mm256_set1_ps(0.5f);
  const __m256 ln2_hi = _mm256_set1_ps(kLn2Hi), ln2_lo = _mm256_set1_ps(kLn2Lo);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m256 v = _mm256_sub_ps(_mm256_loadu_ps(x + i), shift_v);
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
  for (; i < n; ++i) x[i] = exp_one(x[i] - shift);
}

__attribute__((target("avx2,fma"))) float max_floats_avx2(const float* x, size_t n) {
  __m256 m = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) m = _mm256_max_ps(_mm256_loadu_ps(x + i), m);  // ignores NaN in x
  alignas(32) float lanes[kLanes];
  _mm256_store_ps(lanes, m);
  float max = lanes[0];
  for (size_t l = 1; l < kLanes; ++l) max = lanes[l] > max ? lanes[l] : max;
  for (; i < n; ++i) max = x[i] > max ? x[i] : max;
  return max;
}

__attribute__((target("avx2,fma"))) void scale_floats_avx2(float* x, size_t n, float factor) {
  const __m256 f = _mm256_set1_ps(factor);
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) _mm256_storeu_ps(x + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), f));
  for (; i < n; ++i) x[i] *= factor;
}

__attribute__((target("avx2,fma"))) void weighted_sum_rows_avx2(const float* weights, const float* rows, size_t stride,
                                                                size_t n_rows, size_t n, float* out) {
  size_t i = 0;
  // Four groups of eight outputs at once: four independent chains of adds
  // instead of one waiting on the last (each output still adds in r's order).
  for (; i + 32 <= n; i += 32) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps(), acc2 = _mm256_setzero_ps(),
           acc3 = _mm256_setzero_ps();
    for (size_t r = 0; r < n_rows; ++r) {
      const __m256 w = _mm256_set1_ps(weights[r]);
      const float* row = rows + r * stride + i;
      acc0 = _mm256_add_ps(acc0, _mm256_mul_ps(w, _mm256_loadu_ps(row)));
      acc1 = _mm256_add_ps(acc1, _mm256_mul_ps(w, _mm256_loadu_ps(row + 8)));
      acc2 = _mm256_add_ps(acc2, _mm256_mul_ps(w, _mm256_loadu_ps(row + 16)));
      acc3 = _mm256_add_ps(acc3, _mm256_mul_ps(w, _mm256_loadu_ps(row + 24)));
    }
    _mm256_storeu_ps(out + i, acc0);
    _mm256_storeu_ps(out + i + 8, acc1);
    _mm256_storeu_ps(out + i + 16, acc2);
    _mm256_storeu_ps(out + i + 24, acc3);
  }
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

__attribute__((target("avx2,fma"))) void attention_scores_avx2(const float* q, const float* keys_t, size_t stride,
                                                               size_t n_keys, size_t n, float* out) {
  const size_t padded = (n + kLanes - 1) / kLanes * kLanes;
  size_t t = 0;
  for (; t + kLanes <= n_keys; t += kLanes) {
    // acc[l] holds lane l of the dot products of eight keys.
    __m256 acc[kLanes];
#pragma GCC unroll 8
    for (size_t l = 0; l < kLanes; ++l) acc[l] = _mm256_setzero_ps();
    size_t base = 0;
    for (; base + kLanes <= n; base += kLanes) {
#pragma GCC unroll 8
      for (size_t l = 0; l < kLanes; ++l) {
        const size_t e = base + l;
        acc[l] = _mm256_fmadd_ps(_mm256_set1_ps(q[e]), _mm256_loadu_ps(keys_t + e * stride + t), acc[l]);
      }
    }
    if (base < padded) {
      // The zero padding of the last lanes, as dot() pads.
      for (size_t l = 0; l < kLanes; ++l) {
        const size_t e = base + l;
        const __m256 qe = _mm256_set1_ps(e < n ? q[e] : 0.0f);
        const __m256 ke = e < n ? _mm256_loadu_ps(keys_t + e * stride + t) : _mm256_setzero_ps();
        acc[l] = _mm256_fmadd_ps(qe, ke, acc[l]);
      }
    }
    const __m256 sum = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(acc[0], acc[4]), _mm256_add_ps(acc[2], acc[6])),
                                     _mm256_add_ps(_mm256_add_ps(acc[1], acc[5]), _mm256_add_ps(acc[3], acc[7])));
    _mm256_storeu_ps(out + t, sum);
  }
  float column[256];
  for (; t < n_keys; ++t) {
    for (size_t e = 0; e < n; ++e) column[e] = keys_t[e * stride + t];
    out[t] = dot_avx2(q, column, n);
  }
}

__attribute__((target("avx2,fma"))) void dot8_avx2(const float* x, const float* const* rows, size_t n, float* out) {
  __m256 acc[kLanes];
#pragma GCC unroll 8
  for (size_t r = 0; r < kLanes; ++r) acc[r] = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const __m256 xv = _mm256_loadu_ps(x + i);
#pragma GCC unroll 8
    for (size_t r = 0; r < kLanes; ++r) acc[r] = _mm256_fmadd_ps(xv, _mm256_loadu_ps(rows[r] + i), acc[r]);
  }
  if (i < n) {
    alignas(32) static constexpr int kMaskSource[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    const __m256i mask = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMaskSource + 8 - (n - i)));
    const __m256 xv = _mm256_maskload_ps(x + i, mask);
#pragma GCC unroll 8
    for (size_t r = 0; r < kLanes; ++r) acc[r] = _mm256_fmadd_ps(xv, _mm256_maskload_ps(rows[r] + i, mask), acc[r]);
  }
  combine8_avx2(acc, out);
}

// Three positions by four rows, twelve accumulators: each sums its own lane
// i of x[i] * row[i] in i's order, as dot8_avx2 does, and ends in dot()'s
// tree, so the bits are dot8's.
__attribute__((target("avx2,fma"))) void dot4x3_avx2(const float* const* x, const float* const* rows, size_t n,
                                                     float (*out)[4]) {
  __m256 acc[3][4];
  for (auto& a : acc) {
    for (__m256& v : a) v = _mm256_setzero_ps();
  }
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const __m256 x0 = _mm256_loadu_ps(x[0] + i), x1 = _mm256_loadu_ps(x[1] + i), x2 = _mm256_loadu_ps(x[2] + i);
#pragma GCC unroll 4
    for (size_t r = 0; r < 4; ++r) {
      const __m256 w = _mm256_loadu_ps(rows[r] + i);
      acc[0][r] = _mm256_fmadd_ps(x0, w, acc[0][r]);
      acc[1][r] = _mm256_fmadd_ps(x1, w, acc[1][r]);
      acc[2][r] = _mm256_fmadd_ps(x2, w, acc[2][r]);
    }
  }
  if (i < n) {
    alignas(32) static constexpr int kMaskSource[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    const __m256i mask = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMaskSource + 8 - (n - i)));
    const __m256 x0 = _mm256_maskload_ps(x[0] + i, mask), x1 = _mm256_maskload_ps(x[1] + i, mask),
                 x2 = _mm256_maskload_ps(x[2] + i, mask);
    for (size_t r = 0; r < 4; ++r) {
      const __m256 w = _mm256_maskload_ps(rows[r] + i, mask);
      acc[0][r] = _mm256_fmadd_ps(x0, w, acc[0][r]);
      acc[1][r] = _mm256_fmadd_ps(x1, w, acc[1][r]);
      acc[2][r] = _mm256_fmadd_ps(x2, w, acc[2][r]);
    }
  }
  for (size_t b = 0; b < 3; ++b) {
    for (size_t r = 0; r < 4; ++r) {
      alignas(32) float l[kLanes];
      _mm256_store_ps(l, acc[b][r]);
      out[b][r] = ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7]));
    }
  }
}

__attribute__((target("avx2,fma"))) float sum_floats_avx2(const float* x, size_t n) {
  __m256 acc = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) acc = _mm256_add_ps(acc, _mm256_loadu_ps(x + i));
  alignas(32) float lanes[kLanes];
  _mm256_store_ps(lanes, acc);
  for (size_t l = 0; i < n; ++i, ++l) lanes[l] += x[i];
  return combine_lanes(lanes);
}

}  // namespace

void dot8(const float* x, const float* const* rows, size_t n, float* out) {
  const bool use_avx2 = avx2_kernels();
  if (use_avx2) {
    dot8_avx2(x, rows, n, out);
    return;
  }
  for (size_t r = 0; r < kLanes; ++r) out[r] = dot_scalar(x, rows[r], n);
}

void dot8_batch(const float* x, size_t x_stride, size_t n_pos, const float* const* rows, size_t n, float* out,
                size_t out_stride) {
  if (n_pos >= 2 && avx512_kernels()) {
    dot8_batch_avx512(x, x_stride, n_pos, rows, n, out, out_stride);
    return;
  }
  size_t b = 0;
  if (avx2_kernels()) {
    for (; b + 3 <= n_pos; b += 3) {
      const float* xs[3] = {x + b * x_stride, x + (b + 1) * x_stride, x + (b + 2) * x_stride};
      for (size_t half = 0; half < 2; ++half) {
        float block[3][4];
        dot4x3_avx2(xs, rows + 4 * half, n, block);
        for (size_t k = 0; k < 3; ++k) {
          for (size_t r = 0; r < 4; ++r) out[(b + k) * out_stride + 4 * half + r] = block[k][r];
        }
      }
    }
  }
  for (; b < n_pos; ++b) dot8(x + b * x_stride, rows, n, out + b * out_stride);
}

bool dot8_batch_f16(const float* x, size_t x_stride, size_t n_pos, const uint16_t* const* rows, size_t n, float* out,
                    size_t out_stride) {
  if (n_pos < 2 || !avx512_kernels()) return false;
  dot8_batch_f16_avx512(x, x_stride, n_pos, rows, n, out, out_stride);
  return true;
}

void attention_scores(const float* q, const float* keys_t, size_t stride, size_t n_keys, size_t n, float* out) {
  attention_scores_heads(&q, 1, keys_t, stride, n_keys, n, &out);
}

void attention_scores_heads(const float* const* qs, size_t n_q, const float* keys_t, size_t stride, size_t n_keys,
                            size_t n, float* const* outs) {
  const bool use_avx2 = avx2_kernels();
  if (use_avx2 && n <= 256) {
    const size_t done = avx512_kernels() ? attention_scores_avx512(qs, n_q, keys_t, stride, n_keys, n, outs) : 0;
    for (size_t k = 0; k < n_q; ++k) {
      attention_scores_avx2(qs[k], keys_t + done, stride, n_keys - done, n, outs[k] + done);
    }
    return;
  }
  std::vector<float> column(n);
  for (size_t t = 0; t < n_keys; ++t) {
    for (size_t e = 0; e < n; ++e) column[e] = keys_t[e * stride + t];
    for (size_t k = 0; k < n_q; ++k) {
      outs[k][t] = use_avx2 ? dot_avx2(qs[k], column.data(), n) : dot_scalar(qs[k], column.data(), n);
    }
  }
}

float sum_floats(const float* x, size_t n) {
  const bool use_avx2 = avx2_kernels();
  if (use_avx2) return sum_floats_avx2(x, n);
  float lanes[kLanes] = {};
  for (size_t i = 0; i < n; ++i) lanes[i % kLanes] += x[i];
  return combine_lanes(lanes);
}

void weighted_sum_rows(const float* weights, const float* rows, size_t stride, size_t n_rows, size_t n, float* out) {
  weighted_sum_rows_heads(&weights, 1, rows, stride, n_rows, n, &out);
}

void weighted_sum_rows_heads(const float* const* weights, size_t n_sets, const float* rows, size_t stride,
                             size_t n_rows, size_t n, float* const* outs) {
  if (avx2_kernels()) {
    const size_t done = avx512_kernels() ? weighted_sum_rows_avx512(weights, n_sets, rows, stride, n_rows, n, outs) : 0;
    for (size_t k = 0; k < n_sets; ++k) {
      weighted_sum_rows_avx2(weights[k], rows + done, stride, n_rows, n - done, outs[k] + done);
    }
    return;
  }
  for (size_t k = 0; k < n_sets; ++k) {
    for (size_t i = 0; i < n; ++i) {
      float acc = 0.0f;
      for (size_t r = 0; r < n_rows; ++r) acc += weights[k][r] * rows[r * stride + i];
      outs[k][i] = acc;
    }
  }
}

void exp_floats_scalar(float* x, size_t n) {
  for (size_t i = 0; i < n; ++i) x[i] = exp_one(x[i]);
}

void exp_floats(float* x, size_t n) {
  const bool use_avx2 = avx2_kernels();
  if (use_avx2) {
    exp_floats_avx2(x, n, 0.0f);
  } else {
    exp_floats_scalar(x, n);
  }
}

namespace {

// dot() in plain C++; inlined into a function compiled for FMA, the fused
// multiply-adds become single instructions, otherwise library calls. Both
// compute the same correctly rounded fma.
__attribute__((always_inline)) inline float dot_lanes(const float* a, const float* b, size_t n) {
  float lanes[kLanes] = {};
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (size_t l = 0; l < kLanes; ++l) lanes[l] = __builtin_fmaf(a[i + l], b[i + l], lanes[l]);
  }
  if (i < n) {
    // The zero padding: fma(0, 0, lane) is lane + 0.
    for (size_t l = 0; l < kLanes; ++l) {
      lanes[l] = i + l < n ? __builtin_fmaf(a[i + l], b[i + l], lanes[l]) : lanes[l] + 0.0f;
    }
  }
  return combine_lanes(lanes);
}

__attribute__((target("fma"))) float dot_scalar_fma(const float* a, const float* b, size_t n) {
  return dot_lanes(a, b, n);
}

float dot_scalar_generic(const float* a, const float* b, size_t n) {
  return dot_lanes(a, b, n);
}

}  // namespace

float dot_scalar(const float* a, const float* b, size_t n) {
  static const bool has_fma = __builtin_cpu_supports("fma");
  return has_fma ? dot_scalar_fma(a, b, n) : dot_scalar_generic(a, b, n);
}

float dot(const float* a, const float* b, size_t n) {
  const bool use_avx2 = avx2_kernels();
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
  const bool use_avx2 = avx2_kernels();
  // The maximum ignores NaN and is exact in any order, so lanes may find it.
  if (use_avx2) {
    const float max = max_floats_avx2(p, n);
    exp_floats_avx2(p, n, max);
    scale_floats_avx2(p, n, 1.0f / sum_floats_avx2(p, n));
    return;
  }
  float max = -std::numeric_limits<float>::infinity();
  for (size_t i = 0; i < n; ++i) max = p[i] > max ? p[i] : max;
  for (size_t i = 0; i < n; ++i) p[i] = exp_one(p[i] - max);
  const float inv = 1.0f / sum_floats(p, n);
  for (size_t i = 0; i < n; ++i) p[i] *= inv;
}

bool simd_kernels_enabled() {
  return avx2_kernels();
}

void set_scalar_kernels(bool scalar_only) {
  g_scalar_only.store(scalar_only, std::memory_order_relaxed);
}

void set_avx512_kernels(bool allowed) {
  g_no_avx512.store(!allowed, std::memory_order_relaxed);
}

bool avx512_kernels_enabled() {
  return avx512_kernels();
}

}  // namespace lmz::llm
