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
template <int n, int banks>
__attribute__((target("avx2"))) inline void mixer_dot_avx2(const int16_t* x, const int16_t* weights,
                                                           const size_t* selected, int32_t* dots) {
  static_assert(n % 16 == 0, "inputs come in groups of 16");
#pragma GCC unroll 4
  for (int b = 0; b < banks; ++b) {
    const int16_t* w = weights + selected[b];
    __m256i acc = _mm256_setzero_si256();
#pragma GCC unroll 4
    for (int i = 0; i < n; i += 16) {
      const __m256i xv = _mm256_load_si256(reinterpret_cast<const __m256i*>(x + i));
      const __m256i wv = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + i));
      acc = _mm256_add_epi32(acc, _mm256_madd_epi16(xv, wv));
    }
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
