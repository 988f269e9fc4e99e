// The 8-bit batch product (int8_kernels.h) with 512-bit registers: two
// packed tiles side by side, sixteen rows, so that one VPDPBUSD adds four
// products into each of sixteen rows' sums. The same integer sums and the
// same float operations per row as the 256-bit kernels, so the same bits.
#pragma once

#include <cstddef>

#include "llm/int8_kernels.h"

namespace lmz::llm {

// Whether the CPU (and LMZ_SIMD) allow these kernels: AVX-512 F, DQ, BW,
// VL and VNNI.
bool int8_avx512_available();

// out[p * out_stride + r] for r < 16: rows 0-7 of `low`, 8-15 of `high`,
// against inputs [0, n_pos); only where int8_avx512_available().
void dot_int8_pair_avx512(const Int8Tile& low, const Int8Tile& high, size_t cols, const Int8Inputs& in, size_t n_pos,
                          float* out, size_t out_stride);

// dot_int8_stored for sixteen full rows of Q8_0, Q5_0, Q5_1 or a k-quant,
// two rows a register (int8_token_avx512.cpp): out[r] for r < 16; only where
// int8_avx512_available().
void dot_int8_stored16_avx512(TensorType type, const uint8_t* const* rows, size_t cols, const Int8Inputs& in,
                              float* out);

}  // namespace lmz::llm
