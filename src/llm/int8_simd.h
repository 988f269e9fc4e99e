// What the 8-bit kernels (int8_kernels.cpp, int8_token.cpp) share: reading
// a block's integers, and adding four byte products into 32-bit sums with
// each integer dot instruction. AVX2 functions are only called where the
// CPU has AVX2.
#pragma once

#include <immintrin.h>

#include <cstdint>

#include "llm/block_values_avx2.h"
#include "llm/int8_kernels.h"
#include "llm/tensor_type.h"

namespace lmz::llm::int8_simd {

// An input block's integer sum, from the kernels' -128 times it.
inline int32_t input_sum(const Int8Inputs& in, size_t at) {
  return -(in.neg_sums[at] / 128);
}

// Whether blocks of `type` have a minimum (x = w d + m).
inline bool has_minimum(TensorType type) {
  return type == TensorType::kQ4_1 || type == TensorType::kQ5_1;
}

#define LMZ_INT8_AVX2 __attribute__((target("avx2,fma,f16c"), always_inline)) inline

LMZ_INT8_AVX2 __m256i load256(const void* p) {
  return _mm256_loadu_si256(static_cast<const __m256i*>(p));
}

// A block's 32 integers as bytes, element i at byte i.
LMZ_INT8_AVX2 __m256i block_values(TensorType type, const uint8_t* b) {
  switch (type) {
    case TensorType::kQ8_0:
      return q8_0_values(b);
    case TensorType::kQ4_0:
      return q4_0_values(b);
    case TensorType::kQ4_1:
      return q4_1_values(b);
    case TensorType::kQ5_1:
      return q5_1_values(b);
    default:
      return q5_0_values(b);
  }
}

// Adds, into each row's 32-bit sum, the four products of step `w` (weights
// plus 128) and the input's four bytes `q`.
template <Int8Dot kDot>
LMZ_INT8_AVX2 __m256i add_step(__m256i sum, __m256i w, __m256i q) {
  if constexpr (kDot == Int8Dot::kAvx2) {
    // PMADDUBSW wants an unsigned operand: the weights' magnitudes, with
    // their signs moved onto the inputs (at most 2 * 128 * 127 a pair).
    const __m256i signed_w = _mm256_xor_si256(w, _mm256_set1_epi8(static_cast<char>(0x80)));
    const __m256i pairs = _mm256_maddubs_epi16(_mm256_abs_epi8(signed_w), _mm256_sign_epi8(q, signed_w));
    return _mm256_add_epi32(sum, _mm256_madd_epi16(pairs, _mm256_set1_epi16(1)));
  } else if constexpr (kDot == Int8Dot::kAvxVnni) {
    // VPDPBUSD by its encoding, so that no function needs the VNNI target
    // (which would let the compiler use it, or wider registers, elsewhere).
    asm("%{vex%} vpdpbusd %2, %1, %0" : "+x"(sum) : "x"(w), "x"(q));
    return sum;
  } else {
    asm("%{evex%} vpdpbusd %2, %1, %0" : "+x"(sum) : "x"(w), "x"(q));
    return sum;
  }
}

}  // namespace lmz::llm::int8_simd
