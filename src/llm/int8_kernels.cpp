#include "llm/int8_kernels.h"

#include <cpuid.h>
#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>

#include "core/cpu.h"
#include "llm/int8_avx512.h"
#include "llm/int8_simd.h"
#include "llm/kernels.h"
#include "llm/tile_prefetch.h"

namespace lmz::llm {
namespace {

using namespace int8_simd;

// MAXPS's rule: the second operand unless the first is greater (so a NaN
// second operand wins, a NaN first one loses).
float max_ps(float a, float b) {
  return a > b ? a : b;
}

// CVTPS2DQ's rounding (to nearest, ties to even), then the clamp.
int8_t quantize_value(float f) {
  if (!(f < 2147483648.0f) || !(f >= -2147483648.0f)) return -127;  // NaN or out of range: INT_MIN, clamped
  const float r = std::nearbyint(f);
  return static_cast<int8_t>(std::clamp(r, -127.0f, 127.0f));
}

// The block's scale and the inverse the values are multiplied by.
void block_scale(float m, float& a, float& inverse) {
  a = m / 127.0f;
  inverse = m > 0.0f ? 127.0f / m : 0.0f;
}

bool cpu_has_avx_vnni() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  // CPUID leaf 7, sub-leaf 1: EAX bit 4 is AVX-VNNI (VEX-encoded, 256 bits).
  return __get_cpuid_count(7, 1, &a, &b, &c, &d) != 0 && (a & (1u << 4)) != 0;
}

Int8Dot detect_best() {
  if (!simd_avx2_fma_enabled()) return Int8Dot::kScalar;
  if (int8_avx512_available()) return Int8Dot::kAvx512Vnni;
  if (cpu_has_avx_vnni()) return Int8Dot::kAvxVnni;
  return Int8Dot::kAvx2;
}

std::atomic<Int8Dot>& chosen() {
  static std::atomic<Int8Dot> dot{detect_best()};
  return dot;
}

// Row r's scales of blocks j..j + 7 (one k-quant block) into the tile, as
// read_block32 reads them.
void store_k_scales(TensorType type, const uint8_t* row, size_t j, size_t r, const Int8Tile& tile) {
  const uint8_t* b = block_at(type, row, j);
  if (type == TensorType::kQ6_K) {
    const float d = f16_to_f32(load_u16(b + 208));
    for (size_t s = 0; s < 8; ++s) {
      tile.d[8 * (j + s) + r] = d;
      for (size_t h = 0; h < 2; ++h) {
        int16_t* at = tile.sc + 32 * (j + s) + 16 * h + 2 * r;
        at[0] = at[1] = static_cast<int8_t>(b[192 + 2 * s + h]);
      }
    }
    return;
  }
  uint64_t scales = 0, minima = 0;
  k4_scales_minima(b + 4, scales, minima);
  const float d = f16_to_f32(load_u16(b)), dmin = f16_to_f32(load_u16(b + 2));
  for (size_t s = 0; s < 8; ++s) {
    tile.d[8 * (j + s) + r] = d * static_cast<uint8_t>(scales >> (8 * s));
    tile.m[8 * (j + s) + r] = -(dmin * static_cast<uint8_t>(minima >> (8 * s)));
  }
}

// ---- AVX2 kernels ----

// Eight rows of 32 bytes (eight groups of four) to eight steps: step t
// holds group t of each row, row r at bytes 4r..4r+3.
LMZ_INT8_AVX2 void transpose_groups(const __m256i* rows, __m256i* steps) {
  __m256i t[8], u[8];
  for (int k = 0; k < 8; k += 2) {
    t[k] = _mm256_unpacklo_epi32(rows[k], rows[k + 1]);
    t[k + 1] = _mm256_unpackhi_epi32(rows[k], rows[k + 1]);
  }
  for (int h = 0; h < 8; h += 4) {
    u[h] = _mm256_unpacklo_epi64(t[h], t[h + 2]);
    u[h + 1] = _mm256_unpackhi_epi64(t[h], t[h + 2]);
    u[h + 2] = _mm256_unpacklo_epi64(t[h + 1], t[h + 3]);
    u[h + 3] = _mm256_unpackhi_epi64(t[h + 1], t[h + 3]);
  }
  for (int k = 0; k < 4; ++k) {
    steps[k] = _mm256_permute2x128_si256(u[k], u[k + 4], 0x20);
    steps[k + 4] = _mm256_permute2x128_si256(u[k], u[k + 4], 0x31);
  }
}

__attribute__((target("avx2,fma,f16c"))) void pack_avx2(TensorType type, const uint8_t* const* rows, size_t n_rows,
                                                        size_t cols, const Int8Tile& tile) {
  const TensorTypeInfo info = *tensor_type_info(static_cast<uint32_t>(type));
  const __m256i flip = _mm256_set1_epi8(static_cast<char>(0x80));
  const size_t blocks = cols / kInt8Block;
  const bool k_quant = is_k_quant(type);
  // The weights stream from memory: the next tile is fetched meanwhile.
  const TilePrefetch prefetch(rows[n_rows - 1], cols / info.block_elements * info.block_bytes, blocks, 1);
  for (size_t j = 0; j < blocks; ++j) {
    prefetch.share<_MM_HINT_T0>(j);
    // A k-quant block's eight sub-blocks' scales, for all eight at once.
    if (k_quant && j % 8 == 0) {
      for (size_t r = 0; r < 8; ++r) store_k_scales(type, rows[r < n_rows ? r : 0], j, r, tile);
    }
    __m256i values[8], steps[8];
    for (size_t r = 0; r < 8; ++r) {
      const uint8_t* row = rows[r < n_rows ? r : 0];
      if (k_quant) {
        values[r] = block_values_at(type, row, j);
        continue;
      }
      const uint8_t* b = row + j * info.block_bytes;
      values[r] = block_values(type, b);
      tile.d[8 * j + r] = _cvtsh_ss(load_u16(b));
      if (tile.has_min) tile.m[8 * j + r] = _cvtsh_ss(load_u16(b + 2));
    }
    transpose_groups(values, steps);
    for (size_t t = 0; t < 8; ++t) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(tile.w + 256 * j + 32 * t), _mm256_xor_si256(steps[t], flip));
    }
  }
}

// Four bytes of the input, in every 32-bit lane.
LMZ_INT8_AVX2 __m256i broadcast4(const int8_t* q) {
  int32_t v;
  std::memcpy(&v, q, 4);
  return _mm256_set1_epi32(v);
}

// What a tile's rows have besides the integers and their scale.
enum class Extra { kNone, kMin, kScales };

// kInputs inputs against the tile; out[p * out_stride + r]. Each input's
// integer sums are split over kSplit registers (steps t % kSplit), added at
// the block's end, so that fewer instructions wait on each other: integer
// sums are exact in any order.
template <Int8Dot kDot, size_t kInputs, size_t kSplit, Extra kExtra>
__attribute__((target("avx2,fma,f16c"))) void tile_inputs(const Int8Tile& tile, size_t cols, const Int8Inputs& in,
                                                          size_t p0, float* out, size_t out_stride) {
  const size_t blocks = cols / kInt8Block;
  __m256 acc[kInputs];
  for (__m256& v : acc) v = _mm256_setzero_ps();
  for (size_t j = 0; j < blocks; ++j) {
    __m256i sum[kInputs][kSplit < 2 ? 2 : kSplit];  // two at least: Q6_K's halves
    const int8_t* q[kInputs];
#pragma GCC unroll 8
    for (size_t p = 0; p < kInputs; ++p) {
      sum[p][0] = kDot == Int8Dot::kAvx2 || kExtra == Extra::kScales
                      ? _mm256_setzero_si256()
                      : _mm256_set1_epi32(in.neg_sums[(p0 + p) * blocks + j]);
      for (size_t k = 1; k < kSplit; ++k) sum[p][k] = _mm256_setzero_si256();
      q[p] = in.q + (p0 + p) * cols + j * kInt8Block;
    }
#pragma GCC unroll 8
    for (size_t t = 0; t < 8; ++t) {
      const __m256i w = load256(tile.w + 256 * j + 32 * t);
      if constexpr (kExtra == Extra::kScales && kDot != Int8Dot::kAvx2) {
        // Each half's sums apart (sum[p][0] the first half's, [1] the
        // second's), from -128 times the input half's sum.
        if (t == 0 || t == 4) {
          for (size_t p = 0; p < kInputs; ++p) {
            const size_t at = (p0 + p) * blocks + j;
            sum[p][t / 4] = _mm256_set1_epi32(t == 0 ? in.neg_low_sums[at] : in.neg_sums[at] - in.neg_low_sums[at]);
          }
        }
#pragma GCC unroll 8
        for (size_t p = 0; p < kInputs; ++p) sum[p][t / 4] = add_step<kDot>(sum[p][t / 4], w, broadcast4(q[p] + 4 * t));
        continue;
      } else if constexpr (kExtra == Extra::kScales) {
        const __m256i signed_w = _mm256_xor_si256(w, _mm256_set1_epi8(static_cast<char>(0x80)));
        const __m256i scales = load256(tile.sc + 32 * j + 16 * (t / 4));
#pragma GCC unroll 8
        for (size_t p = 0; p < kInputs; ++p) {
          sum[p][t % kSplit] = add_scaled_step(sum[p][t % kSplit], signed_w, broadcast4(q[p] + 4 * t), scales);
        }
        continue;
      }
#pragma GCC unroll 8
      for (size_t p = 0; p < kInputs; ++p) {
        sum[p][t % kSplit] = add_step<kDot>(sum[p][t % kSplit], w, broadcast4(q[p] + 4 * t));
      }
    }
    const __m256 d = _mm256_loadu_ps(tile.d + 8 * j);
#pragma GCC unroll 8
    for (size_t p = 0; p < kInputs; ++p) {
      __m256i total = sum[p][0];
      if constexpr (kExtra == Extra::kScales && kDot != Int8Dot::kAvx2) {
        // The halves' scales: the high 16 bits of each 32-bit lane.
        const __m256i low = _mm256_srai_epi32(load256(tile.sc + 32 * j), 16);
        const __m256i high = _mm256_srai_epi32(load256(tile.sc + 32 * j + 16), 16);
        total = _mm256_add_epi32(_mm256_mullo_epi32(sum[p][0], low), _mm256_mullo_epi32(sum[p][1], high));
      } else {
        for (size_t k = 1; k < kSplit; ++k) total = _mm256_add_epi32(total, sum[p][k]);
      }
      const size_t at = (p0 + p) * blocks + j;
      const __m256 a = _mm256_set1_ps(in.a[at]);
      acc[p] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(total), _mm256_mul_ps(d, a), acc[p]);
      if constexpr (kExtra == Extra::kMin) {
        const __m256 m = _mm256_loadu_ps(tile.m + 8 * j);
        acc[p] = _mm256_fmadd_ps(_mm256_set1_ps(input_sum(in, at)), _mm256_mul_ps(m, a), acc[p]);
      }
    }
  }
  for (size_t p = 0; p < kInputs; ++p) _mm256_storeu_ps(out + (p0 + p) * out_stride, acc[p]);
}

template <Int8Dot kDot, Extra kExtra>
void dot_simd(const Int8Tile& tile, size_t n_rows, size_t cols, const Int8Inputs& in, size_t n_pos, float* out,
              size_t out_stride) {
  if (n_rows < 8) {
    // A partial tile: whole rows of eight into a buffer, the rows wanted out.
    float rows8[8];
    for (size_t p = 0; p < n_pos; ++p) {
      const size_t at = p * (cols / kInt8Block);
      const Int8Inputs one{in.q + p * cols, in.a + at, in.neg_sums + at, in.neg_low_sums + at};
      tile_inputs<kDot, 1, 4, kExtra>(tile, cols, one, 0, rows8, 0);
      std::memcpy(out + p * out_stride, rows8, n_rows * sizeof(float));
    }
    return;
  }
  size_t p = 0;
  for (; p + 8 <= n_pos; p += 8) tile_inputs<kDot, 8, 1, kExtra>(tile, cols, in, p, out, out_stride);
  for (; p + 4 <= n_pos; p += 4) tile_inputs<kDot, 4, 2, kExtra>(tile, cols, in, p, out, out_stride);
  for (; p < n_pos; ++p) tile_inputs<kDot, 1, 4, kExtra>(tile, cols, in, p, out, out_stride);
}

template <Int8Dot kDot>
void dot_simd_for(const Int8Tile& tile, size_t n_rows, size_t cols, const Int8Inputs& in, size_t n_pos, float* out,
                  size_t out_stride) {
  if (tile.has_scales) return dot_simd<kDot, Extra::kScales>(tile, n_rows, cols, in, n_pos, out, out_stride);
  if (tile.has_min) return dot_simd<kDot, Extra::kMin>(tile, n_rows, cols, in, n_pos, out, out_stride);
  dot_simd<kDot, Extra::kNone>(tile, n_rows, cols, in, n_pos, out, out_stride);
}

// The sum of eight 32-bit lanes.
LMZ_INT8_AVX2 int32_t lane_sum(__m256i v) {
  const __m128i t4 = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  const __m128i t2 = _mm_add_epi32(t4, _mm_shuffle_epi32(t4, 0x4e));
  return _mm_cvtsi128_si32(_mm_add_epi32(t2, _mm_shuffle_epi32(t2, 0xb1)));
}

__attribute__((target("avx2,fma,f16c"))) void quantize_block_avx2(const float* x, int8_t* q, float* a, int32_t* neg_sum,
                                                                  int32_t* neg_low_sum) {
  const __m256 sign = _mm256_set1_ps(-0.0f);
  __m256 v[4];
  for (int k = 0; k < 4; ++k) v[k] = _mm256_loadu_ps(x + 8 * k);
  const __m256 m01 = _mm256_max_ps(_mm256_andnot_ps(sign, v[0]), _mm256_andnot_ps(sign, v[1]));
  const __m256 m23 = _mm256_max_ps(_mm256_andnot_ps(sign, v[2]), _mm256_andnot_ps(sign, v[3]));
  const __m256 m8 = _mm256_max_ps(m01, m23);
  const __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(m8), _mm256_extractf128_ps(m8, 1));
  const __m128 m2 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
  const float m = _mm_cvtss_f32(_mm_max_ss(m2, _mm_shuffle_ps(m2, m2, 1)));
  float inverse = 0;
  block_scale(m, *a, inverse);
  const __m256 scale = _mm256_set1_ps(inverse);
  const __m256i least = _mm256_set1_epi32(-127), most = _mm256_set1_epi32(127);
  __m256i i[4];
  for (int k = 0; k < 4; ++k) {
    i[k] = _mm256_min_epi32(_mm256_max_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(v[k], scale)), least), most);
  }
  const __m256i low = _mm256_add_epi32(i[0], i[1]);
  *neg_low_sum = -128 * lane_sum(low);
  *neg_sum = -128 * lane_sum(_mm256_add_epi32(low, _mm256_add_epi32(i[2], i[3])));
  // Packing interleaves the 128-bit halves; the permutation puts them back.
  const __m256i packed = _mm256_packs_epi16(_mm256_packs_epi32(i[0], i[1]), _mm256_packs_epi32(i[2], i[3]));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(q),
                      _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7)));
}

}  // namespace

bool int8_products(TensorType type, Activations a) {
  if (a == Activations::kFloat) return false;
  if (is_k_quant(type)) return a == Activations::kInt8;
  return type == TensorType::kQ8_0 || type == TensorType::kQ4_0 || type == TensorType::kQ5_0 ||
         type == TensorType::kQ4_1 || type == TensorType::kQ5_1;
}

void quantize_activations_scalar(const float* x, size_t x_stride, size_t n_pos, size_t cols, const Int8Inputs& out) {
  const size_t blocks = cols / kInt8Block;
  for (size_t p = 0; p < n_pos; ++p) {
    for (size_t j = 0; j < blocks; ++j) {
      const float* xb = x + p * x_stride + j * kInt8Block;
      // The AVX2 kernel's reduction: lane i of four groups, then halves.
      float lanes[8];
      for (int i = 0; i < 8; ++i) {
        lanes[i] = max_ps(max_ps(std::fabs(xb[i]), std::fabs(xb[8 + i])),
                          max_ps(std::fabs(xb[16 + i]), std::fabs(xb[24 + i])));
      }
      float four[4];
      for (int i = 0; i < 4; ++i) four[i] = max_ps(lanes[i], lanes[4 + i]);
      const float m = max_ps(max_ps(four[0], four[2]), max_ps(four[1], four[3]));
      float inverse = 0;
      block_scale(m, out.a[p * blocks + j], inverse);
      int32_t sum = 0;
      for (size_t i = 0; i < kInt8Block; ++i) {
        const int8_t v = quantize_value(xb[i] * inverse);
        out.q[p * cols + j * kInt8Block + i] = v;
        sum += v;
        if (i == 15) out.neg_low_sums[p * blocks + j] = -128 * sum;
      }
      out.neg_sums[p * blocks + j] = -128 * sum;
    }
  }
}

void quantize_activations(const float* x, size_t x_stride, size_t n_pos, size_t cols, const Int8Inputs& out) {
  if (active_int8_dot() == Int8Dot::kScalar) return quantize_activations_scalar(x, x_stride, n_pos, cols, out);
  const size_t blocks = cols / kInt8Block;
  for (size_t p = 0; p < n_pos; ++p) {
    for (size_t j = 0; j < blocks; ++j) {
      const size_t at = p * blocks + j;
      quantize_block_avx2(x + p * x_stride + j * kInt8Block, out.q + p * cols + j * kInt8Block, out.a + at,
                          out.neg_sums + at, out.neg_low_sums + at);
    }
  }
}

Int8Tile Int8Tile::in(void* scratch, size_t cols, TensorType type) {
  auto* bytes = static_cast<uint8_t*>(scratch);
  const size_t scales = 8 * (cols / kInt8Block);
  auto* floats = reinterpret_cast<float*>(bytes);
  auto* sc = reinterpret_cast<int16_t*>(floats + 2 * scales);
  return Int8Tile{reinterpret_cast<uint8_t*>(sc + 4 * scales),
                  floats,
                  floats + scales,
                  sc,
                  has_minimum(type),
                  type == TensorType::kQ6_K};
}

void pack_int8_tile_scalar(TensorType type, const uint8_t* const* rows, size_t n_rows, size_t cols,
                           const Int8Tile& tile) {
  for (size_t j = 0; j < cols / kInt8Block; ++j) {
    for (size_t r = 0; r < 8; ++r) {
      Block32 block;
      read_block32(type, rows[r < n_rows ? r : 0], j, block);
      tile.d[8 * j + r] = block.d;
      if (tile.has_min) tile.m[8 * j + r] = block.m;
      if (tile.has_scales) {
        for (size_t h = 0; h < 2; ++h) {
          tile.sc[32 * j + 16 * h + 2 * r] = tile.sc[32 * j + 16 * h + 2 * r + 1] = block.sc[h];
        }
      }
      for (size_t i = 0; i < kInt8Block; ++i) {
        tile.w[256 * j + 32 * (i / 4) + 4 * r + i % 4] = static_cast<uint8_t>(block.w[i] + 128);
      }
    }
  }
}

void pack_int8_tile(TensorType type, const uint8_t* const* rows, size_t n_rows, size_t cols, const Int8Tile& tile) {
  if (active_int8_dot() == Int8Dot::kScalar) return pack_int8_tile_scalar(type, rows, n_rows, cols, tile);
  pack_avx2(type, rows, n_rows, cols, tile);
}

void dot_int8_scalar(const Int8Tile& tile, size_t n_rows, size_t cols, const Int8Inputs& in, size_t n_pos, float* out,
                     size_t out_stride) {
  const size_t blocks = cols / kInt8Block;
  for (size_t p = 0; p < n_pos; ++p) {
    for (size_t r = 0; r < n_rows; ++r) {
      float s = 0.0f;
      for (size_t j = 0; j < blocks; ++j) {
        int32_t half[2] = {0, 0};
        for (size_t i = 0; i < kInt8Block; ++i) {
          const int32_t w = int32_t{tile.w[256 * j + 32 * (i / 4) + 4 * r + i % 4]} - 128;
          half[i / 16] += w * int32_t{in.q[p * cols + j * kInt8Block + i]};
        }
        const int32_t sum = tile.has_scales ? tile.sc[32 * j + 2 * r] * half[0] + tile.sc[32 * j + 16 + 2 * r] * half[1]
                                            : half[0] + half[1];
        s = std::fma(static_cast<float>(sum), tile.d[8 * j + r] * in.a[p * blocks + j], s);
        if (tile.has_min) {
          s = std::fma(static_cast<float>(input_sum(in, p * blocks + j)), tile.m[8 * j + r] * in.a[p * blocks + j], s);
        }
      }
      out[p * out_stride + r] = s;
    }
  }
}

void dot_int8(const Int8Tile& tile, size_t n_rows, size_t cols, const Int8Inputs& in, size_t n_pos, float* out,
              size_t out_stride) {
  switch (active_int8_dot()) {
    case Int8Dot::kAvx2:
      return dot_simd_for<Int8Dot::kAvx2>(tile, n_rows, cols, in, n_pos, out, out_stride);
    case Int8Dot::kAvxVnni:
      return dot_simd_for<Int8Dot::kAvxVnni>(tile, n_rows, cols, in, n_pos, out, out_stride);
    case Int8Dot::kAvx512Vnni:
      return dot_simd_for<Int8Dot::kAvx512Vnni>(tile, n_rows, cols, in, n_pos, out, out_stride);
    case Int8Dot::kScalar:
      break;
  }
  dot_int8_scalar(tile, n_rows, cols, in, n_pos, out, out_stride);
}

void dot_int8_pair(const Int8Tile& low, const Int8Tile& high, size_t cols, const Int8Inputs& in, size_t n_pos,
                   float* out, size_t out_stride) {
  if (active_int8_dot() == Int8Dot::kAvx512Vnni) {
    return dot_int8_pair_avx512(low, high, cols, in, n_pos, out, out_stride);
  }
  dot_int8(low, 8, cols, in, n_pos, out, out_stride);
  dot_int8(high, 8, cols, in, n_pos, out + 8, out_stride);
}

Int8Dot active_int8_dot() {
  return simd_kernels_enabled() ? chosen().load(std::memory_order_relaxed) : Int8Dot::kScalar;
}

Int8Dot best_int8_dot() {
  static const Int8Dot best = detect_best();
  return best;
}

bool set_int8_dot(Int8Dot dot) {
  const Int8Dot best = best_int8_dot();
  bool available = false;
  switch (dot) {
    case Int8Dot::kScalar:
      available = true;
      break;
    case Int8Dot::kAvx2:
      available = best != Int8Dot::kScalar;
      break;
    case Int8Dot::kAvxVnni:
      available = best != Int8Dot::kScalar && cpu_has_avx_vnni();
      break;
    case Int8Dot::kAvx512Vnni:
      available = best != Int8Dot::kScalar && int8_avx512_available();
      break;
  }
  if (available) chosen() = dot;
  return available;
}

}  // namespace lmz::llm
