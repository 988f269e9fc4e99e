#include "llm/attention_avx512.h"

#include <immintrin.h>

namespace lmz::llm {
namespace {

#define LMZ_AVX512 __attribute__((target("avx512f,avx512dq,avx2,fma")))

constexpr size_t kLanes = 8;

// kVectors * 16 keys from `t`: lane l of each key's dot product adds
// elements l, l + 8, ... by fused multiply-add, zeros past n (dot()'s
// padding), then the lanes meet in dot()'s tree.
template <size_t kVectors>
LMZ_AVX512 void score_keys(const float* q, const float* keys_t, size_t stride, size_t t, size_t n, float* out) {
  __m512 acc[kVectors][kLanes];
  for (auto& v : acc) {
    for (__m512& a : v) a = _mm512_setzero_ps();
  }
  const size_t padded = (n + kLanes - 1) / kLanes * kLanes;
  for (size_t base = 0; base < padded; base += kLanes) {
#pragma GCC unroll 8
    for (size_t l = 0; l < kLanes; ++l) {
      const size_t e = base + l;
      if (e >= n) {
        // 0 times 0 into the lane, as the other kernels pad (an FMA with
        // zeros leaves -0 as +0, so it is done, not skipped).
        for (size_t v = 0; v < kVectors; ++v) {
          acc[v][l] = _mm512_fmadd_ps(_mm512_setzero_ps(), _mm512_setzero_ps(), acc[v][l]);
        }
        continue;
      }
      const __m512 qe = _mm512_set1_ps(q[e]);
#pragma GCC unroll 2
      for (size_t v = 0; v < kVectors; ++v) {
        acc[v][l] = _mm512_fmadd_ps(qe, _mm512_loadu_ps(keys_t + e * stride + t + 16 * v), acc[v][l]);
      }
    }
  }
  for (size_t v = 0; v < kVectors; ++v) {
    const __m512* a = acc[v];
    const __m512 sum = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a[0], a[4]), _mm512_add_ps(a[2], a[6])),
                                     _mm512_add_ps(_mm512_add_ps(a[1], a[5]), _mm512_add_ps(a[3], a[7])));
    _mm512_storeu_ps(out + t + 16 * v, sum);
  }
}

// score_keys<1> for kQueries queries at once: each key vector is loaded
// once for all of them, and each query's lanes add what score_keys adds.
template <size_t kQueries>
LMZ_AVX512 void score_keys_queries(const float* const* qs, const float* keys_t, size_t stride, size_t t, size_t n,
                                   float* const* outs) {
  __m512 acc[kQueries][kLanes];
#pragma GCC unroll 4
  for (size_t k = 0; k < kQueries; ++k) {
#pragma GCC unroll 8
    for (size_t l = 0; l < kLanes; ++l) acc[k][l] = _mm512_setzero_ps();
  }
  const size_t padded = (n + kLanes - 1) / kLanes * kLanes;
  for (size_t base = 0; base < padded; base += kLanes) {
#pragma GCC unroll 8
    for (size_t l = 0; l < kLanes; ++l) {
      const size_t e = base + l;
      if (e >= n) {
#pragma GCC unroll 4
        for (size_t k = 0; k < kQueries; ++k) {
          acc[k][l] = _mm512_fmadd_ps(_mm512_setzero_ps(), _mm512_setzero_ps(), acc[k][l]);
        }
        continue;
      }
      const __m512 key = _mm512_loadu_ps(keys_t + e * stride + t);
#pragma GCC unroll 4
      for (size_t k = 0; k < kQueries; ++k) acc[k][l] = _mm512_fmadd_ps(_mm512_set1_ps(qs[k][e]), key, acc[k][l]);
    }
  }
#pragma GCC unroll 4
  for (size_t k = 0; k < kQueries; ++k) {
    const __m512 sum =
        _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(acc[k][0], acc[k][4]), _mm512_add_ps(acc[k][2], acc[k][6])),
                      _mm512_add_ps(_mm512_add_ps(acc[k][1], acc[k][5]), _mm512_add_ps(acc[k][3], acc[k][7])));
    _mm512_storeu_ps(outs[k] + t, sum);
  }
}

// weighted_sum_rows_avx512's sixty-four outputs for kSets weight vectors at
// once over the same rows, each row's values loaded once for all of them.
template <size_t kSets>
LMZ_AVX512 void weighted_sums_sets(const float* const* weights, const float* rows, size_t stride, size_t n_rows,
                                   size_t i, float* const* outs) {
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

LMZ_AVX512 size_t attention_scores_queries_avx512(const float* const* qs, size_t n_q, const float* keys_t,
                                                  size_t stride, size_t n_keys, size_t n, float* const* outs) {
  if (n < 32) return 0;
  size_t t = 0;
  for (; t + 16 <= n_keys; t += 16) {
    switch (n_q) {
      case 1:
        score_keys_queries<1>(qs, keys_t, stride, t, n, outs);
        break;
      case 2:
        score_keys_queries<2>(qs, keys_t, stride, t, n, outs);
        break;
      default:
        score_keys_queries<3>(qs, keys_t, stride, t, n, outs);
        break;
    }
  }
  return t;
}

LMZ_AVX512 size_t weighted_sum_rows_sets_avx512(const float* const* weights, size_t n_sets, const float* rows,
                                                size_t stride, size_t n_rows, size_t n, float* const* outs) {
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    switch (n_sets) {
      case 1:
        weighted_sums_sets<1>(weights, rows, stride, n_rows, i, outs);
        break;
      case 2:
        weighted_sums_sets<2>(weights, rows, stride, n_rows, i, outs);
        break;
      default:
        weighted_sums_sets<3>(weights, rows, stride, n_rows, i, outs);
        break;
    }
  }
  return i;
}

LMZ_AVX512 size_t attention_scores_avx512(const float* q, const float* keys_t, size_t stride, size_t n_keys, size_t n,
                                          float* out) {
  // Short heads (stories260K's 8 elements) gain nothing from the wider
  // registers: measured 10% slower scoring there, so the AVX2 kernel scores them.
  if (n < 32) return 0;
  size_t t = 0;
  for (; t + 32 <= n_keys; t += 32) score_keys<2>(q, keys_t, stride, t, n, out);
  for (; t + 16 <= n_keys; t += 16) score_keys<1>(q, keys_t, stride, t, n, out);
  return t;
}

LMZ_AVX512 size_t weighted_sum_rows_avx512(const float* weights, const float* rows, size_t stride, size_t n_rows,
                                           size_t n, float* out) {
  size_t i = 0;
  // Sixty-four outputs at once, each adding w[r] * row[r] (rounded, then
  // added) in r's order.
  for (; i + 64 <= n; i += 64) {
    __m512 acc[4];
    for (__m512& a : acc) a = _mm512_setzero_ps();
    for (size_t r = 0; r < n_rows; ++r) {
      const __m512 w = _mm512_set1_ps(weights[r]);
      const float* row = rows + r * stride + i;
#pragma GCC unroll 4
      for (size_t k = 0; k < 4; ++k) acc[k] = _mm512_add_ps(acc[k], _mm512_mul_ps(w, _mm512_loadu_ps(row + 16 * k)));
    }
    for (size_t k = 0; k < 4; ++k) _mm512_storeu_ps(out + i + 16 * k, acc[k]);
  }
  return i;
}

}  // namespace lmz::llm
