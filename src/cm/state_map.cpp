#include "cm/state_map.h"

#include "core/cpu.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace lmz::cm {
namespace {

#if defined(__x86_64__)
// update_at() on eight lanes: the same integer steps as the scalar form.
__attribute__((target("avx2"))) void update8_avx2(uint32_t* table, const int32_t* idx, int bit, int limit,
                                                  const int* rates) {
  const __m256i index = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(idx));
  const __m256i e = _mm256_i32gather_epi32(reinterpret_cast<const int*>(table), index, 4);
  const __m256i count = _mm256_and_si256(e, _mm256_set1_epi32(1023));
  const __m256i p22 = _mm256_srli_epi32(e, 10);
  const __m256i target = _mm256_set1_epi32(-bit & ((1 << 22) - 1));
  const __m256i rate = _mm256_i32gather_epi32(rates, count, 4);
  const __m256i step =
      _mm256_srai_epi32(_mm256_mullo_epi32(_mm256_srai_epi32(_mm256_sub_epi32(target, p22), 4), rate), 9);
  // count + 1 while below the limit: cmpgt gives -1 there.
  const __m256i next_count = _mm256_sub_epi32(count, _mm256_cmpgt_epi32(_mm256_set1_epi32(limit), count));
  const __m256i next = _mm256_or_si256(_mm256_slli_epi32(_mm256_add_epi32(p22, step), 10), next_count);
  alignas(32) uint32_t lanes[8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), next);
  for (int i = 0; i < 8; ++i) table[idx[i]] = lanes[i];
}
#endif

}  // namespace

StateMap::StateMap(int n_contexts, int limit) : table_(n_contexts), limit_(limit), use_avx2_(simd_avx2_enabled()) {
  reset();
}

void StateMap::update8(const int32_t* idx, int bit) {
#if defined(__x86_64__)
  if (use_avx2_) return update8_avx2(table_.data(), idx, bit, limit_, kRates.data());
#endif
  for (int i = 0; i < 8; ++i) update_at(idx[i], bit);
}

}  // namespace lmz::cm
