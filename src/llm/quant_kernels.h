// Weight rows in their stored types: AVX2 dequantization of each block type
// and the one-token matrix product that reads the weights block by block.
//
// Dequantization has no reduction: each element is one integer turned into
// a float and scaled by the format's float operations, in the format's order
// (tensor_type.h), so the AVX2 versions give the scalar version's floats bit
// for bit. The one-token product dequantizes one block of eight rows at a
// time into a buffer the size of a block, never a whole row, and adds in
// dot()'s order (kernels.h): it gives the bits of dequantize_row + dot8.
#pragma once

#include <cstddef>
#include <cstdint>

#include "llm/tensor_type.h"

namespace lmz::llm {

// dequantize_row with the AVX2 kernels where the CPU has them and SIMD is
// allowed; the scalar code otherwise. The same floats either way.
void dequantize_row_fast(TensorType type, const uint8_t* blocks, float* out, uint64_t n_elements);

// out[r] = dot(x, row r, n) for r < 8, row r being the `n` elements stored
// at rows[r] in `type`: dequantize_row then dot8, computed a block at a time.
// Returns false, computing nothing, where it has no kernel (no AVX2, F16C
// or FMA, SIMD forbidden, or a plain type's row not a multiple of eight):
// the caller then converts the rows and calls dot8, which gives the same bits.
bool dot8_stored(TensorType type, const float* x, const uint8_t* const* rows, size_t n, float* out);

}  // namespace lmz::llm
