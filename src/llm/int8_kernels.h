// Products with 8-bit activations: the matrix products whose weights are
// stored as blocks of small integers (Q8_0, Q4_0, Q5_0, with a minimum Q4_1,
// Q5_1; the k-quants Q4_K, Q5_K with a minimum per 32 elements, Q6_K with a
// scale per 16) can take their input rows as 8-bit integers too, so that
// each 32 elements' products are integer multiply-adds (exact, in any order)
// and the floats enter once per 32. This is the engine's arithmetic unless
// an archive of an older one asks for it (docs/FORMAT.md, mode bits 2 and
// 3).
//
// The arithmetic, defined exactly (the scalar code is the definition; the
// AVX2 and VNNI kernels give its bits):
// - An input row is cut into blocks of 32. A block's scale is a = m / 127
//   with m its largest magnitude (the reduction's order below, which matters
//   for NaN only); its values are q = round-half-even(x * (127 / m)) (0 when
//   m is not positive), clamped to [-127, 127] (a NaN or a value of 2^31 or
//   more becomes -127, as the conversion instruction's).
// - A weight block of 32 (read_block32: for the k-quants a sub-block)
//   gives its integers w and its scale d (a float, exactly), for the types
//   with a minimum its minimum m (x = w d + m), and for Q6_K two integer
//   scales c0, c1 for its halves (x = w d c).
// - The dot product of a weight row and an input row is one float sum over
//   the blocks in order, from 0: s = fma(float(S_j), d_j * a_j, s), with S_j
//   the block's exact integer sum of w[i] q[i] (for Q6_K, c0 times the sum
//   over elements 0-15 plus c1 times that over 16-31) and d_j * a_j rounded
//   to float; with a minimum, then s = fma(float(Q_j), m_j * a_j, s), Q_j
//   the input block's integer sum.
//
// The kernels hold eight rows at a time interleaved, four bytes of each row
// in turn, so that one instruction (VPDPBUSD, or PMADDUBSW and PMADDWD)
// adds four products into each of the eight rows' integer sums; VPDPBUSD
// multiplies the weights plus 128 (unsigned) by the inputs, and the sum
// starts from -128 times the input block's sum. For Q6_K each half's sum
// starts from -128 times the input half's and is then multiplied by the
// rows' scales (VPMULLD); without VNNI, PMADDUBSW's 16-bit pairs are
// multiplied by them (PMADDWD).
#pragma once

#include <cstddef>
#include <cstdint>

#include "llm/tensor_type.h"

namespace lmz::llm {

// The arithmetic of the products with block-quantized weights.
enum class Activations : uint8_t {
  kFloat,         // float inputs against the dequantized weights (archives before mode bit 2)
  kInt8Blocks32,  // 8-bit inputs for the types of 32-element blocks only (mode bit 2 alone)
  kInt8,          // 8-bit inputs for those and the k-quants (this file; mode bits 2 and 3)
};

inline constexpr size_t kInt8Block = 32;

// Whether products with weights of `type` take 8-bit inputs under `a`.
bool int8_products(TensorType type, Activations a);

// A product's input rows in 8 bits: n_pos rows of `cols` values q (a
// multiple of 32), their blocks' scales a, and for the kernels each block's
// integer sum times -128 (neg_sums) and that of its first 16 values
// (neg_low_sums), all at p * (cols / 32) + j.
struct Int8Inputs {
  int8_t* q;
  float* a;
  int32_t* neg_sums;
  int32_t* neg_low_sums;
};

// Quantizes n_pos rows of `cols` floats (rows `x_stride` apart).
void quantize_activations(const float* x, size_t x_stride, size_t n_pos, size_t cols, const Int8Inputs& out);
void quantize_activations_scalar(const float* x, size_t x_stride, size_t n_pos, size_t cols, const Int8Inputs& out);

// Eight weight rows of `cols` elements interleaved: for block j, step t
// (0..7) and row r, the four bytes w + 256 j + 32 t + 4 r are row r's
// integers 32 j + 4 t .. + 3, each plus 128 (so unsigned); d + 8 j + r is
// row r's scale of block j, m + 8 j + r its minimum (types with one); for
// Q6_K, sc + 32 j + 16 h + 2 r and the int16 after it are both row r's
// scale of half h (0, 1) of block j.
struct Int8Tile {
  uint8_t* w;
  float* d;
  float* m;
  int16_t* sc;
  bool has_min;     // Q4_1, Q5_1, Q4_K, Q5_K
  bool has_scales;  // Q6_K
  static size_t bytes(size_t cols) {
    return 8 * cols + 2 * 8 * (cols / kInt8Block) * sizeof(float) + 32 * (cols / kInt8Block) * sizeof(int16_t);
  }
  // Lays the arrays out in `scratch` (bytes(cols) bytes, 4-aligned) for
  // rows of `type`.
  static Int8Tile in(void* scratch, size_t cols, TensorType type);
};

// Interleaves rows[0..n_rows) (n_rows <= 8, stored in `type`); the rows
// after n_rows repeat row 0.
void pack_int8_tile(TensorType type, const uint8_t* const* rows, size_t n_rows, size_t cols, const Int8Tile& tile);
void pack_int8_tile_scalar(TensorType type, const uint8_t* const* rows, size_t n_rows, size_t cols,
                           const Int8Tile& tile);

// out[p * out_stride + r] = the dot product of the tile's row r and input
// row p, for r < n_rows and p < n_pos.
void dot_int8(const Int8Tile& tile, size_t n_rows, size_t cols, const Int8Inputs& in, size_t n_pos, float* out,
              size_t out_stride);
void dot_int8_scalar(const Int8Tile& tile, size_t n_rows, size_t cols, const Int8Inputs& in, size_t n_pos, float* out,
                     size_t out_stride);

// dot_int8 of two full tiles of one type, rows 0-7 of `low` and 8-15 of `high`
// (out[p * out_stride + r], r < 16): with AVX-512, both at once.
void dot_int8_pair(const Int8Tile& low, const Int8Tile& high, size_t cols, const Int8Inputs& in, size_t n_pos,
                   float* out, size_t out_stride);

// One input (n_pos 1) against rows[0..n_rows) as stored, without packing
// them first (a token at a time reads each weight once): the bits of
// pack_int8_tile and dot_int8. `scratch`: Int8Tile::bytes(cols), for the
// scalar code.
void dot_int8_stored(TensorType type, const uint8_t* const* rows, size_t n_rows, size_t cols, const Int8Inputs& in,
                     float* out, void* scratch);

// dot_int8_stored of sixteen rows at once, where the kernels in use have a
// wider form (AVX-512 VNNI): the same bits. Returns false, computing
// nothing, where they have not.
bool dot_int8_stored16(TensorType type, const uint8_t* const* rows, size_t cols, const Int8Inputs& in, float* out);

// The integer dot instruction the kernels use; tests choose each in turn.
// kAvx512Vnni: 512-bit products of two tiles at once, and the EVEX form of
// VPDPBUSD on 256 bits elsewhere.
enum class Int8Dot { kScalar, kAvx2, kAvxVnni, kAvx512Vnni };
// The one the kernels use now: the chosen one, kScalar while
// set_scalar_kernels forbids SIMD.
Int8Dot active_int8_dot();
// The best this CPU allows (kScalar where SIMD is forbidden or absent).
Int8Dot best_int8_dot();
// Uses `dot` from now on in this process, if the CPU has it (false if not).
bool set_int8_dot(Int8Dot dot);

}  // namespace lmz::llm
