// Attention's two float kernels (kernels.h's attention_scores and
// weighted_sum_rows) with 512-bit registers: sixteen keys, or sixteen
// outputs, per register, each adding exactly what and in the order that the
// AVX2 kernels add, so the same bits. Each does the whole steps it can and
// says how far it got; the AVX2 kernels finish the rest.
#pragma once

#include <cstddef>

namespace lmz::llm {

// attention_scores for keys [0, done), done a multiple of 16 (n <= 256;
// none for heads shorter than 32).
// Only where simd_avx512_enabled().
size_t attention_scores_avx512(const float* q, const float* keys_t, size_t stride, size_t n_keys, size_t n, float* out);

// weighted_sum_rows for outputs [0, done), done a multiple of 64.
size_t weighted_sum_rows_avx512(const float* weights, const float* rows, size_t stride, size_t n_rows, size_t n,
                                float* out);

// The same for n_q (1 to 3) queries against the same keys, and for n_sets
// (1 to 3) weight vectors over the same rows: each key or row is loaded once
// for all of them, and each output gets the bits of its own call.
size_t attention_scores_queries_avx512(const float* const* qs, size_t n_q, const float* keys_t, size_t stride,
                                       size_t n_keys, size_t n, float* const* outs);
size_t weighted_sum_rows_sets_avx512(const float* const* weights, size_t n_sets, const float* rows, size_t stride,
                                     size_t n_rows, size_t n, float* const* outs);

}  // namespace lmz::llm
