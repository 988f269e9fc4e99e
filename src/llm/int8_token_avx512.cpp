// dot_int8_stored16_avx512 (int8_avx512.h): a token's 8-bit products,
// sixteen rows as stored at a time, two rows a 512-bit register. Each row's
// sub-block sums are the 256-bit kernel's exact integers, and its float
// steps (scale times input scale, then the fused multiply-adds, sub-block
// after sub-block) are the same operations in the same order, lane r row
// r's: so the same bits.
#include <immintrin.h>

#include "llm/int8_avx512.h"
#include "llm/int8_simd.h"
#include "llm/tile_prefetch.h"

namespace lmz::llm {
namespace {

using namespace int8_simd;

#define LMZ_TOKEN512_TARGET target("avx512f,avx512dq,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")
#define LMZ_TOKEN512 __attribute__((LMZ_TOKEN512_TARGET, always_inline)) inline

// The 32 bytes at a + at and b + at, a's in the low half. (The masked forms
// of the intrinsics: GCC 12 warns of the unmasked ones' undefined operand.)
LMZ_TOKEN512 __m512i two_rows(const uint8_t* a, const uint8_t* b, size_t at) {
  return _mm512_maskz_inserti64x4(0xff, _mm512_castsi256_si512(load256(a + at)), load256(b + at), 1);
}

// k4_values of rows a and b side by side.
LMZ_TOKEN512 __m512i k4_values2(TensorType type, const uint8_t* a, const uint8_t* b, int s) {
  const bool five = type == TensorType::kQ5_K;
  const __m512i low = _mm512_set1_epi8(0x0f);
  __m512i v = _mm512_and_si512(
      _mm512_maskz_srl_epi16(~0u, two_rows(a, b, (five ? 48 : 16) + 32 * (s / 2)), _mm_cvtsi32_si128(4 * (s % 2))),
      low);
  if (five) {
    const __m512i bit =
        _mm512_and_si512(_mm512_maskz_srl_epi16(~0u, two_rows(a, b, 16), _mm_cvtsi32_si128(s)), _mm512_set1_epi8(1));
    v = _mm512_or_si512(v, _mm512_maskz_slli_epi16(~0u, bit, 4));
  }
  return v;
}

// q6_k_values of rows a and b side by side.
LMZ_TOKEN512 __m512i q6_k_values2(const uint8_t* a, const uint8_t* b, int j) {
  const int h = j / 4, k = j % 4;
  const __m512i ql =
      _mm512_maskz_srl_epi16(~0u, two_rows(a, b, 64 * h + 32 * (k % 2)), _mm_cvtsi32_si128(k >= 2 ? 4 : 0));
  const __m512i qh = _mm512_maskz_srl_epi16(~0u, two_rows(a, b, 128 + 32 * h), _mm_cvtsi32_si128(2 * k));
  const __m512i v = _mm512_or_si512(_mm512_and_si512(ql, _mm512_set1_epi8(0x0f)),
                                    _mm512_maskz_slli_epi16(~0u, _mm512_and_si512(qh, _mm512_set1_epi8(3)), 4));
  return _mm512_maskz_sub_epi8(~0ull, v, _mm512_set1_epi8(32));
}

// Four vectors' 32-bit lanes added up within each 128-bit quarter (lane k
// of a quarter: v[k]'s four lanes there), as half_sums4 does per half.
LMZ_TOKEN512 __m512i quarter_sums4(__m512i v0, __m512i v1, __m512i v2, __m512i v3) {
  const __m512i a01 =
      _mm512_add_epi32(_mm512_maskz_unpacklo_epi32(0xffff, v0, v1), _mm512_maskz_unpackhi_epi32(0xffff, v0, v1));
  const __m512i a23 =
      _mm512_add_epi32(_mm512_maskz_unpacklo_epi32(0xffff, v2, v3), _mm512_maskz_unpackhi_epi32(0xffff, v2, v3));
  return _mm512_add_epi32(_mm512_maskz_unpacklo_epi64(0xff, a01, a23), _mm512_maskz_unpackhi_epi64(0xff, a01, a23));
}

// The rows each register pair holds: register k has row kLowRow[k] in its
// low half and kLowRow[k] + 4 in its high half, so that row_totals16 puts
// row r's total in lane r.
constexpr int kLowRow[8] = {0, 1, 2, 3, 8, 9, 10, 11};

// Sixteen rows' 32-bit sums (two rows a register, as kLowRow says) added
// up: lane r of the result is row r's total (exact integers, in any order).
LMZ_TOKEN512 __m512i row_totals16(const __m512i* v) {
  const __m512i h0123 = quarter_sums4(v[0], v[1], v[2], v[3]);
  const __m512i h4567 = quarter_sums4(v[4], v[5], v[6], v[7]);
  // Quarters of h0123: rows 0-3's first and second quarter sums, rows 4-7's
  // third and fourth; of h4567 the same for rows 8-11 and 12-15.
  return _mm512_add_epi32(_mm512_maskz_shuffle_i32x4(0xffff, h0123, h4567, _MM_SHUFFLE(2, 0, 2, 0)),
                          _mm512_maskz_shuffle_i32x4(0xffff, h0123, h4567, _MM_SHUFFLE(3, 1, 3, 1)));
}

// Sixteen rows' halves at row[r] + at, as floats, lane r row r's.
LMZ_TOKEN512 __m512 row_halves16(const uint8_t* const* row, size_t at) {
  return _mm512_maskz_cvtph_ps(
      0xffff,
      _mm256_setr_epi16(static_cast<int16_t>(load_u16(row[0] + at)), static_cast<int16_t>(load_u16(row[1] + at)),
                        static_cast<int16_t>(load_u16(row[2] + at)), static_cast<int16_t>(load_u16(row[3] + at)),
                        static_cast<int16_t>(load_u16(row[4] + at)), static_cast<int16_t>(load_u16(row[5] + at)),
                        static_cast<int16_t>(load_u16(row[6] + at)), static_cast<int16_t>(load_u16(row[7] + at)),
                        static_cast<int16_t>(load_u16(row[8] + at)), static_cast<int16_t>(load_u16(row[9] + at)),
                        static_cast<int16_t>(load_u16(row[10] + at)), static_cast<int16_t>(load_u16(row[11] + at)),
                        static_cast<int16_t>(load_u16(row[12] + at)), static_cast<int16_t>(load_u16(row[13] + at)),
                        static_cast<int16_t>(load_u16(row[14] + at)), static_cast<int16_t>(load_u16(row[15] + at))));
}

// Sub-block s of sixteen rows' Q4_K or Q5_K blocks: row r's sum in lane r.
LMZ_TOKEN512 __m512i k4_totals16(TensorType type, const uint8_t* const* row, size_t at, int s, __m512i q) {
  __m512i v[8];
#pragma GCC unroll 8
  for (int k = 0; k < 8; ++k) {
    const int r = kLowRow[k];
    v[k] = _mm512_dpbusd_epi32(_mm512_setzero_si512(), k4_values2(type, row[r] + at, row[r + 4] + at, s), q);
  }
  return row_totals16(v);
}

// Block j of sixteen rows' Q6_K blocks: row r's sum in lane r, each half's
// products times the half's scale (q6_k_totals' sums).
LMZ_TOKEN512 __m512i q6_k_totals16(const uint8_t* const* row, size_t at, int j, __m512i q) {
  __m512i v[8];
#pragma GCC unroll 8
  for (int k = 0; k < 8; ++k) {
    const uint8_t* a = row[kLowRow[k]] + at;
    const uint8_t* b = row[kLowRow[k] + 4] + at;
    const __m512i scales = _mm512_cvtepi8_epi16(
        _mm256_inserti128_si256(_mm256_castsi128_si256(q6_k_pair_scales(a, j)), q6_k_pair_scales(b, j), 1));
    const __m512i w = q6_k_values2(a, b, j);
    // PMADDUBSW with the weights' magnitudes, their signs moved onto the
    // inputs (AVX-512 has no PSIGNB: the inputs negated where a weight is
    // negative; where it is zero its magnitude is).
    const __m512i signed_q = _mm512_mask_sub_epi8(q, _mm512_movepi8_mask(w), _mm512_setzero_si512(), q);
    const __m512i pairs = _mm512_maddubs_epi16(_mm512_abs_epi8(w), signed_q);
    v[k] = _mm512_madd_epi16(pairs, scales);
  }
  return row_totals16(v);
}

// An input block of 32 bytes in both halves.
LMZ_TOKEN512 __m512i input_block(const Int8Inputs& in, size_t j) {
  return _mm512_maskz_broadcast_i64x4(0xff, load256(in.q + j * kInt8Block));
}

// The sixteen rows two tiles on, fetched a share per block of 32 (as the
// eight-row kernels fetch the tile two on).
LMZ_TOKEN512 TilePrefetch ahead16(const uint8_t* const* row, size_t row_bytes, size_t blocks) {
  return TilePrefetch(row[15], row_bytes, blocks, 2, 16);
}

// Block j of sixteen rows of 32-element blocks (Q8_0, Q5_0, Q5_1): row r's
// integer sum in lane r. The integers plus 128 against the input by
// VPDPBUSD, then -128 times the input's sum (neg_sums): the sums of the
// eight-row kernels, exactly.
LMZ_TOKEN512 __m512i block_totals16(TensorType type, const uint8_t* const* row, size_t at, const Int8Inputs& in,
                                    size_t j) {
  const __m512i q = input_block(in, j);
  const __m512i offset = _mm512_set1_epi8(static_cast<char>(0x80));
  __m512i v[8];
#pragma GCC unroll 8
  for (int k = 0; k < 8; ++k) {
    const int r = kLowRow[k];
    const __m512i w = _mm512_maskz_inserti64x4(0xff, _mm512_castsi256_si512(block_values(type, row[r] + at)),
                                               block_values(type, row[r + 4] + at), 1);
    v[k] = _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_xor_si512(w, offset), q);
  }
  return _mm512_add_epi32(row_totals16(v), _mm512_set1_epi32(in.neg_sums[j]));
}

template <bool kMin>
__attribute__((LMZ_TOKEN512_TARGET)) void rows16_blocks(TensorType type, const uint8_t* const* row, size_t cols,
                                                        const Int8Inputs& in, float* out) {
  const size_t block_bytes = tensor_type_info(static_cast<uint32_t>(type))->block_bytes;
  const size_t blocks = cols / kInt8Block;
  const TilePrefetch ahead = ahead16(row, blocks * block_bytes, blocks);
  __m512 acc = _mm512_setzero_ps();
  for (size_t j = 0; j < blocks; ++j) {
    ahead.share<_MM_HINT_T1>(j);
    const size_t at = j * block_bytes;
    const __m512i total = block_totals16(type, row, at, in, j);
    const __m512 d = row_halves16(row, at), a = _mm512_set1_ps(in.a[j]);
    acc = _mm512_fmadd_ps(_mm512_maskz_cvtepi32_ps(0xffff, total), _mm512_mul_ps(d, a), acc);
    if constexpr (kMin) {
      acc = _mm512_fmadd_ps(_mm512_set1_ps(static_cast<float>(input_sum(in, j))),
                            _mm512_mul_ps(row_halves16(row, at + 2), a), acc);
    }
  }
  _mm512_storeu_ps(out, acc);
}

__attribute__((LMZ_TOKEN512_TARGET)) void rows16_q6_k(const uint8_t* const* row, size_t cols, const Int8Inputs& in,
                                                      float* out) {
  const size_t block_bytes = tensor_type_info(static_cast<uint32_t>(TensorType::kQ6_K))->block_bytes;
  const size_t blocks = cols / 256;
  const TilePrefetch ahead = ahead16(row, blocks * block_bytes, cols / kInt8Block);
  __m512 acc = _mm512_setzero_ps();
  for (size_t b = 0; b < blocks; ++b) {
    const size_t at = b * block_bytes;
    const __m512 d = row_halves16(row, at + 208);
    for (int s = 0; s < 8; ++s) {
      const size_t j = 8 * b + static_cast<size_t>(s);
      ahead.share<_MM_HINT_T1>(j);
      const __m512i total = q6_k_totals16(row, at, s, input_block(in, j));
      acc = _mm512_fmadd_ps(_mm512_maskz_cvtepi32_ps(0xffff, total), _mm512_mul_ps(d, _mm512_set1_ps(in.a[j])), acc);
    }
  }
  _mm512_storeu_ps(out, acc);
}

__attribute__((LMZ_TOKEN512_TARGET)) void rows16_k4(TensorType type, const uint8_t* const* row, size_t cols,
                                                    const Int8Inputs& in, float* out) {
  const size_t block_bytes = tensor_type_info(static_cast<uint32_t>(type))->block_bytes;
  const size_t blocks = cols / 256;
  const TilePrefetch ahead = ahead16(row, blocks * block_bytes, cols / kInt8Block);
  __m512 acc = _mm512_setzero_ps();
  for (size_t b = 0; b < blocks; ++b) {
    const size_t at = b * block_bytes;
    // The eight-row kernel's scales and minima, rows 0-7 and 8-15.
    __m256 d[2][8], m[2][8];
    k4_sub_block_scales(row, at, d[0], m[0]);
    k4_sub_block_scales(row + 8, at, d[1], m[1]);
#pragma GCC unroll 8
    for (int s = 0; s < 8; ++s) {
      const size_t j = 8 * b + static_cast<size_t>(s);
      ahead.share<_MM_HINT_T1>(j);
      const __m512i total = k4_totals16(type, row, at, s, input_block(in, j));
      const __m512 a = _mm512_set1_ps(in.a[j]);
      const __m512 ds = _mm512_maskz_insertf32x8(0xffff, _mm512_castps256_ps512(d[0][s]), d[1][s], 1);
      const __m512 ms = _mm512_maskz_insertf32x8(0xffff, _mm512_castps256_ps512(m[0][s]), m[1][s], 1);
      acc = _mm512_fmadd_ps(_mm512_maskz_cvtepi32_ps(0xffff, total), _mm512_mul_ps(ds, a), acc);
      acc = _mm512_fmadd_ps(_mm512_set1_ps(static_cast<float>(input_sum(in, j))), _mm512_mul_ps(ms, a), acc);
    }
  }
  _mm512_storeu_ps(out, acc);
}

}  // namespace

void dot_int8_stored16_avx512(TensorType type, const uint8_t* const* rows, size_t cols, const Int8Inputs& in,
                              float* out) {
  if (type == TensorType::kQ6_K) return rows16_q6_k(rows, cols, in, out);
  if (is_k_quant(type)) return rows16_k4(type, rows, cols, in, out);
  if (has_minimum(type)) return rows16_blocks<true>(type, rows, cols, in, out);
  rows16_blocks<false>(type, rows, cols, in, out);
}

}  // namespace lmz::llm
