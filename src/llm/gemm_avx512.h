// The batched eight-row product (kernels.h's dot8_batch) with AVX-512: each
// 512-bit register holds the eight lanes of two rows, so one instruction
// does the work of two AVX2 ones while every lane adds exactly what, and in
// the order that, dot() adds; the lanes then meet in dot()'s tree. The eight
// rows are first packed in pairs, step by step, so that a row pair's step is
// one aligned load.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lmz::llm {

// out[b * out_stride + r] = dot(x + b * x_stride, rows[r], n) for b < n_pos
// and r < 8, the bits of dot8. Only where simd_avx512_enabled().
void dot8_batch_avx512(const float* x, size_t x_stride, size_t n_pos, const float* const* rows, size_t n, float* out,
                       size_t out_stride);
// The same for rows of F16 values as stored: converted to float (exactly) as
// they are packed, so the result is that of their float rows.
void dot8_batch_f16_avx512(const float* x, size_t x_stride, size_t n_pos, const uint16_t* const* rows, size_t n,
                           float* out, size_t out_stride);

}  // namespace lmz::llm
