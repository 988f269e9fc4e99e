// Attention's two float kernels (kernels.h's attention_scores_heads and
// weighted_sum_rows_heads) with 512-bit registers: sixteen keys, or sixteen
// outputs, per register, each adding exactly what and in the order that the
// AVX2 kernels add, so the same bits. Up to three queries (or weight
// vectors) share each load of a key (or a row). Each does the whole steps it
// can and says how far it got, the same for every query; the AVX2 kernels
// finish the rest.
#pragma once

#include <cstddef>

namespace lmz::llm {

// Scores for keys [0, done), done a multiple of 16 (n <= 256; none for
// heads shorter than 32), for each of the n_q queries.
// Only where simd_avx512_enabled().
size_t attention_scores_avx512(const float* const* qs, size_t n_q, const float* keys_t, size_t stride, size_t n_keys,
                               size_t n, float* const* outs);

// Weighted sums for outputs [0, done), done a multiple of 64, for each of
// the n_sets weight vectors.
size_t weighted_sum_rows_avx512(const float* const* weights, size_t n_sets, const float* rows, size_t stride,
                                size_t n_rows, size_t n, float* const* outs);

}  // namespace lmz::llm
