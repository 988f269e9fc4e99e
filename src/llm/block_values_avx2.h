// The integers of a 32-element block (Q8_0, Q4_0, Q5_0, Q4_1, Q5_1) as 32 bytes,
// element i at byte i, with AVX2: what tensor_type.cpp multiplies by the
// block's half scale. Shared by the float kernels (quant_kernels) and the
// 8-bit ones (int8_kernels); only called where the CPU has AVX2.
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <cstring>

namespace lmz::llm {

#define LMZ_BLOCK_AVX2 __attribute__((target("avx2,fma,f16c"), always_inline)) inline

// Q8_0: the 32 bytes after the scale.
LMZ_BLOCK_AVX2 __m256i q8_0_values(const uint8_t* b) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b + 2));
}

// 16 bytes of nibbles: low nibbles of bytes 0-15 are elements 0-15, high
// ones 16-31.
LMZ_BLOCK_AVX2 __m256i nibble_values(const uint8_t* qs_at) {
  const __m128i qs = _mm_loadu_si128(reinterpret_cast<const __m128i*>(qs_at));
  const __m128i low = _mm_set1_epi8(0x0f);
  return _mm256_set_m128i(_mm_and_si128(_mm_srli_epi16(qs, 4), low), _mm_and_si128(qs, low));
}

// Q4_0: the nibbles, q - 8.
LMZ_BLOCK_AVX2 __m256i q4_0_values(const uint8_t* b) {
  return _mm256_sub_epi8(nibble_values(b + 2), _mm256_set1_epi8(8));
}

// Q4_1: the nibbles after the scale and the minimum.
LMZ_BLOCK_AVX2 __m256i q4_1_values(const uint8_t* b) {
  return nibble_values(b + 4);
}

// Five-bit values: nibble | fifth bit << 4, nibbles as above, the fifth bit
// of element j bit j of the 32 bits at qh_at.
LMZ_BLOCK_AVX2 __m256i five_bit_values(const uint8_t* qh_at, const uint8_t* qs_at) {
  uint32_t qh;
  std::memcpy(&qh, qh_at, 4);  // little-endian, as the format
  const __m256i nibbles = nibble_values(qs_at);
  // Byte j takes byte j / 8 of qh (the shuffle stays within each 128-bit
  // half, and each half holds all four), then keeps bit j % 8.
  const __m256i spread = _mm256_shuffle_epi8(
      _mm256_set1_epi32(static_cast<int>(qh)),
      _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3));
  const __m256i bit = _mm256_set1_epi64x(static_cast<long long>(0x8040201008040201ull));
  const __m256i fifth = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(spread, bit), bit), _mm256_set1_epi8(16));
  return _mm256_or_si256(nibbles, fifth);
}

// Q5_0: the five-bit values - 16.
LMZ_BLOCK_AVX2 __m256i q5_0_values(const uint8_t* b) {
  return _mm256_sub_epi8(five_bit_values(b + 2, b + 6), _mm256_set1_epi8(16));
}

// Q5_1: the five-bit values after the scale and the minimum.
LMZ_BLOCK_AVX2 __m256i q5_1_values(const uint8_t* b) {
  return five_bit_values(b + 4, b + 8);
}

#undef LMZ_BLOCK_AVX2

}  // namespace lmz::llm
