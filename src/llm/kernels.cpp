#include "llm/kernels.h"

#include <immintrin.h>

#include <cmath>

#include "core/cpu.h"
#include "llm/det_math.h"

namespace lmz::llm {
namespace {

constexpr size_t kLanes = 8;

float combine_lanes(const float* l) { return ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7])); }

__attribute__((target("avx2,fma"))) float dot_avx2(const float* a, const float* b, size_t n) {
  __m256 acc = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) acc = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc);
  if (i < n) {
    // The zero-padded tail: lanes past the end multiply 0 by 0, as the scalar kernel does.
    alignas(32) static constexpr int kMaskSource[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    const __m256i mask = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMaskSource + 8 - (n - i)));
    acc = _mm256_fmadd_ps(_mm256_maskload_ps(a + i, mask), _mm256_maskload_ps(b + i, mask), acc);
  }
  alignas(32) float lanes[kLanes];
  _mm256_store_ps(lanes, acc);
  return combine_lanes(lanes);
}

}  // namespace

float dot_scalar(const float* a, const float* b, size_t n) {
  float lanes[kLanes] = {};
  const size_t padded = (n + kLanes - 1) / kLanes * kLanes;
  for (size_t i = 0; i < padded; ++i) {
    const float x = i < n ? a[i] : 0.0f;
    const float y = i < n ? b[i] : 0.0f;
    lanes[i % kLanes] = std::fma(x, y, lanes[i % kLanes]);
  }
  return combine_lanes(lanes);
}

float dot(const float* a, const float* b, size_t n) {
  static const bool use_avx2 = simd_avx2_fma_enabled();
  return use_avx2 ? dot_avx2(a, b, n) : dot_scalar(a, b, n);
}

void rms_norm(const float* x, const float* weight, float* out, size_t n, float eps) {
  const float mean_square = dot(x, x, n) / static_cast<float>(n);
  const float scale = 1.0f / std::sqrt(mean_square + eps);  // sqrt is correctly rounded by IEEE
  for (size_t i = 0; i < n; ++i) out[i] = (x[i] * scale) * weight[i];
}

void swiglu(float* gate, const float* up, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const float g = gate[i];
    gate[i] = g / (1.0f + det_expf(-g)) * up[i];
  }
}

void softmax(float* p, size_t n) {
  float max = p[0];
  for (size_t i = 1; i < n; ++i) max = p[i] > max ? p[i] : max;
  float sum = 0.0f;
  for (size_t i = 0; i < n; ++i) {
    p[i] = det_expf(p[i] - max);
    sum += p[i];
  }
  const float inv = 1.0f / sum;
  for (size_t i = 0; i < n; ++i) p[i] *= inv;
}

}  // namespace lmz::llm
