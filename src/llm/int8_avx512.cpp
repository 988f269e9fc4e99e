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

template <size_t kInputs>
LMZ_AVX512 void inputs16(const Int8Tile& low, const Int8Tile& high, size_t cols, const Int8Inputs& in, size_t p0,
                         float* out, size_t out_stride) {
  const size_t blocks = cols / kInt8Block;
  __m512 acc[kInputs];
  for (__m512& v : acc) v = _mm512_setzero_ps();
  for (size_t j = 0; j < blocks; ++j) {
    __m512i sum[kInputs];
    const int8_t* q[kInputs];
#pragma GCC unroll 8
    for (size_t p = 0; p < kInputs; ++p) {
      sum[p] = _mm512_set1_epi32(in.neg_sums[(p0 + p) * blocks + j]);
      q[p] = in.q + (p0 + p) * cols + j * kInt8Block;
    }
#pragma GCC unroll 8
    for (size_t t = 0; t < 8; ++t) {
      const __m512i w = both_steps(low, high, 256 * j + 32 * t);
#pragma GCC unroll 8
      for (size_t p = 0; p < kInputs; ++p) {
        int32_t four;
        std::memcpy(&four, q[p] + 4 * t, 4);
        sum[p] = _mm512_dpbusd_epi32(sum[p], w, _mm512_set1_epi32(four));
      }
    }
    const __m512 d = _mm512_maskz_insertf32x8(0xffff, _mm512_castps256_ps512(_mm256_loadu_ps(low.d + 8 * j)),
                                              _mm256_loadu_ps(high.d + 8 * j), 1);
#pragma GCC unroll 8
    for (size_t p = 0; p < kInputs; ++p) {
      const __m512 scale = _mm512_mul_ps(d, _mm512_set1_ps(in.a[(p0 + p) * blocks + j]));
      acc[p] = _mm512_fmadd_ps(_mm512_maskz_cvtepi32_ps(0xffff, sum[p]), scale, acc[p]);
    }
  }
  for (size_t p = 0; p < kInputs; ++p) _mm512_storeu_ps(out + (p0 + p) * out_stride, acc[p]);
}

}  // namespace

bool int8_avx512_available() {
  static const bool available = simd_avx512_enabled() && __builtin_cpu_supports("avx512bw") &&
                                __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
  return available;
}

void dot_int8_pair_avx512(const Int8Tile& low, const Int8Tile& high, size_t cols, const Int8Inputs& in, size_t n_pos,
                          float* out, size_t out_stride) {
  size_t p = 0;
  for (; p + 8 <= n_pos; p += 8) inputs16<8>(low, high, cols, in, p, out, out_stride);
  for (; p + 4 <= n_pos; p += 4) inputs16<4>(low, high, cols, in, p, out, out_stride);
  for (; p < n_pos; ++p) inputs16<1>(low, high, cols, in, p, out, out_stride);
}

}  // namespace lmz::llm
