#include "llm/gemm_avx512.h"

#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "llm/simd_lanes.h"

namespace lmz::llm {
namespace {

#define LMZ_AVX512 __attribute__((target("avx512f,avx512dq,avx2,fma,f16c")))

// Eight floats in both halves, and each half. (The masked forms: GCC 12
// warns of the unmasked ones' undefined pass-through operand.)
LMZ_AVX512 inline __m512 broadcast8(__m256 v) {
  return _mm512_maskz_broadcast_f32x8(0xffff, v);
}
LMZ_AVX512 inline __m256 low8(__m512 v) {
  return _mm512_maskz_extractf32x8_ps(0xff, v, 0);
}
LMZ_AVX512 inline __m256 high8(__m512 v) {
  return _mm512_maskz_extractf32x8_ps(0xff, v, 1);
}

// Step s (elements 8s..8s+7) of rows 2p and 2p+1 at packed[64 s + 16 p]:
// row 2p's eight values, then row 2p+1's, zeros past n.
LMZ_AVX512 void pack_rows(const float* const* rows, size_t n, float* packed) {
  const size_t full = n / 8;
  for (size_t s = 0; s < full; ++s) {
    for (int r = 0; r < 8; ++r) _mm256_storeu_ps(packed + 64 * s + 8 * r, _mm256_loadu_ps(rows[r] + 8 * s));
  }
  if (full * 8 < n) {
    for (int r = 0; r < 8; ++r) {
      for (size_t l = 0; l < 8; ++l) {
        const size_t i = full * 8 + l;
        packed[64 * full + 8 * r + l] = i < n ? rows[r][i] : 0.0f;
      }
    }
  }
}

// pack_rows for rows of F16 values as stored: each converted exactly (as
// dequantizing does), zeros past n.
LMZ_AVX512 void pack_rows(const uint16_t* const* rows, size_t n, float* packed) {
  const size_t full = n / 8;
  for (int r = 0; r < 8; ++r) {
    for (size_t s = 0; s < full; ++s) {
      const __m128i halves = _mm_loadu_si128(reinterpret_cast<const __m128i*>(rows[r] + 8 * s));
      _mm256_storeu_ps(packed + 64 * s + 8 * r, _mm256_cvtph_ps(halves));
    }
  }
  if (full * 8 < n) {
    for (int r = 0; r < 8; ++r) {
      alignas(16) uint16_t tail[8] = {};  // a zero half is +0.0f, the padding
      for (size_t l = 0; full * 8 + l < n; ++l) tail[l] = rows[r][full * 8 + l];
      _mm256_storeu_ps(packed + 64 * full + 8 * r,
                       _mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i*>(tail))));
    }
  }
}

// P positions against the eight packed rows: acc[b][p] holds, in its two
// halves, the lanes of rows 2p and 2p+1 for position b.
template <int P>
LMZ_AVX512 void kernel(const float* const* xs, const float* packed, size_t n, float* out, size_t out_stride) {
  __m512 acc[P][4];
  for (int b = 0; b < P; ++b) {
    for (int p = 0; p < 4; ++p) acc[b][p] = _mm512_setzero_ps();
  }
  const size_t full = n / 8;
  for (size_t s = 0; s < full; ++s) {
    const float* w = packed + 64 * s;
    const __m512 w0 = _mm512_load_ps(w), w1 = _mm512_load_ps(w + 16), w2 = _mm512_load_ps(w + 32),
                 w3 = _mm512_load_ps(w + 48);
#pragma GCC unroll 8
    for (int b = 0; b < P; ++b) {
      const __m512 xb = broadcast8(_mm256_loadu_ps(xs[b] + 8 * s));
      acc[b][0] = _mm512_fmadd_ps(xb, w0, acc[b][0]);
      acc[b][1] = _mm512_fmadd_ps(xb, w1, acc[b][1]);
      acc[b][2] = _mm512_fmadd_ps(xb, w2, acc[b][2]);
      acc[b][3] = _mm512_fmadd_ps(xb, w3, acc[b][3]);
    }
  }
  if (full * 8 < n) {
    // The zero padding: x masked to zero past n, the rows packed with zeros.
    alignas(32) static constexpr int kMaskSource[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    const __m256i mask = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMaskSource + 8 - (n - full * 8)));
    const float* w = packed + 64 * full;
    for (int b = 0; b < P; ++b) {
      const __m512 xb = broadcast8(_mm256_maskload_ps(xs[b] + 8 * full, mask));
      for (int p = 0; p < 4; ++p) acc[b][p] = _mm512_fmadd_ps(xb, _mm512_load_ps(w + 16 * p), acc[b][p]);
    }
  }
  for (int b = 0; b < P; ++b) {
    __m256 rows[8];
    for (int p = 0; p < 4; ++p) {
      rows[2 * p] = low8(acc[b][p]);
      rows[2 * p + 1] = high8(acc[b][p]);
    }
    combine8_avx2(rows, out + b * out_stride);
  }
}

// Every position against the eight rows, packed first. Where the rows lie
// one after the other (a tensor's), the next eight most likely follow: their
// cache lines are fetched a share before each group of positions, so the
// next packing finds them in the cache instead of waiting on memory (the
// hardware prefetcher stops during the long kernel calls between two
// packings). A prefetch never faults.
template <class T>
LMZ_AVX512 void dot8_packed(const float* x, size_t x_stride, size_t n_pos, const T* const* rows, size_t n, float* out,
                            size_t out_stride) {
  thread_local std::vector<float, std::allocator<float>> storage;
  const size_t steps = (n + 7) / 8;
  storage.resize(64 * steps + 16);
  // 64-byte alignment for the packed steps.
  float* packed = storage.data();
  while (reinterpret_cast<uintptr_t>(packed) % 64 != 0) ++packed;
  pack_rows(rows, n, packed);
  constexpr int kPositions = 6;
  bool contiguous = true;
  for (int r = 1; r < 8; ++r) contiguous = contiguous && rows[r] == rows[r - 1] + n;
  const size_t next_lines = contiguous ? (8 * n * sizeof(T) + 63) / 64 : 0;
  const size_t groups = n_pos / kPositions;
  const size_t per_group = groups > 0 ? (next_lines + groups - 1) / groups : 0;
  const char* fetch = reinterpret_cast<const char*>(rows[7] + n);
  size_t fetched = 0;
  size_t b = 0;
  const float* xs[kPositions];
  for (; b + kPositions <= n_pos; b += kPositions) {
    for (const size_t stop = std::min(next_lines, fetched + per_group); fetched < stop; ++fetched) {
      _mm_prefetch(fetch + 64 * fetched, _MM_HINT_T0);
    }
    for (int k = 0; k < kPositions; ++k) xs[k] = x + (b + k) * x_stride;
    kernel<kPositions>(xs, packed, n, out + b * out_stride, out_stride);
  }
  const size_t rest = n_pos - b;
  for (size_t k = 0; k < rest; ++k) xs[k] = x + (b + k) * x_stride;
  float* o = out + b * out_stride;
  switch (rest) {
    case 1:
      kernel<1>(xs, packed, n, o, out_stride);
      break;
    case 2:
      kernel<2>(xs, packed, n, o, out_stride);
      break;
    case 3:
      kernel<3>(xs, packed, n, o, out_stride);
      break;
    case 4:
      kernel<4>(xs, packed, n, o, out_stride);
      break;
    case 5:
      kernel<5>(xs, packed, n, o, out_stride);
      break;
    default:
      break;
  }
}

}  // namespace

LMZ_AVX512 void dot8_batch_avx512(const float* x, size_t x_stride, size_t n_pos, const float* const* rows, size_t n,
                                  float* out, size_t out_stride) {
  dot8_packed(x, x_stride, n_pos, rows, n, out, out_stride);
}

LMZ_AVX512 void dot8_batch_f16_avx512(const float* x, size_t x_stride, size_t n_pos, const uint16_t* const* rows,
                                      size_t n, float* out, size_t out_stride) {
  dot8_packed(x, x_stride, n_pos, rows, n, out, out_stride);
}

}  // namespace lmz::llm
