// dot_int8_stored (int8_kernels.h): a token's 8-bit products read the rows
// as stored, eight at a time, each row's block against the input's block in
// 32-bit lanes, then the eight rows' lanes added up together.
#include <immintrin.h>

#include <cstring>

#include "llm/int8_avx512.h"
#include "llm/int8_kernels.h"
#include "llm/int8_simd.h"
#include "llm/tile_prefetch.h"

namespace lmz::llm {
namespace {

using namespace int8_simd;

// The eight rows' halves at row[r] + at, as floats, lane r row r's (set
// lane by lane: eight two-byte stores read back as one vector would wait for
// the stores to drain).
LMZ_INT8_AVX2 __m256 row_halves(const uint8_t* const* row, size_t at) {
  return _mm256_cvtph_ps(
      _mm_setr_epi16(static_cast<int16_t>(load_u16(row[0] + at)), static_cast<int16_t>(load_u16(row[1] + at)),
                     static_cast<int16_t>(load_u16(row[2] + at)), static_cast<int16_t>(load_u16(row[3] + at)),
                     static_cast<int16_t>(load_u16(row[4] + at)), static_cast<int16_t>(load_u16(row[5] + at)),
                     static_cast<int16_t>(load_u16(row[6] + at)), static_cast<int16_t>(load_u16(row[7] + at))));
}

// Four vectors' 32-bit lanes added up within each 128-bit half: lane k of
// each half is the sum of v[k]'s four lanes in that half. Unpacks and adds
// rather than PHADDD, which is several micro-operations on some CPUs (AMD's
// Zen among them); the sums are exact integers, so the order is free.
LMZ_INT8_AVX2 __m256i half_sums4(__m256i v0, __m256i v1, __m256i v2, __m256i v3) {
  const __m256i a01 = _mm256_add_epi32(_mm256_unpacklo_epi32(v0, v1), _mm256_unpackhi_epi32(v0, v1));
  const __m256i a23 = _mm256_add_epi32(_mm256_unpacklo_epi32(v2, v3), _mm256_unpackhi_epi32(v2, v3));
  return _mm256_add_epi32(_mm256_unpacklo_epi64(a01, a23), _mm256_unpackhi_epi64(a01, a23));
}

// Eight rows' 32-bit sums (row r's lanes in v[r]) added up: lane r of the
// result is row r's total (exact integers, in any order).
LMZ_INT8_AVX2 __m256i row_totals(const __m256i* v) {
  const __m256i h0123 = half_sums4(v[0], v[1], v[2], v[3]);
  const __m256i h4567 = half_sums4(v[4], v[5], v[6], v[7]);
  return _mm256_add_epi32(_mm256_permute2x128_si256(h0123, h4567, 0x20), _mm256_permute2x128_si256(h0123, h4567, 0x31));
}

// How far ahead a token's product fetches its weights: the tile two on,
// into the second-level cache (measured on a Q8_0 model of 133 MB, one
// thread: 60 tokens/s fetching the next tile into the first level, 103 to
// 117 two to eight tiles on into the second).
constexpr size_t kStoredAhead = 2;

// Unsigned bytes against signed ones: lane l adds the four products of
// bytes 4l..4l+3 (PMADDUBSW does not saturate here: the unsigned bytes are
// nibbles, at most 2 * 15 * 127 a pair).
template <Int8Dot kDot>
LMZ_INT8_AVX2 __m256i dot_nibbles(__m256i sum, __m256i nibbles, __m256i q) {
  if constexpr (kDot == Int8Dot::kAvx2) {
    return _mm256_add_epi32(sum, _mm256_madd_epi16(_mm256_maddubs_epi16(nibbles, q), _mm256_set1_epi16(1)));
  } else {
    return add_step<kDot>(sum, nibbles, q);
  }
}

// Block j of eight rows of bytes (Q8_0, Q5_0, Q5_1): row r's total in lane r,
// without the VNNI kernels' -128 times the input's sum.
template <Int8Dot kDot>
LMZ_INT8_AVX2 __m256i byte_totals(TensorType type, const uint8_t* const* row, size_t at, __m256i q) {
  __m256i v[8];
#pragma GCC unroll 8
  for (size_t r = 0; r < 8; ++r) {
    const __m256i w = block_values(type, row[r] + at);
    if constexpr (kDot == Int8Dot::kAvx2) {
      const __m256i pairs = _mm256_maddubs_epi16(_mm256_abs_epi8(w), _mm256_sign_epi8(q, w));
      v[r] = _mm256_madd_epi16(pairs, _mm256_set1_epi16(1));
    } else {
      v[r] = add_step<kDot>(_mm256_setzero_si256(), _mm256_xor_si256(w, _mm256_set1_epi8(static_cast<char>(0x80))), q);
    }
  }
  return row_totals(v);
}

// Block j of eight rows of nibbles (Q4_0, Q4_1: 16 bytes at row[r] + at), two rows
// a register: the low nibbles of rows 2p and 2p + 1 against the input's
// elements 0-15 in both halves, the high nibbles against 16-31; row r's sum
// of nibble times input in lane r.
template <Int8Dot kDot>
LMZ_INT8_AVX2 __m256i nibble_totals(const uint8_t* const* row, size_t at, const int8_t* q) {
  const __m256i q_low = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q)));
  const __m256i q_high = _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 16)));
  const __m256i low = _mm256_set1_epi8(0x0f);
  __m256i v[4];
#pragma GCC unroll 4
  for (size_t p = 0; p < 4; ++p) {
    const __m256i two = _mm256_inserti128_si256(
        _mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row[2 * p] + at))),
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(row[2 * p + 1] + at)), 1);
    const __m256i sum = dot_nibbles<kDot>(_mm256_setzero_si256(), _mm256_and_si256(two, low), q_low);
    v[p] = dot_nibbles<kDot>(sum, _mm256_and_si256(_mm256_srli_epi16(two, 4), low), q_high);
  }
  // Lanes 0-3 of v[p] are row 2p's, 4-7 row 2p + 1's: added up, rows
  // 0, 2, 4, 6 | 1, 3, 5, 7, then put in order.
  const __m256i h = half_sums4(v[0], v[1], v[2], v[3]);
  return _mm256_permutevar8x32_epi32(h, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

// One input against eight stored rows, block by block, without packing:
// each row's block against the input's block in 32-bit lanes, the lanes of
// the eight rows then added up together (the same integer sums as the
// packed kernels', so the same bits).
template <Int8Dot kDot, bool kMin>
__attribute__((target("avx2,fma,f16c"))) void rows8_stored(TensorType type, const uint8_t* const* rows, size_t n_rows,
                                                           size_t cols, const Int8Inputs& in, float* out8) {
  const size_t block_bytes = tensor_type_info(static_cast<uint32_t>(type))->block_bytes;
  const size_t blocks = cols / kInt8Block;
  const bool nibbles = type == TensorType::kQ4_0 || type == TensorType::kQ4_1;
  const size_t nibbles_at = type == TensorType::kQ4_0 ? 2 : 4;
  const uint8_t* row[8];
  for (size_t r = 0; r < 8; ++r) row[r] = rows[r < n_rows ? r : 0];
  const TilePrefetch prefetch(rows[n_rows - 1], blocks * block_bytes, blocks, kStoredAhead);
  __m256 acc = _mm256_setzero_ps();
  for (size_t j = 0; j < blocks; ++j) {
    prefetch.share<_MM_HINT_T1>(j);
    const size_t at = j * block_bytes;
    __m256i total;
    if (nibbles) {
      total = nibble_totals<kDot>(row, at + nibbles_at, in.q + j * kInt8Block);
      // Q4_0's integers are the nibbles - 8: -8 times the input's sum.
      if (type == TensorType::kQ4_0) total = _mm256_sub_epi32(total, _mm256_set1_epi32(8 * input_sum(in, j)));
    } else {
      total = byte_totals<kDot>(type, row, at, load256(in.q + j * kInt8Block));
      if constexpr (kDot != Int8Dot::kAvx2) total = _mm256_add_epi32(total, _mm256_set1_epi32(in.neg_sums[j]));
    }
    const __m256 d = row_halves(row, at), a = _mm256_set1_ps(in.a[j]);
    acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(total), _mm256_mul_ps(d, a), acc);
    if constexpr (kMin) {
      acc = _mm256_fmadd_ps(_mm256_set1_ps(input_sum(in, j)), _mm256_mul_ps(row_halves(row, at + 2), a), acc);
    }
  }
  _mm256_storeu_ps(out8, acc);
}

// Sub-block s of eight rows' Q4_K or Q5_K blocks at row[r] + at: row r's
// sum of integer times input in lane r (the integers are unsigned, at most
// 31, so PMADDUBSW does not saturate and VPDPBUSD needs no offset).
template <Int8Dot kDot>
LMZ_INT8_AVX2 __m256i k4_totals(TensorType type, const uint8_t* const* row, size_t at, int s, __m256i q) {
  __m256i v[8];
#pragma GCC unroll 8
  for (size_t r = 0; r < 8; ++r) v[r] = dot_nibbles<kDot>(_mm256_setzero_si256(), k4_values(type, row[r] + at, s), q);
  return row_totals(v);
}

// Block j of eight rows' Q6_K blocks at row[r] + at: row r's sum in lane r,
// each half's products times the half's scale (the packed kernels' sums).
LMZ_INT8_AVX2 __m256i q6_k_totals(const uint8_t* const* row, size_t at, int j, __m256i q) {
  __m256i v[8];
#pragma GCC unroll 8
  for (size_t r = 0; r < 8; ++r) {
    const __m256i scales = _mm256_cvtepi8_epi16(q6_k_pair_scales(row[r] + at, j));
    v[r] = add_scaled_step(_mm256_setzero_si256(), q6_k_values(row[r] + at, j), q, scales);
  }
  return row_totals(v);
}

// One input against eight stored rows of k-quants, a 256-element block at
// a time: its scales decoded first, then its eight blocks of 32 as above.
template <Int8Dot kDot>
__attribute__((target("avx2,fma,f16c"))) void rows8_k_stored(TensorType type, const uint8_t* const* rows, size_t n_rows,
                                                             size_t cols, const Int8Inputs& in, float* out8) {
  const size_t block_bytes = tensor_type_info(static_cast<uint32_t>(type))->block_bytes;
  const size_t blocks = cols / 256;
  const uint8_t* row[8];
  for (size_t r = 0; r < 8; ++r) row[r] = rows[r < n_rows ? r : 0];
  const TilePrefetch prefetch(rows[n_rows - 1], blocks * block_bytes, cols / kInt8Block, kStoredAhead);
  __m256 acc = _mm256_setzero_ps();
  for (size_t b = 0; b < blocks; ++b) {
    const size_t at = b * block_bytes;
    if (type == TensorType::kQ6_K) {
      const __m256 d = row_halves(row, at + 208);
      for (int s = 0; s < 8; ++s) {
        const size_t j = 8 * b + static_cast<size_t>(s);
        prefetch.share<_MM_HINT_T1>(j);
        const __m256i total = q6_k_totals(row, at, s, load256(in.q + j * kInt8Block));
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(total), _mm256_mul_ps(d, _mm256_set1_ps(in.a[j])), acc);
      }
      continue;
    }
    __m256 d[8], m[8];
    k4_sub_block_scales(row, at, d, m);
#pragma GCC unroll 8
    for (int s = 0; s < 8; ++s) {
      const size_t j = 8 * b + static_cast<size_t>(s);
      prefetch.share<_MM_HINT_T1>(j);
      const __m256i total = k4_totals<kDot>(type, row, at, s, load256(in.q + j * kInt8Block));
      const __m256 a = _mm256_set1_ps(in.a[j]);
      acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(total), _mm256_mul_ps(d[s], a), acc);
      acc = _mm256_fmadd_ps(_mm256_set1_ps(static_cast<float>(input_sum(in, j))), _mm256_mul_ps(m[s], a), acc);
    }
  }
  _mm256_storeu_ps(out8, acc);
}

template <Int8Dot kDot>
void rows8_stored_for(TensorType type, const uint8_t* const* rows, size_t n_rows, size_t cols, const Int8Inputs& in,
                      float* out8) {
  if (is_k_quant(type)) return rows8_k_stored<kDot>(type, rows, n_rows, cols, in, out8);
  if (has_minimum(type)) return rows8_stored<kDot, true>(type, rows, n_rows, cols, in, out8);
  rows8_stored<kDot, false>(type, rows, n_rows, cols, in, out8);
}

}  // namespace

void dot_int8_stored(TensorType type, const uint8_t* const* rows, size_t n_rows, size_t cols, const Int8Inputs& in,
                     float* out, void* scratch) {
  float rows8[8];
  switch (active_int8_dot()) {
    case Int8Dot::kAvx2:
      rows8_stored_for<Int8Dot::kAvx2>(type, rows, n_rows, cols, in, rows8);
      break;
    case Int8Dot::kAvxVnni:
      rows8_stored_for<Int8Dot::kAvxVnni>(type, rows, n_rows, cols, in, rows8);
      break;
    case Int8Dot::kAvx512Vnni:
      rows8_stored_for<Int8Dot::kAvx512Vnni>(type, rows, n_rows, cols, in, rows8);
      break;
    case Int8Dot::kScalar: {
      const Int8Tile tile = Int8Tile::in(scratch, cols, type);
      pack_int8_tile_scalar(type, rows, n_rows, cols, tile);
      dot_int8_scalar(tile, n_rows, cols, in, 1, rows8, 8);
      break;
    }
  }
  std::memcpy(out, rows8, n_rows * sizeof(float));
}

bool dot_int8_stored16(TensorType type, const uint8_t* const* rows, size_t cols, const Int8Inputs& in, float* out) {
  // Not the nibble types (Q4_0, Q4_1): their eight-row kernel reads two rows
  // a register already, and the sixteen-row form measured slower.
  const bool blocks = type == TensorType::kQ8_0 || type == TensorType::kQ5_0 || type == TensorType::kQ5_1;
  if (active_int8_dot() != Int8Dot::kAvx512Vnni || !(blocks || is_k_quant(type))) return false;
  dot_int8_stored16_avx512(type, rows, cols, in, out);
  return true;
}

}  // namespace lmz::llm
