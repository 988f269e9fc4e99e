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
#include <cstdint>

namespace lmz::llm {

// Forces the scalar kernels in this process (tests compare them with the
// SIMD ones); LMZ_SIMD=0 in the environment does the same from the start.
void set_scalar_kernels(bool scalar_only);
// Whether the SIMD kernels run (the CPU has AVX2 and FMA, SIMD is allowed).
bool simd_kernels_enabled();
// Allows (the default) or forbids the AVX-512 kernels in this process, for
// tests that compare them with the AVX2 ones; LMZ_SIMD=avx2 forbids them
// from the start. Whether they run: the CPU has them and both allow them.
void set_avx512_kernels(bool allowed);
bool avx512_kernels_enabled();

float dot(const float* a, const float* b, size_t n);
float dot_scalar(const float* a, const float* b, size_t n);

// out[r] = dot(x, rows[r], n) for r < 8: eight dot products at once, the
// same bits as eight calls of dot().
void dot8(const float* x, const float* const* rows, size_t n, float* out);

// out[b * out_stride + r] = dot(x + b * x_stride, rows[r], n) for b < n_pos
// and r < 8: dot8 for a batch of positions, the same bits. The AVX2 kernel
// shares each load among three positions and four rows.
void dot8_batch(const float* x, size_t x_stride, size_t n_pos, const float* const* rows, size_t n, float* out,
                size_t out_stride);
// dot8_batch for rows of F16 values as stored, the same bits as dot8_batch
// on their float rows; false where no kernel takes them as stored (the
// caller converts the rows first).
bool dot8_batch_f16(const float* x, size_t x_stride, size_t n_pos, const uint16_t* const* rows, size_t n, float* out,
                    size_t out_stride);

// Attention scores against keys stored transposed: row e of `keys_t` (rows
// `stride` apart) holds element e of every key. out[t] is the dot product of
// q (n elements) and key t, in dot()'s order; the AVX2 kernel scores eight
// keys at a time.
void attention_scores(const float* q, const float* keys_t, size_t stride, size_t n_keys, size_t n, float* out);
// attention_scores for n_q queries against the same keys (the query heads
// of one key/value head), out[k] for q[k]: the bits of one call each; the
// AVX-512 kernel loads each key once for up to three queries.
void attention_scores_heads(const float* const* qs, size_t n_q, const float* keys_t, size_t stride, size_t n_keys,
                            size_t n, float* const* outs);

// Sum in dot()'s order: eight lane sums, element i into lane i % 8, then
// ((l0+l4)+(l2+l6)) + ((l1+l5)+(l3+l7)).
float sum_floats(const float* x, size_t n);

// out[i] = sum over r, in order, of weights[r] * rows[r * stride + i], for
// i < n (multiply then add, no fusing; each i its own sum).
void weighted_sum_rows(const float* weights, const float* rows, size_t stride, size_t n_rows, size_t n, float* out);
// weighted_sum_rows for n_sets weight vectors over the same rows, outs[k]
// for weights[k]: the bits of one call each, each row loaded once for up to
// three of them.
void weighted_sum_rows_heads(const float* const* weights, size_t n_sets, const float* rows, size_t stride,
                             size_t n_rows, size_t n, float* const* outs);

// In place: x[i] = exp(x[i]) in float, accurate to about 2 ulp for x in
// [-87, 88] (inputs are clamped to that range; NaN becomes -87). The AVX2 and
// scalar versions perform the same IEEE operations (no fused multiply-add).
void exp_floats(float* x, size_t n);
void exp_floats_scalar(float* x, size_t n);

// out[i] = x[i] / sqrt(mean(x^2) + eps) * weight[i]
void rms_norm(const float* x, const float* weight, float* out, size_t n, float eps);

// x[i] = silu(gate[i]) * up[i], silu(g) = g / (1 + exp(-g)).
void swiglu(float* gate, const float* up, size_t n);

// In place: p[i] = exp(p[i] - max) / sum, with exp_floats and sum_floats.
void softmax(float* p, size_t n);

}  // namespace lmz::llm
