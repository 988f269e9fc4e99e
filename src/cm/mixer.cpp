#include "cm/mixer.h"

#include "core/cpu.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace lmz::cm {
namespace {

// The kernels below exist twice, scalar and AVX2, and compute the same
// integers: the dot product sums (x * w) >> 8 per lane, and integer addition
// does not depend on order.

int32_t dot_scalar(const int32_t* x, const int32_t* w, int n) {
  int32_t dot = 0;
  for (int i = 0; i < n; ++i) dot += (x[i] * w[i]) >> 8;
  return dot;
}

void train_scalar(const int32_t* x, int32_t* w, int n, int err) {
  for (int i = 0; i < n; ++i) {
    const int32_t next = w[i] + ((x[i] * err + 512) >> 10);
    w[i] = next < -Mixer::kWeightLimit ? -Mixer::kWeightLimit : next > Mixer::kWeightLimit ? Mixer::kWeightLimit : next;
  }
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) inline int32_t dot_avx2(const int32_t* x, const int32_t* w, int n) {
  __m256i acc = _mm256_setzero_si256();
  for (int i = 0; i < n; i += 8) {
    const __m256i xv = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + i));
    const __m256i wv = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + i));
    acc = _mm256_add_epi32(acc, _mm256_srai_epi32(_mm256_mullo_epi32(xv, wv), 8));
  }
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
  return _mm_cvtsi128_si32(s);
}

__attribute__((target("avx2"))) inline void train_avx2(const int32_t* x, int32_t* w, int n, int err) {
  const __m256i e = _mm256_set1_epi32(err);
  const __m256i half = _mm256_set1_epi32(512);
  const __m256i lo = _mm256_set1_epi32(-Mixer::kWeightLimit);
  const __m256i hi = _mm256_set1_epi32(Mixer::kWeightLimit);
  for (int i = 0; i < n; i += 8) {
    const __m256i xv = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + i));
    __m256i wv = _mm256_loadu_si256(reinterpret_cast<__m256i*>(w + i));
    const __m256i d = _mm256_srai_epi32(_mm256_add_epi32(_mm256_mullo_epi32(xv, e), half), 10);
    wv = _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(wv, d), lo), hi);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(w + i), wv);
  }
}

__attribute__((target("avx2"))) void dot_banks_avx2(const int32_t* x, const int32_t* weights, const size_t* selected,
                                                    int n_banks, int n, int32_t* dots) {
  for (int b = 0; b < n_banks; ++b) dots[b] = dot_avx2(x, weights + selected[b], n);
}

__attribute__((target("avx2"))) void train_banks_avx2(const int32_t* x, int32_t* weights, const size_t* selected,
                                                      int n_banks, int n, const int* errs) {
  for (int b = 0; b < n_banks; ++b) train_avx2(x, weights + selected[b], n, errs[b]);
}
#endif

}  // namespace

Mixer::Mixer(int n_inputs, std::vector<int> n_contexts, int32_t initial_weight)
    : n_inputs_(n_inputs),
      n_padded_((n_inputs + 7) & ~7),
      n_banks_(static_cast<int>(n_contexts.size())),
      initial_weight_(initial_weight),
      use_avx2_(simd_avx2_enabled()) {
  size_t total = 0;
  for (int b = 0; b < n_banks_; ++b) {
    offsets_[b] = total;
    selected_[b] = total;
    total += static_cast<size_t>(n_contexts[b]) * n_padded_;
  }
  weights_.resize(total);
  reset();
}

void Mixer::reset() {
  for (size_t i = 0; i < weights_.size(); ++i) {
    weights_[i] = static_cast<int>(i % n_padded_) < n_inputs_ ? initial_weight_ : 0;
  }
  for (int32_t& x : inputs_) x = 0;
  n_added_ = 0;
}

int Mixer::mix() {
  int32_t dots[kMaxBanks];
#if defined(__x86_64__)
  if (use_avx2_) {
    dot_banks_avx2(inputs_, weights_.data(), selected_, n_banks_, n_padded_, dots);
  } else
#endif
  {
    for (int b = 0; b < n_banks_; ++b) dots[b] = dot_scalar(inputs_, &weights_[selected_[b]], n_padded_);
  }
  for (int b = 0; b < n_banks_; ++b) {
    int st = dots[b] >> 8;
    st = st < -kStretchMax ? -kStretchMax : st > kStretchMax ? kStretchMax : st;
    st_[b] = st;
    p12_[b] = squash_fast(st);
  }
  return st_[0];
}

void Mixer::update(int bit, int learning_rate) {
#if defined(__x86_64__)
  if (use_avx2_) {
    int errs[kMaxBanks];
    for (int b = 0; b < n_banks_; ++b) errs[b] = ((bit << 12) - p12_[b]) * learning_rate;
    train_banks_avx2(inputs_, weights_.data(), selected_, n_banks_, n_padded_, errs);
    n_added_ = 0;
    return;
  }
#endif
  for (int b = 0; b < n_banks_; ++b) {
    train_scalar(inputs_, &weights_[selected_[b]], n_padded_, ((bit << 12) - p12_[b]) * learning_rate);
  }
  n_added_ = 0;
}

}  // namespace lmz::cm
