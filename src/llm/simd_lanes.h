// The end of eight AVX2 dot products: acc[r] holds the eight lane sums of
// row r; out[r] gets them added in dot()'s tree (kernels.h),
// ((l0+l4)+(l2+l6)) + ((l1+l5)+(l3+l7)), for the eight rows at once.
#pragma once

#include <immintrin.h>

namespace lmz::llm {

__attribute__((target("avx2,fma"), always_inline)) inline void combine8_avx2(const __m256* acc, float* out) {
  // Transpose so that lane_k[r] is lane k of row r's accumulator.
  const __m256 t0 = _mm256_unpacklo_ps(acc[0], acc[1]), t1 = _mm256_unpackhi_ps(acc[0], acc[1]);
  const __m256 t2 = _mm256_unpacklo_ps(acc[2], acc[3]), t3 = _mm256_unpackhi_ps(acc[2], acc[3]);
  const __m256 t4 = _mm256_unpacklo_ps(acc[4], acc[5]), t5 = _mm256_unpackhi_ps(acc[4], acc[5]);
  const __m256 t6 = _mm256_unpacklo_ps(acc[6], acc[7]), t7 = _mm256_unpackhi_ps(acc[6], acc[7]);
  const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xee);
  const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xee);
  const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xee);
  const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xee);
  const __m256 lane0 = _mm256_permute2f128_ps(u0, u4, 0x20), lane4 = _mm256_permute2f128_ps(u0, u4, 0x31);
  const __m256 lane1 = _mm256_permute2f128_ps(u1, u5, 0x20), lane5 = _mm256_permute2f128_ps(u1, u5, 0x31);
  const __m256 lane2 = _mm256_permute2f128_ps(u2, u6, 0x20), lane6 = _mm256_permute2f128_ps(u2, u6, 0x31);
  const __m256 lane3 = _mm256_permute2f128_ps(u3, u7, 0x20), lane7 = _mm256_permute2f128_ps(u3, u7, 0x31);
  const __m256 sum = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(lane0, lane4), _mm256_add_ps(lane2, lane6)),
                                   _mm256_add_ps(_mm256_add_ps(lane1, lane5), _mm256_add_ps(lane3, lane7)));
  _mm256_storeu_ps(out, sum);
}

}  // namespace lmz::llm
