// The mixer's two kernels, each in a scalar and an AVX2 form that compute the
// same integers (see mixer.h): a dot product per bank, and training per bank.
// n: inputs, a multiple of 16; banks: weight vectors used per bit. `selected`
// holds each bank's offset into `weights`.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace lmz::cm {

template <int n, int banks>
inline void mixer_dot_scalar(const int16_t* x, const int16_t* weights, const size_t* selected, int32_t* dots) {
  for (int b = 0; b < banks; ++b) {
    const int16_t* w = weights + selected[b];
    int32_t dot = 0;
    for (int i = 0; i < n; ++i) dot += static_cast<int32_t>(x[i]) * w[i];
    dots[b] = dot;
  }
}

// w += round(x * 8 * err / 2^15), saturating: pmulhrsw then paddsw.
template <int n, int banks>
inline void mixer_train_scalar(const int16_t* x, int16_t* weights, const size_t* selected, const int* errs) {
  for (int b = 0; b < banks; ++b) {
    int16_t* w = weights + selected[b];
    for (int i = 0; i < n; ++i) {
      const int32_t delta = (static_cast<int32_t>(x[i] * 8) * errs[b] + (1 << 14)) >> 15;
      const int32_t next = w[i] + delta;
      w[i] = static_cast<int16_t>(next < -32768 ? -32768 : next > 32767 ? 32767 : next);
    }
  }
}

#if defined(__x86_64__)
// The inputs x[0..used) as sixteen 16-bit lanes (the rest zero), built in
// registers from 32-bit reads: one wide load of values just stored one by
// one would wait for the stores to reach the cache (a failed store
// forwarding), and this is on the path from one bit to the next.
template <int used>
__attribute__((target("avx2"))) inline __m256i mixer_pack16_avx2(const int32_t* x) {
  static_assert(used <= 16, "sixteen lanes");
  uint32_t pairs[8];
#pragma GCC unroll 8
  for (int k = 0; k < 8; ++k) {
    const uint32_t lo = 2 * k < used ? static_cast<uint32_t>(x[2 * k]) & 0xffffu : 0;
    const uint32_t hi = 2 * k + 1 < used ? static_cast<uint32_t>(x[2 * k + 1]) << 16 : 0;
    pairs[k] = lo | hi;
  }
  __m128i low = _mm_cvtsi32_si128(static_cast<int>(pairs[0]));
  low = _mm_insert_epi32(low, static_cast<int>(pairs[1]), 1);
  low = _mm_insert_epi32(low, static_cast<int>(pairs[2]), 2);
  low = _mm_insert_epi32(low, static_cast<int>(pairs[3]), 3);
  if (used <= 8) return _mm256_zextsi128_si256(low);
  __m128i high = _mm_cvtsi32_si128(static_cast<int>(pairs[4]));
  high = _mm_insert_epi32(high, static_cast<int>(pairs[5]), 1);
  high = _mm_insert_epi32(high, static_cast<int>(pairs[6]), 2);
  high = _mm_insert_epi32(high, static_cast<int>(pairs[7]), 3);
  return _mm256_inserti128_si256(_mm256_castsi128_si256(low), high, 1);
}

// mixer_dot_scalar for sixteen inputs given as 32-bit values x[0..used);
// also stores them as the 16-bit lanes the training reads.
template <int used, int banks>
__attribute__((target("avx2"))) inline void mixer_dot16_avx2(const int32_t* x, int16_t* lanes, const int16_t* weights,
                                                             const size_t* selected, int32_t* dots) {
  const __m256i xv = mixer_pack16_avx2<used>(x);
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), xv);
#pragma GCC unroll 4
  for (int b = 0; b < banks; ++b) {
    const __m256i wv = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(weights + selected[b]));
    const __m256i acc = _mm256_madd_epi16(xv, wv);
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
    dots[b] = _mm_cvtsi128_si32(s);
  }
}

template <int n, int banks>
__attribute__((target("avx2"))) inline void mixer_train_avx2(const int16_t* x, int16_t* weights, const size_t* selected,
                                                             const int* errs) {
#pragma GCC unroll 4
  for (int b = 0; b < banks; ++b) {
    int16_t* w = weights + selected[b];
    const __m256i e = _mm256_set1_epi16(static_cast<int16_t>(errs[b]));
#pragma GCC unroll 4
    for (int i = 0; i < n; i += 16) {
      const __m256i xv = _mm256_slli_epi16(_mm256_load_si256(reinterpret_cast<const __m256i*>(x + i)), 3);
      __m256i wv = _mm256_loadu_si256(reinterpret_cast<__m256i*>(w + i));
      wv = _mm256_adds_epi16(wv, _mm256_mulhrs_epi16(xv, e));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(w + i), wv);
    }
  }
}
#endif

}  // namespace lmz::cm
