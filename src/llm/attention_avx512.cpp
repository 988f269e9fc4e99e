#include "llm/attention_avx512.h"

#include <immintrin.h>

#include <algorithm>

namespace lmz::llm {
namespace {

#define LMZ_AVX512 __attribute__((target("avx512f,avx512dq,avx2,fma")))

constexpr size_t kLanes = 8;
// Queries (or weight vectors) a pass serves: eight accumulators per query
// and vector of keys, so three in 32 registers.
constexpr size_t kMaxPerPass = 3;

// kVectors * 16 keys from `t` for kQueries queries, each key vector loaded
// once for all of them: lane l of each key's dot product adds elements l,
// l + 8, ... by fused multiply-add, zeros past n (dot()'s padding), then
// the lanes meet in dot()'s tree.
template <size_t kQueries, size_t kVectors>
LMZ_AVX512 void score_keys(const float* const* qs, const float* keys_t, size_t stride, size_t t, size_t n,
                           float* const* outs) {
  // Indexed only by constants (no pointer into the array), so the compiler
  // keeps the accumulators in registers rather than clearing a stack array.
  __m512 acc[kQueries][kVectors][kLanes];
#pragma GCC unroll 4
  for (size_t k = 0; k < kQueries; ++k) {
#pragma GCC unroll 2
    for (size_t v = 0; v < kVectors; ++v) {
#pragma GCC unroll 8
      for (size_t l = 0; l < kLanes; ++l) acc[k][v][l] = _mm512_setzero_ps();
    }
  }
  const size_t padded = (n + kLanes - 1) / kLanes * kLanes;
  for (size_t base = 0; base < padded; base += kLanes) {
#pragma GCC unroll 8
    for (size_t l = 0; l < kLanes; ++l) {
      const size_t e = base + l;
      if (e >= n) {
        // 0 times 0 into the lane, as the other kernels pad (an FMA with
        // zeros leaves -0 as +0, so it is done, not skipped).
#pragma GCC unroll 4
        for (size_t k = 0; k < kQueries; ++k) {
#pragma GCC unroll 2
          for (size_t v = 0; v < kVectors; ++v) {
            acc[k][v][l] = _mm512_fmadd_ps(_mm512_setzero_ps(), _mm512_setzero_ps(), acc[k][v][l]);
          }
        }
        continue;
      }
#pragma GCC unroll 2
      for (size_t v = 0; v < kVectors; ++v) {
        const __m512 key = _mm512_loadu_ps(keys_t + e * stride + t + 16 * v);
#pragma GCC unroll 4
        for (size_t k = 0; k < kQueries; ++k) {
          acc[k][v][l] = _mm512_fmadd_ps(_mm512_set1_ps(qs[k][e]), key, acc[k][v][l]);
        }
      }
    }
  }
#pragma GCC unroll 4
  for (size_t k = 0; k < kQueries; ++k) {
#pragma GCC unroll 2
    for (size_t v = 0; v < kVectors; ++v) {
      const __m512 sum = _mm512_add_ps(
          _mm512_add_ps(_mm512_add_ps(acc[k][v][0], acc[k][v][4]), _mm512_add_ps(acc[k][v][2], acc[k][v][6])),
          _mm512_add_ps(_mm512_add_ps(acc[k][v][1], acc[k][v][5]), _mm512_add_ps(acc[k][v][3], acc[k][v][7])));
      _mm512_storeu_ps(outs[k] + t + 16 * v, sum);
    }
  }
}

// score_keys over keys [t, ...) in whole steps; returns where it stopped.
template <size_t kQueries, size_t kVectors>
LMZ_AVX512 size_t score_steps(const float* const* qs, const float* keys_t, size_t stride, size_t t, size_t n_keys,
                              size_t n, float* const* outs) {
  for (; t + 16 * kVectors <= n_keys; t += 16 * kVectors)
    score_keys<kQueries, kVectors>(qs, keys_t, stride, t, n, outs);
  return t;
}

// Sixty-four outputs from i for kSets weight vectors over the same rows,
// each row's values loaded once for all of them: each output adds w[r] *
// row[r] (rounded, then added) in r's order.
template <size_t kSets>
LMZ_AVX512 void weighted_sums(const float* const* weights, const float* rows, size_t stride, size_t n_rows, size_t i,
                              float* const* outs) {
  __m512 acc[kSets][4];
  for (auto& v : acc) {
    for (__m512& a : v) a = _mm512_setzero_ps();
  }
  for (size_t r = 0; r < n_rows; ++r) {
    const float* row = rows + r * stride + i;
    const __m512 v0 = _mm512_loadu_ps(row), v1 = _mm512_loadu_ps(row + 16), v2 = _mm512_loadu_ps(row + 32),
                 v3 = _mm512_loadu_ps(row + 48);
#pragma GCC unroll 4
    for (size_t k = 0; k < kSets; ++k) {
      const __m512 w = _mm512_set1_ps(weights[k][r]);
      acc[k][0] = _mm512_add_ps(acc[k][0], _mm512_mul_ps(w, v0));
      acc[k][1] = _mm512_add_ps(acc[k][1], _mm512_mul_ps(w, v1));
      acc[k][2] = _mm512_add_ps(acc[k][2], _mm512_mul_ps(w, v2));
      acc[k][3] = _mm512_add_ps(acc[k][3], _mm512_mul_ps(w, v3));
    }
  }
  for (size_t k = 0; k < kSets; ++k) {
    for (size_t j = 0; j < 4; ++j) _mm512_storeu_ps(outs[k] + i + 16 * j, acc[k][j]);
  }
}

}  // namespace

LMZ_AVX512 size_t attention_scores_avx512(const float* const* qs, size_t n_q, const float* keys_t, size_t stride,
                                          size_t n_keys, size_t n, float* const* outs) {
  // Short heads (stories260K's 8 elements) gain nothing from the wider
  // registers: measured 10% slower scoring there, so the AVX2 kernel scores them.
  if (n < 32) return 0;
  size_t done = 0;
  for (size_t first = 0; first < n_q; first += kMaxPerPass) {
    const float* const* q = qs + first;
    float* const* out = outs + first;
    switch (std::min(kMaxPerPass, n_q - first)) {
      case 1:  // a lone query: 32 keys a step while they last, for more independent sums
        done = score_steps<1, 1>(q, keys_t, stride, score_steps<1, 2>(q, keys_t, stride, 0, n_keys, n, out), n_keys, n,
                                 out);
        break;
      case 2:
        done = score_steps<2, 1>(q, keys_t, stride, 0, n_keys, n, out);
        break;
      default:
        done = score_steps<3, 1>(q, keys_t, stride, 0, n_keys, n, out);
        break;
    }
  }
  return done;
}

LMZ_AVX512 size_t weighted_sum_rows_avx512(const float* const* weights, size_t n_sets, const float* rows, size_t stride,
                                           size_t n_rows, size_t n, float* const* outs) {
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    for (size_t first = 0; first < n_sets; first += kMaxPerPass) {
      switch (std::min(kMaxPerPass, n_sets - first)) {
        case 1:
          weighted_sums<1>(weights + first, rows, stride, n_rows, i, outs + first);
          break;
        case 2:
          weighted_sums<2>(weights + first, rows, stride, n_rows, i, outs + first);
          break;
        default:
          weighted_sums<3>(weights + first, rows, stride, n_rows, i, outs + first);
          break;
      }
    }
  }
  return i;
}

}  // namespace lmz::llm
