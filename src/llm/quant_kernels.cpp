#include "llm/quant_kernels.h"

#include <immintrin.h>

#include <cstring>

#include "core/cpu.h"
#include "llm/block_values_avx2.h"
#include "llm/kernels.h"
#include "llm/simd_lanes.h"
#include "llm/tile_prefetch.h"

namespace lmz::llm {
namespace {

#define LMZ_AVX2 __attribute__((target("avx2,fma,f16c"), always_inline)) inline

LMZ_AVX2 __m256i bytes_u32(const uint8_t* p) {
  return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
}
LMZ_AVX2 __m256 int_floats(__m256i v) {
  return _mm256_cvtepi32_ps(v);
}
// A block's half scale, by the F16C instruction (f16_to_f32's value).
LMZ_AVX2 float half_at(const uint8_t* p) {
  return _cvtsh_ss(load_u16(p));
}

// Each block type: its elements and bytes, and an AVX2 dequantization of one
// block that performs, per element, tensor_type.cpp's float operations.
//
// The 32-element types start with a half scale d, and give their block as
// four groups of eight floats, q * d (groups()); block() stores them.
template <class T, size_t kBlockBytes>
struct Block32 {
  static constexpr size_t kElements = 32, kBytes = kBlockBytes;
  LMZ_AVX2 static __m256 scale(const uint8_t* b) { return _mm256_set1_ps(half_at(b)); }
  LMZ_AVX2 static void block(const uint8_t* b, float* out) {
    __m256 g[4];
    T::groups(b, scale(b), g);
    for (int k = 0; k < 4; ++k) _mm256_storeu_ps(out + 8 * k, g[k]);
  }
};

struct Q8_0 : Block32<Q8_0, 34> {
  LMZ_AVX2 static void groups(const uint8_t* b, __m256 d, __m256* out) {
    for (int g = 0; g < 4; ++g) {
      const __m256i q = _mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(b + 2 + 8 * g)));
      out[g] = _mm256_mul_ps(int_floats(q), d);
    }
  }
};

struct Q4_0 : Block32<Q4_0, 18> {
  // Low nibbles of bytes 0-15 are elements 0-15, high ones 16-31; q - 8.
  LMZ_AVX2 static void groups(const uint8_t* b, __m256 d, __m256* out) {
    const __m256i low = _mm256_set1_epi32(0x0f), eight = _mm256_set1_epi32(8);
    for (int g = 0; g < 2; ++g) {
      const __m256i q = bytes_u32(b + 2 + 8 * g);
      out[g] = _mm256_mul_ps(int_floats(_mm256_sub_epi32(_mm256_and_si256(q, low), eight)), d);
      out[g + 2] = _mm256_mul_ps(int_floats(_mm256_sub_epi32(_mm256_srli_epi32(q, 4), eight)), d);
    }
  }
};

struct Q5_0 : Block32<Q5_0, 22> {
  LMZ_AVX2 static void groups(const uint8_t* b, __m256 d, __m256* out) {
    const __m256i q = q5_0_values(b);
    const __m128i q_lo = _mm256_castsi256_si128(q), q_hi = _mm256_extracti128_si256(q, 1);
    out[0] = _mm256_mul_ps(int_floats(_mm256_cvtepi8_epi32(q_lo)), d);
    out[1] = _mm256_mul_ps(int_floats(_mm256_cvtepi8_epi32(_mm_srli_si128(q_lo, 8))), d);
    out[2] = _mm256_mul_ps(int_floats(_mm256_cvtepi8_epi32(q_hi)), d);
    out[3] = _mm256_mul_ps(int_floats(_mm256_cvtepi8_epi32(_mm_srli_si128(q_hi, 8))), d);
  }
};

// What a 256-element block's groups of eight go to: stored (dequantization)
// or added into a row's lanes against x (a dot product), in element order.
struct StoreGroups {
  float* out;
  LMZ_AVX2 void operator()(int g, __m256 w) const { _mm256_storeu_ps(out + 8 * g, w); }
};
struct FmaGroups {
  const float* x;
  __m256* acc;
  LMZ_AVX2 void operator()(int g, __m256 w) const { *acc = _mm256_fmadd_ps(_mm256_loadu_ps(x + 8 * g), w, *acc); }
};

// Q4_K and Q5_K: x = (d * scale) * q - (dmin * min), q from a nibble and,
// for Q5_K, a fifth bit.
template <bool kFifthBit>
struct QK {
  static constexpr size_t kElements = 256, kBytes = kFifthBit ? 176 : 144;
  // Calls f(g, values of elements 8g..8g+7) for g = 0..31 in order.
  template <class F>
  LMZ_AVX2 static void for_groups(const uint8_t* b, F f) {
    const float d = half_at(b);
    const float dmin = half_at(b + 2);
    const uint8_t* scales = b + 4;
    const uint8_t* qh = b + 16;
    const uint8_t* q = b + (kFifthBit ? 48 : 16);
    const __m256i low = _mm256_set1_epi32(0x0f), zero = _mm256_setzero_si256(), sixteen = _mm256_set1_epi32(16);
    for (int j = 0; j < 4; ++j, q += 32) {
      // Elements 64j..64j+31 are the low nibbles of q's 32 bytes, scaled by
      // sub-block 2j; 64j+32..64j+63 the high ones, by sub-block 2j+1.
      for (int half = 0; half < 2; ++half) {
        uint8_t sc = 0, m = 0;
        scale_min_k4(2 * j + half, scales, sc, m);
        const __m256 ds = _mm256_set1_ps(d * static_cast<float>(sc)), ms = _mm256_set1_ps(dmin * static_cast<float>(m));
        const __m256i u = _mm256_set1_epi32((1 + half) << (2 * j));
        for (int g = 0; g < 4; ++g) {
          const __m256i bytes = bytes_u32(q + 8 * g);
          __m256i v = half == 0 ? _mm256_and_si256(bytes, low) : _mm256_srli_epi32(bytes, 4);
          if constexpr (kFifthBit) {
            const __m256i h = bytes_u32(qh + 8 * g);
            v = _mm256_add_epi32(v, _mm256_andnot_si256(_mm256_cmpeq_epi32(_mm256_and_si256(h, u), zero), sixteen));
          }
          f(8 * j + 4 * half + g, _mm256_sub_ps(_mm256_mul_ps(ds, int_floats(v)), ms));
        }
      }
    }
  }
  LMZ_AVX2 static void block(const uint8_t* b, float* out) { for_groups(b, StoreGroups{out}); }
};

struct Q6_K {
  static constexpr size_t kElements = 256, kBytes = 210;
  // Calls f(g, values of elements 8g..8g+7) for g = 0..31 in order.
  template <class F>
  LMZ_AVX2 static void for_groups(const uint8_t* b, F f) {
    const uint8_t* ql = b;
    const uint8_t* qh = b + 128;
    const auto* sc = reinterpret_cast<const int8_t*>(b + 192);
    const float d = half_at(b + 208);
    const __m256i low = _mm256_set1_epi8(0x0f), three = _mm256_set1_epi8(3), bias = _mm256_set1_epi8(32);
    for (int half = 0; half < 2; ++half, ql += 64, qh += 32, sc += 8) {
      const __m256i high_bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(qh));
      // Element 32k + l of the half: quarter k of its bytes' bits, as 32
      // signed bytes at once (q - 32); its scale is sc[l / 16 + 2k].
      for (int k = 0; k < 4; ++k) {
        const __m256i l = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(ql + (k & 1) * 32));
        const __m256i nibble = _mm256_and_si256(k < 2 ? l : _mm256_srli_epi16(l, 4), low);
        // Shifting 16-bit lanes by 2k <= 6 keeps bits 2k, 2k + 1 of each byte
        // in its own two low bits.
        const __m256i top = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(high_bits, 2 * k), three), 4);
        const __m256i q = _mm256_sub_epi8(_mm256_or_si256(nibble, top), bias);
        const __m128i q_low = _mm256_castsi256_si128(q), q_high = _mm256_extracti128_si256(q, 1);
        const __m128i eights[4] = {q_low, _mm_srli_si128(q_low, 8), q_high, _mm_srli_si128(q_high, 8)};
        const __m256 ds[2] = {_mm256_set1_ps(d * static_cast<float>(sc[2 * k])),
                              _mm256_set1_ps(d * static_cast<float>(sc[2 * k + 1]))};
        for (int g = 0; g < 4; ++g) {
          f(16 * half + 4 * k + g, _mm256_mul_ps(ds[g / 2], int_floats(_mm256_cvtepi8_epi32(eights[g]))));
        }
      }
    }
  }
  LMZ_AVX2 static void block(const uint8_t* b, float* out) { for_groups(b, StoreGroups{out}); }
};

// Plain types, eight elements a "block".
struct F16 {
  static constexpr size_t kElements = 8, kBytes = 16;
  LMZ_AVX2 static __m256 load(const uint8_t* b) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b)));
  }
  LMZ_AVX2 static void block(const uint8_t* b, float* out) { _mm256_storeu_ps(out, load(b)); }
};

struct BF16 {
  static constexpr size_t kElements = 8, kBytes = 16;
  LMZ_AVX2 static __m256 load(const uint8_t* b) {
    const __m256i h = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(h, 16));
  }
  LMZ_AVX2 static void block(const uint8_t* b, float* out) { _mm256_storeu_ps(out, load(b)); }
};

struct F32 {
  static constexpr size_t kElements = 8, kBytes = 32;
  LMZ_AVX2 static __m256 load(const uint8_t* b) { return _mm256_loadu_ps(reinterpret_cast<const float*>(b)); }
  LMZ_AVX2 static void block(const uint8_t* b, float* out) { _mm256_storeu_ps(out, load(b)); }
};

template <class T>
__attribute__((target("avx2,fma,f16c"))) void dequantize_blocks_avx2(const uint8_t* blocks, float* out,
                                                                     uint64_t n_blocks) {
  for (uint64_t i = 0; i < n_blocks; ++i) T::block(blocks + i * T::kBytes, out + i * T::kElements);
}

// Eight rows of whole blocks against x: each row's block is dequantized into
// a buffer the size of one block and added, element by element in order,
// into the row's eight lanes. Plain types load straight into registers.
template <class T>
__attribute__((target("avx2,fma,f16c"))) void dot8_blocks_avx2(const float* x, const uint8_t* const* rows,
                                                               size_t n_blocks, __m256* acc) {
  // The weights stream from memory: the tile four on is fetched meanwhile,
  // into the second-level cache.
  const TilePrefetch prefetch(rows[7], n_blocks * T::kBytes, n_blocks, 4);
  for (size_t b = 0; b < n_blocks; ++b) {
    prefetch.share<_MM_HINT_T1>(b);
    const float* xb = x + b * T::kElements;
    if constexpr (T::kElements == 8) {
      const __m256 xv = _mm256_loadu_ps(xb);
#pragma GCC unroll 8
      for (int r = 0; r < 8; ++r) acc[r] = _mm256_fmadd_ps(xv, T::load(rows[r] + b * T::kBytes), acc[r]);
    } else if constexpr (T::kElements == 32) {
      // Four groups of eight, in registers.
      const __m256 x0 = _mm256_loadu_ps(xb), x1 = _mm256_loadu_ps(xb + 8), x2 = _mm256_loadu_ps(xb + 16),
                   x3 = _mm256_loadu_ps(xb + 24);
#pragma GCC unroll 8
      for (int r = 0; r < 8; ++r) {
        const uint8_t* block = rows[r] + b * T::kBytes;
        __m256 w[4];
        T::groups(block, T::scale(block), w);
        __m256 a = _mm256_fmadd_ps(x0, w[0], acc[r]);
        a = _mm256_fmadd_ps(x1, w[1], a);
        a = _mm256_fmadd_ps(x2, w[2], a);
        acc[r] = _mm256_fmadd_ps(x3, w[3], a);
      }
    } else {
      // Each group of eight, in registers, added as it is made.
      for (int r = 0; r < 8; ++r) {
        __m256 a = acc[r];
        T::for_groups(rows[r] + b * T::kBytes, FmaGroups{xb, &a});
        acc[r] = a;
      }
    }
  }
}

template <class T>
__attribute__((target("avx2,fma,f16c"))) void dot8_stored_avx2(const float* x, const uint8_t* const* rows, size_t n,
                                                               float* out) {
  __m256 acc[8];
  for (__m256& a : acc) a = _mm256_setzero_ps();
  dot8_blocks_avx2<T>(x, rows, n / T::kElements, acc);
  combine8_avx2(acc, out);
}

template <class T>
void dequantize_avx2(const uint8_t* blocks, float* out, uint64_t n_elements) {
  dequantize_blocks_avx2<T>(blocks, out, n_elements / T::kElements);
}

}  // namespace

void dequantize_row_fast(TensorType type, const uint8_t* blocks, float* out, uint64_t n_elements) {
  if (simd_f16c_enabled() && simd_kernels_enabled()) {
    switch (type) {
      case TensorType::kQ8_0:
        return dequantize_avx2<Q8_0>(blocks, out, n_elements);
      case TensorType::kQ4_0:
        return dequantize_avx2<Q4_0>(blocks, out, n_elements);
      case TensorType::kQ5_0:
        return dequantize_avx2<Q5_0>(blocks, out, n_elements);
      case TensorType::kQ4_K:
        return dequantize_avx2<QK<false>>(blocks, out, n_elements);
      case TensorType::kQ5_K:
        return dequantize_avx2<QK<true>>(blocks, out, n_elements);
      case TensorType::kQ6_K:
        return dequantize_avx2<Q6_K>(blocks, out, n_elements);
      case TensorType::kF16:
        if (n_elements % 8 == 0) return dequantize_avx2<F16>(blocks, out, n_elements);
        break;
      case TensorType::kBF16:
        if (n_elements % 8 == 0) return dequantize_avx2<BF16>(blocks, out, n_elements);
        break;
      default:
        break;
    }
  }
  dequantize_row(type, blocks, out, n_elements);
}

bool dot8_stored(TensorType type, const float* x, const uint8_t* const* rows, size_t n, float* out) {
  // Rows of a plain type whose length is not a multiple of eight (never in
  // real models) are left to the caller's general route.
  if (!simd_f16c_enabled() || !simd_kernels_enabled() || n % 8 != 0) return false;
  switch (type) {
    case TensorType::kF32:
      dot8_stored_avx2<F32>(x, rows, n, out);
      return true;
    case TensorType::kF16:
      dot8_stored_avx2<F16>(x, rows, n, out);
      return true;
    case TensorType::kBF16:
      dot8_stored_avx2<BF16>(x, rows, n, out);
      return true;
    case TensorType::kQ8_0:
      dot8_stored_avx2<Q8_0>(x, rows, n, out);
      return true;
    case TensorType::kQ4_0:
      dot8_stored_avx2<Q4_0>(x, rows, n, out);
      return true;
    case TensorType::kQ5_0:
      dot8_stored_avx2<Q5_0>(x, rows, n, out);
      return true;
    case TensorType::kQ4_K:
      dot8_stored_avx2<QK<false>>(x, rows, n, out);
      return true;
    case TensorType::kQ5_K:
      dot8_stored_avx2<QK<true>>(x, rows, n, out);
      return true;
    case TensorType::kQ6_K:
      dot8_stored_avx2<Q6_K>(x, rows, n, out);
      return true;
    default:
      return false;
  }
}

}  // namespace lmz::llm
