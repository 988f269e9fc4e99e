// What the 8-bit kernels (int8_kernels.cpp, int8_token.cpp) share: reading
// a block's integers, and adding four byte products into 32-bit sums with
// each integer dot instruction. AVX2 functions are only called where the
// CPU has AVX2.
#pragma once

#include <immintrin.h>

#include <cstdint>
#include <cstring>

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
  return type == TensorType::kQ4_1 || type == TensorType::kQ5_1 || type == TensorType::kQ4_K ||
         type == TensorType::kQ5_K;
}

inline bool is_k_quant(TensorType type) {
  return type == TensorType::kQ4_K || type == TensorType::kQ5_K || type == TensorType::kQ6_K;
}

// The bytes of a row that hold its block j of 32 (for the k-quants, the
// 256-element block holding it).
inline const uint8_t* block_at(TensorType type, const uint8_t* row, size_t j) {
  switch (type) {
    case TensorType::kQ4_K:
      return row + 144 * (j / 8);
    case TensorType::kQ5_K:
      return row + 176 * (j / 8);
    case TensorType::kQ6_K:
      return row + 210 * (j / 8);
    default:
      return row + tensor_type_info(static_cast<uint32_t>(type))->block_bytes * j;
  }
}

// The eight 6-bit scales and minima of a Q4_K or Q5_K block (its 12 bytes
// at q; scale_min_k4's reading), sub-block s at byte s: bytes 0-3 of the
// scales are the low 6 bits of q[0..3], bytes 4-7 the nibbles of q[8..11]
// with the top bits of q[0..3] above; the minima the same from q[4..7].
inline void k4_scales_minima(const uint8_t* q, uint64_t& scales, uint64_t& minima) {
  uint32_t a, b, c;
  std::memcpy(&a, q, 4);
  std::memcpy(&b, q + 4, 4);
  std::memcpy(&c, q + 8, 4);
  const uint32_t low6 = 0x3f3f3f3f, nibbles = 0x0f0f0f0f, top = 0x30303030;
  scales = (a & low6) | uint64_t{(c & nibbles) | ((a >> 2) & top)} << 32;
  minima = (b & low6) | uint64_t{((c >> 4) & nibbles) | ((b >> 2) & top)} << 32;
}

#define LMZ_INT8_AVX2 __attribute__((target("avx2,fma,f16c"), always_inline)) inline

LMZ_INT8_AVX2 __m256i load256(const void* p) {
  return _mm256_loadu_si256(static_cast<const __m256i*>(p));
}

// A 32-element block's 32 integers as bytes, element i at byte i.
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

// Sub-block s of a Q4_K or Q5_K block: nibbles of the 32 bytes at
// 32 (s / 2), the high ones for odd s; for Q5_K plus 16 where bit s of qh[l]
// is set.
LMZ_INT8_AVX2 __m256i k4_values(TensorType type, const uint8_t* b, int s) {
  const bool five = type == TensorType::kQ5_K;
  const __m128i shift = _mm_cvtsi32_si128(4 * (s % 2));
  const __m256i low = _mm256_set1_epi8(0x0f);
  __m256i v = _mm256_and_si256(_mm256_srl_epi16(load256(b + (five ? 48 : 16) + 32 * (s / 2)), shift), low);
  if (five) {
    const __m256i bit = _mm256_and_si256(_mm256_srl_epi16(load256(b + 16), _mm_cvtsi32_si128(s)), _mm256_set1_epi8(1));
    v = _mm256_or_si256(v, _mm256_slli_epi16(bit, 4));
  }
  return v;
}

// Block j (0..7) of a Q6_K block (read_block32's reading): the nibbles of
// ql at 64 (j / 4) + 32 (j % 2) (high for j % 4 >= 2), bits 2 (j % 4) and
// up of qh at 128 + 32 (j / 4), minus 32.
LMZ_INT8_AVX2 __m256i q6_k_values(const uint8_t* b, int j) {
  const int h = j / 4, k = j % 4;
  const __m256i ql = _mm256_srl_epi16(load256(b + 64 * h + 32 * (k % 2)), _mm_cvtsi32_si128(k >= 2 ? 4 : 0));
  const __m256i qh = _mm256_srl_epi16(load256(b + 128 + 32 * h), _mm_cvtsi32_si128(2 * k));
  const __m256i v = _mm256_or_si256(_mm256_and_si256(ql, _mm256_set1_epi8(0x0f)),
                                    _mm256_slli_epi16(_mm256_and_si256(qh, _mm256_set1_epi8(3)), 4));
  return _mm256_sub_epi8(v, _mm256_set1_epi8(32));
}

// A Q6_K block's scales of block j's two halves (bytes 2j and 2j + 1 of
// the scales at 192), each eight times: widened to 16 bits, the scale of
// each PMADDUBSW pair of the block (pairs 0-7 the first half's).
LMZ_INT8_AVX2 __m128i q6_k_pair_scales(const uint8_t* b, int j) {
  const __m128i pick = _mm_add_epi8(_mm_set1_epi8(static_cast<char>(2 * j)),
                                    _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1));
  return _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 192)), pick);
}

// A row's block j of 32 integers as bytes, element i at byte i.
LMZ_INT8_AVX2 __m256i block_values_at(TensorType type, const uint8_t* row, size_t j) {
  const uint8_t* b = block_at(type, row, j);
  switch (type) {
    case TensorType::kQ4_K:
    case TensorType::kQ5_K:
      return k4_values(type, b, static_cast<int>(j % 8));
    case TensorType::kQ6_K:
      return q6_k_values(b, static_cast<int>(j % 8));
    default:
      return block_values(type, b);
  }
}

// Eight unsigned bytes as eight floats.
LMZ_INT8_AVX2 __m256 bytes_to_floats(uint64_t v) {
  return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_cvtsi64_si128(static_cast<long long>(v))));
}

// An 8 x 8 matrix of floats, a row a register, transposed.
LMZ_INT8_AVX2 void transpose8(__m256* v) {
  __m256 t[8], u[8];
  for (int k = 0; k < 8; k += 2) {
    t[k] = _mm256_unpacklo_ps(v[k], v[k + 1]);
    t[k + 1] = _mm256_unpackhi_ps(v[k], v[k + 1]);
  }
  for (int h = 0; h < 8; h += 4) {
    u[h] = _mm256_shuffle_ps(t[h], t[h + 2], 0x44);
    u[h + 1] = _mm256_shuffle_ps(t[h], t[h + 2], 0xee);
    u[h + 2] = _mm256_shuffle_ps(t[h + 1], t[h + 3], 0x44);
    u[h + 3] = _mm256_shuffle_ps(t[h + 1], t[h + 3], 0xee);
  }
  for (int k = 0; k < 4; ++k) {
    v[k] = _mm256_permute2f128_ps(u[k], u[k + 4], 0x20);
    v[k + 4] = _mm256_permute2f128_ps(u[k], u[k + 4], 0x31);
  }
}

// The sub-block scales d * scale (in d) and minima -(dmin * min) (in m) of
// eight rows' Q4_K or Q5_K blocks at row[r] + at, a sub-block a register
// (lane r row r's): what every token kernel multiplies the sums by.
LMZ_INT8_AVX2 void k4_sub_block_scales(const uint8_t* const* row, size_t at, __m256* d, __m256* m) {
#pragma GCC unroll 8
  for (size_t r = 0; r < 8; ++r) {
    const uint8_t* block = row[r] + at;
    uint64_t scales = 0, minima = 0;
    k4_scales_minima(block + 4, scales, minima);
    d[r] = _mm256_mul_ps(_mm256_set1_ps(_cvtsh_ss(load_u16(block))), bytes_to_floats(scales));
    m[r] = _mm256_xor_ps(_mm256_mul_ps(_mm256_set1_ps(_cvtsh_ss(load_u16(block + 2))), bytes_to_floats(minima)),
                         _mm256_set1_ps(-0.0f));
  }
  transpose8(d);
  transpose8(m);
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

// Adds, into each row's 32-bit sum, the four products of step `signed_w`
// (the weights, signed) and the input's four bytes `q`, each pair of
// products times its row's scale in `scales` (16-bit lanes 2r and 2r + 1
// row r's; Q6_K's weights are within [-32, 31], so a pair is at most
// 2 * 32 * 127 and a lane's sum 2 * 8128 * 128).
LMZ_INT8_AVX2 __m256i add_scaled_step(__m256i sum, __m256i signed_w, __m256i q, __m256i scales) {
  const __m256i pairs = _mm256_maddubs_epi16(_mm256_abs_epi8(signed_w), _mm256_sign_epi8(q, signed_w));
  return _mm256_add_epi32(sum, _mm256_madd_epi16(pairs, scales));
}

}  // namespace lmz::llm::int8_simd
