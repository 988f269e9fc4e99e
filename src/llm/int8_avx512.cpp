#include "llm/int8_avx512.h"

#include <immintrin.h>

#include <cstdint>
#include <cstring>

#include "core/cpu.h"

namespace lmz::llm {
namespace {

#define LMZ_AVX512 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")))

// Step t of block j of both tiles in one register: the low tile's eight
// rows, then the high tile's. (The masked forms of the intrinsics: GCC 12
// warns of the unmasked ones' undefined pass-through operand.)
LMZ_AVX512 inline __m512i both_steps(const Int8Tile& low, const Int8Tile& high, size_t at) {
  const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(low.w + at));
  const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(high.w + at));
  return _mm512_maskz_inserti64x4(0xff, _mm512_castsi256_si512(a), b, 1);
}

// Both tiles' eight floats at `at` of `low_at` and `high_at`.
LMZ_AVX512 inline __m512 both_floats(const float* low_at, const float* high_at) {
  return _mm512_maskz_insertf32x8(0xffff, _mm512_castps256_ps512(_mm256_loadu_ps(low_at)), _mm256_loadu_ps(high_at), 1);
}

// Q6_K: both tiles' scales of one half of a block (sc + at), the high 16
// bits of each 32-bit lane.
LMZ_AVX512 inline __m512i both_scales(const Int8Tile& low, const Int8Tile& high, size_t at) {
  const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(low.sc + at));
  const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(high.sc + at));
  return _mm512_maskz_srai_epi32(0xffff, _mm512_maskz_inserti64x4(0xff, _mm512_castsi256_si512(a), b, 1), 16);
}

// What the tiles' rows have besides the integers and their scale.
enum class Extra { kNone, kMin, kScales };

template <size_t kInputs, Extra kExtra>
LMZ_AVX512 void inputs16(const Int8Tile& low, const Int8Tile& high, size_t cols, const Int8Inputs& in, size_t p0,
                         float* out, size_t out_stride) {
  const size_t blocks = cols / kInt8Block;
  constexpr bool kHalves = kExtra == Extra::kScales;
  __m512 acc[kInputs];
  for (__m512& v : acc) v = _mm512_setzero_ps();
  for (size_t j = 0; j < blocks; ++j) {
    // sum[p][0]: the block's sums (the first half's for Q6_K, [1] the
    // second's), from -128 times the input's sum.
    __m512i sum[kInputs][2];
    const int8_t* q[kInputs];
#pragma GCC unroll 8
    for (size_t p = 0; p < kInputs; ++p) {
      const size_t at = (p0 + p) * blocks + j;
      sum[p][0] = _mm512_set1_epi32(kHalves ? in.neg_low_sums[at] : in.neg_sums[at]);
      if constexpr (kHalves) sum[p][1] = _mm512_set1_epi32(in.neg_sums[at] - in.neg_low_sums[at]);
      q[p] = in.q + (p0 + p) * cols + j * kInt8Block;
    }
#pragma GCC unroll 8
    for (size_t t = 0; t < 8; ++t) {
      const __m512i w = both_steps(low, high, 256 * j + 32 * t);
      const size_t half = kHalves ? t / 4 : 0;
#pragma GCC unroll 8
      for (size_t p = 0; p < kInputs; ++p) {
        int32_t four;
        std::memcpy(&four, q[p] + 4 * t, 4);
        sum[p][half] = _mm512_dpbusd_epi32(sum[p][half], w, _mm512_set1_epi32(four));
      }
    }
    const __m512 d = both_floats(low.d + 8 * j, high.d + 8 * j);
    __m512i scale_low = _mm512_setzero_si512(), scale_high = _mm512_setzero_si512();
    if constexpr (kHalves) {
      scale_low = both_scales(low, high, 32 * j);
      scale_high = both_scales(low, high, 32 * j + 16);
    }
#pragma GCC unroll 8
    for (size_t p = 0; p < kInputs; ++p) {
      const size_t at = (p0 + p) * blocks + j;
      const __m512 a = _mm512_set1_ps(in.a[at]);
      __m512i total = sum[p][0];
      if constexpr (kHalves) {
        total = _mm512_add_epi32(_mm512_mullo_epi32(sum[p][0], scale_low), _mm512_mullo_epi32(sum[p][1], scale_high));
      }
      acc[p] = _mm512_fmadd_ps(_mm512_maskz_cvtepi32_ps(0xffff, total), _mm512_mul_ps(d, a), acc[p]);
      if constexpr (kExtra == Extra::kMin) {
        const __m512 m = both_floats(low.m + 8 * j, high.m + 8 * j);
        const float input_sum = static_cast<float>(-(in.neg_sums[at] / 128));
        acc[p] = _mm512_fmadd_ps(_mm512_set1_ps(input_sum), _mm512_mul_ps(m, a), acc[p]);
      }
    }
  }
  for (size_t p = 0; p < kInputs; ++p) _mm512_storeu_ps(out + (p0 + p) * out_stride, acc[p]);
}

template <Extra kExtra>
void pair_inputs(const Int8Tile& low, const Int8Tile& high, size_t cols, const Int8Inputs& in, size_t n_pos, float* out,
                 size_t out_stride) {
  size_t p = 0;
  for (; p + 8 <= n_pos; p += 8) inputs16<8, kExtra>(low, high, cols, in, p, out, out_stride);
  for (; p + 4 <= n_pos; p += 4) inputs16<4, kExtra>(low, high, cols, in, p, out, out_stride);
  for (; p < n_pos; ++p) inputs16<1, kExtra>(low, high, cols, in, p, out, out_stride);
}

}  // namespace

bool int8_avx512_available() {
  static const bool available = simd_avx512_enabled() && __builtin_cpu_supports("avx512bw") &&
                                __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
  return available;
}

void dot_int8_pair_avx512(const Int8Tile& low, const Int8Tile& high, size_t cols, const Int8Inputs& in, size_t n_pos,
                          float* out, size_t out_stride) {
  if (low.has_scales) return pair_inputs<Extra::kScales>(low, high, cols, in, n_pos, out, out_stride);
  if (low.has_min) return pair_inputs<Extra::kMin>(low, high, cols, in, n_pos, out, out_stride);
  pair_inputs<Extra::kNone>(low, high, cols, in, n_pos, out, out_stride);
}

}  // namespace lmz::llm
