// Float kernels of the forward pass, deterministic by DESIGN.md's rules.
//
// The one reduction that matters, the dot product, always runs in the same
// order whatever the SIMD level: eight partial sums, lane i taking elements
// i, i+8, i+16, ... by fused multiply-add (the row padded with zeros to a
// multiple of eight), then combined as ((l0+l4)+(l2+l6)) + ((l1+l5)+(l3+l7)).
// The AVX2 kernel and the scalar kernel (std::fma) therefore give the same
// bits, and so do batched and one-at-a-time evaluation, which both call it
// once per output element.
#pragma once

#include <cstddef>

namespace lmz::llm {

float dot(const float* a, const float* b, size_t n);
float dot_scalar(const float* a, const float* b, size_t n);

// out[r] = dot(x, rows + r * stride, n) for r < n_rows: the same bits as
// dot(), without a dispatch per row (attention scores over the cache).
void dot_rows(const float* x, const float* rows, size_t stride, size_t n_rows, size_t n, float* out);

// out[i] = sum over r, in order, of weights[r] * rows[r * stride + i], for
// i < n (multiply then add, no fusing; each i its own sum).
void weighted_sum_rows(const float* weights, const float* rows, size_t stride, size_t n_rows, size_t n, float* out);

// In place: x[i] = exp(x[i]) in float, accurate to about 2 ulp for x in
// [-87, 88] (inputs are clamped to that range; NaN becomes -87). The AVX2 and
// scalar versions perform the same IEEE operations (no fused multiply-add).
void exp_floats(float* x, size_t n);
void exp_floats_scalar(float* x, size_t n);

// out[i] = x[i] / sqrt(mean(x^2) + eps) * weight[i]
void rms_norm(const float* x, const float* weight, float* out, size_t n, float eps);

// x[i] = silu(gate[i]) * up[i], silu(g) = g / (1 + exp(-g)).
void swiglu(float* gate, const float* up, size_t n);

// In place: p[i] = exp(p[i] - max) / sum with exp_floats, summed in index order.
void softmax(float* p, size_t n);

}  // namespace lmz::llm
