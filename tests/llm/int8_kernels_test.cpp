// The products with 8-bit inputs (int8_kernels.h): the AVX2 and VNNI
// kernels give the scalar definition's bits, quantizing and packing give the
// scalar code's bytes, and the result is a close approximation of the float
// product.
#include "llm/int8_kernels.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "core/bytes.h"
#include "llm/kernels.h"
#include "llm/tensor_type.h"

namespace lmz::llm {
namespace {

const TensorType kTypes[] = {TensorType::kQ8_0, TensorType::kQ4_0, TensorType::kQ5_0, TensorType::kQ4_1,
                             TensorType::kQ5_1, TensorType::kQ4_K, TensorType::kQ5_K, TensorType::kQ6_K};
const Int8Dot kDots[] = {Int8Dot::kAvx2, Int8Dot::kAvxVnni, Int8Dot::kAvx512Vnni};

bool k_quant(TensorType type) {
  return type == TensorType::kQ4_K || type == TensorType::kQ5_K || type == TensorType::kQ6_K;
}

bool has_min(TensorType type) {
  return type == TensorType::kQ4_1 || type == TensorType::kQ5_1 || type == TensorType::kQ4_K ||
         type == TensorType::kQ5_K;
}

// A row length of about `cols` that `type` allows (the k-quants: blocks of
// 256).
size_t cols_for(TensorType type, size_t cols) {
  return k_quant(type) ? (cols + 255) / 256 * 256 : cols;
}

// Random blocks with finite half scales (random bytes elsewhere, so Q8_0
// holds -128 too, and Q6_K's scales -128).
Bytes random_row(TensorType type, size_t cols, std::mt19937_64& rng) {
  const TensorTypeInfo info = *tensor_type_info(static_cast<uint32_t>(type));
  const size_t block_bytes = info.block_bytes;
  Bytes row(cols / info.block_elements * block_bytes);
  for (uint8_t& b : row) b = static_cast<uint8_t>(rng());
  std::normal_distribution<float> normal(0.0f, 0.01f);
  // Where the halves are: d (and dmin, or the minimum) first; Q6_K's d last.
  const size_t first = type == TensorType::kQ6_K ? 208 : 0;
  const size_t halves = has_min(type) ? 2 : 1;
  for (size_t at = 0; at < row.size(); at += block_bytes) {
    for (size_t half = at + first; half < at + first + 2 * halves; half += 2) {
      const uint16_t h = f32_to_f16(normal(rng));
      row[half] = static_cast<uint8_t>(h);
      row[half + 1] = static_cast<uint8_t>(h >> 8);
    }
  }
  return row;
}

// `n` random rows and their addresses.
struct Rows {
  std::vector<Bytes> bytes;
  std::vector<const uint8_t*> stored;
  Rows(TensorType type, size_t n, size_t cols, std::mt19937_64& rng) {
    for (size_t r = 0; r < n; ++r) bytes.push_back(random_row(type, cols, rng));
    for (const Bytes& b : bytes) stored.push_back(b.data());
  }
};

// Inputs of every kind a block can meet: ordinary values, a block of zeros,
// values halfway between two steps, and NaN, infinities and huge values.
std::vector<float> random_inputs(size_t n_pos, size_t cols, std::mt19937_64& rng, bool special) {
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> x(n_pos * cols);
  for (float& v : x) v = normal(rng);
  if (special && cols >= 4 * kInt8Block) {
    for (size_t i = 0; i < kInt8Block; ++i) x[i] = 0.0f;
    for (size_t i = 0; i < kInt8Block; ++i) x[kInt8Block + i] = (static_cast<float>(i) - 16.0f) * 0.5f * (127.0f / 8);
    x[2 * kInt8Block + 3] = std::numeric_limits<float>::quiet_NaN();
    x[2 * kInt8Block + 17] = std::numeric_limits<float>::infinity();
    x[3 * kInt8Block + 5] = -std::numeric_limits<float>::infinity();
    x[3 * kInt8Block + 9] = 3e38f;
    x[x.size() - 7] = std::numeric_limits<float>::denorm_min();
  }
  return x;
}

struct Quantized {
  std::vector<int8_t> q;
  std::vector<float> a;
  std::vector<int32_t> sums, low_sums;
  Quantized(size_t n_pos, size_t cols)
      : q(n_pos * cols),
        a(n_pos * cols / kInt8Block),
        sums(n_pos * cols / kInt8Block),
        low_sums(n_pos * cols / kInt8Block) {}
  // x's n_pos rows, quantized by the scalar code.
  Quantized(const std::vector<float>& x, size_t n_pos, size_t cols) : Quantized(n_pos, cols) {
    quantize_activations_scalar(x.data(), cols, n_pos, cols, inputs());
  }
  Int8Inputs inputs() { return Int8Inputs{q.data(), a.data(), sums.data(), low_sums.data()}; }
};

// A tile's scratch and its arrays, for rows of `type`.
struct Tile {
  std::vector<uint8_t> bytes;
  Int8Tile tile;
  Tile(size_t cols, TensorType type) : bytes(Int8Tile::bytes(cols)), tile(Int8Tile::in(bytes.data(), cols, type)) {}
};

// Restores the best dot after each test.
class Int8Kernels : public ::testing::Test {
 protected:
  void TearDown() override { set_int8_dot(best_int8_dot()); }
};

TEST_F(Int8Kernels, QuantizingGivesTheScalarBytes) {
  std::mt19937_64 rng(5);
  const size_t cols = 256, n_pos = 3;
  for (bool special : {false, true}) {
    const std::vector<float> x = random_inputs(n_pos, cols, rng, special);
    Quantized want(n_pos, cols), got(n_pos, cols);
    quantize_activations_scalar(x.data(), cols, n_pos, cols, want.inputs());
    quantize_activations(x.data(), cols, n_pos, cols, got.inputs());
    EXPECT_EQ(got.q, want.q);
    EXPECT_EQ(got.sums, want.sums);
    EXPECT_EQ(got.low_sums, want.low_sums);
    for (size_t i = 0; i < want.a.size(); ++i)
      EXPECT_EQ(std::bit_cast<uint32_t>(got.a[i]), std::bit_cast<uint32_t>(want.a[i]));
    for (int8_t v : want.q) EXPECT_TRUE(v >= -127 && v <= 127);
  }
}

TEST_F(Int8Kernels, QuantizingRoundsHalfToEvenAndScalesByTheLargest) {
  std::vector<float> x(kInt8Block, 0.0f);
  x[0] = 127.0f;  // the scale is 1: values are rounded as they are
  x[1] = 2.5f;
  x[2] = -3.5f;
  x[3] = 0.5f;
  x[20] = 5.0f;  // in the block's sum, not in its first half's
  Quantized q(1, kInt8Block);
  quantize_activations_scalar(x.data(), kInt8Block, 1, kInt8Block, q.inputs());
  EXPECT_EQ(q.a[0], 1.0f);
  EXPECT_EQ(q.q[0], 127);
  EXPECT_EQ(q.q[1], 2);
  EXPECT_EQ(q.q[2], -4);
  EXPECT_EQ(q.q[3], 0);
  EXPECT_EQ(q.sums[0], -128 * (127 + 2 - 4 + 5));
  EXPECT_EQ(q.low_sums[0], -128 * (127 + 2 - 4));
}

TEST_F(Int8Kernels, PackingGivesTheScalarBytes) {
  std::mt19937_64 rng(6);
  for (TensorType type : kTypes) {
    const size_t cols = cols_for(type, 192);
    const Rows rows(type, 8, cols, rng);
    const uint8_t* const* stored = rows.stored.data();
    for (size_t n_rows : {size_t{8}, size_t{5}}) {
      std::vector<uint8_t> a(Int8Tile::bytes(cols)), b(Int8Tile::bytes(cols));
      pack_int8_tile_scalar(type, stored, n_rows, cols, Int8Tile::in(a.data(), cols, type));
      pack_int8_tile(type, stored, n_rows, cols, Int8Tile::in(b.data(), cols, type));
      EXPECT_EQ(a, b) << tensor_type_name(static_cast<uint32_t>(type)) << ", " << n_rows << " rows";
    }
  }
}

// Block j's scales as the format states them: d, the minimum m (x = w d +
// m), and Q6_K's scales of the halves (1 for the others).
struct PlainScales {
  float d = 0, m = 0;
  int sc[2] = {1, 1};
};
PlainScales plain_scales(TensorType type, const uint8_t* row, size_t j) {
  PlainScales p;
  const TensorTypeInfo info = *tensor_type_info(static_cast<uint32_t>(type));
  auto half = [](const uint8_t* at) { return f16_to_f32(static_cast<uint16_t>(at[0] | (at[1] << 8))); };
  if (type == TensorType::kQ4_K || type == TensorType::kQ5_K) {
    const uint8_t* b = row + (j / 8) * info.block_bytes;
    uint8_t sc = 0, min = 0;
    scale_min_k4(static_cast<int>(j % 8), b + 4, sc, min);
    p.d = half(b) * sc;
    p.m = -(half(b + 2) * min);
  } else if (type == TensorType::kQ6_K) {
    const uint8_t* b = row + (j / 8) * info.block_bytes;
    p.d = half(b + 208);
    p.sc[0] = static_cast<int8_t>(b[192 + 2 * (j % 8)]);
    p.sc[1] = static_cast<int8_t>(b[193 + 2 * (j % 8)]);
  } else {
    const uint8_t* b = row + j * info.block_bytes;
    p.d = half(b);
    if (has_min(type)) p.m = half(b + 2);
  }
  return p;
}

// The scalar definition against a plain reading of it: the rows' integers
// from their dequantized values, one float sum over the blocks.
TEST_F(Int8Kernels, TheScalarProductIsTheDefinition) {
  std::mt19937_64 rng(7);
  for (TensorType type : kTypes) {
    const size_t cols = cols_for(type, 128);
    const Rows rows(type, 8, cols, rng);
    const uint8_t* const* stored = rows.stored.data();
    Tile packed(cols, type);
    const Int8Tile& tile = packed.tile;
    pack_int8_tile_scalar(type, stored, 8, cols, tile);
    Quantized in(random_inputs(1, cols, rng, false), 1, cols);
    float out[8];
    dot_int8_scalar(tile, 8, cols, in.inputs(), 1, out, 8);
    for (int r = 0; r < 8; ++r) {
      std::vector<float> w(cols);
      dequantize_row(type, stored[r], w.data(), cols);
      float s = 0.0f;
      for (size_t j = 0; j < cols / kInt8Block; ++j) {
        const PlainScales p = plain_scales(type, stored[r], j);
        int32_t sum = 0, inputs = 0;
        for (size_t i = 0; i < kInt8Block; ++i) {
          const double x = w[j * kInt8Block + i] - p.m;
          const double scale = double{p.d} * p.sc[i / 16];
          const int32_t wi = scale == 0.0 ? 0 : static_cast<int32_t>(std::lround(x / scale));
          sum += p.sc[i / 16] * wi * in.q[j * kInt8Block + i];
          inputs += in.q[j * kInt8Block + i];
        }
        s = std::fma(static_cast<float>(sum), p.d * in.a[j], s);
        if (has_min(type)) s = std::fma(static_cast<float>(inputs), p.m * in.a[j], s);
      }
      EXPECT_EQ(std::bit_cast<uint32_t>(out[r]), std::bit_cast<uint32_t>(s))
          << tensor_type_name(static_cast<uint32_t>(type)) << ", row " << r;
    }
  }
}

TEST_F(Int8Kernels, EveryDotInstructionGivesTheScalarBits) {
  std::mt19937_64 rng(8);
  for (TensorType type : kTypes) {
    const size_t cols = cols_for(type, 320);
    const Rows rows(type, 8, cols, rng);
    const uint8_t* const* stored = rows.stored.data();
    Tile packed(cols, type);
    const Int8Tile& tile = packed.tile;
    pack_int8_tile_scalar(type, stored, 8, cols, tile);
    const size_t n_pos = 9;
    Quantized in(random_inputs(n_pos, cols, rng, true), n_pos, cols);
    for (size_t n_rows : {size_t{8}, size_t{3}}) {
      std::vector<float> want(n_pos * 8, -1.0f);
      dot_int8_scalar(tile, n_rows, cols, in.inputs(), n_pos, want.data(), 8);
      int tried = 0;
      for (Int8Dot dot : kDots) {
        if (!set_int8_dot(dot)) continue;
        ++tried;
        for (size_t first : {size_t{0}, size_t{4}, size_t{8}}) {  // batches of 9, 5 and 1
          std::vector<float> got(n_pos * 8, -1.0f);
          const Int8Inputs part{in.q.data() + first * cols, in.a.data() + first * (cols / kInt8Block),
                                in.sums.data() + first * (cols / kInt8Block),
                                in.low_sums.data() + first * (cols / kInt8Block)};
          dot_int8(tile, n_rows, cols, part, n_pos - first, got.data() + first * 8, 8);
          for (size_t i = first * 8; i < got.size(); ++i) {
            EXPECT_EQ(std::bit_cast<uint32_t>(got[i]), std::bit_cast<uint32_t>(want[i]))
                << tensor_type_name(static_cast<uint32_t>(type)) << ", dot " << static_cast<int>(dot) << ", " << n_rows
                << " rows, position " << i / 8 << ", row " << i % 8;
          }
        }
      }
      if (tried == 0) GTEST_SKIP() << "no integer dot instruction here (no AVX2, or a build or run without SIMD)";
    }
  }
}

// Two tiles at once (sixteen rows in 512-bit registers where the CPU has
// them): each tile's bits.
TEST_F(Int8Kernels, TwoTilesAtOnceGiveEachTilesBits) {
  std::mt19937_64 rng(11);
  const size_t cols = 256, n_pos = 13;
  for (TensorType type : {TensorType::kQ8_0, TensorType::kQ5_1, TensorType::kQ4_K, TensorType::kQ6_K}) {
    const Rows rows(type, 16, cols, rng);
    const uint8_t* const* stored = rows.stored.data();
    Tile low_tile(cols, type), high_tile(cols, type);
    const Int8Tile &low = low_tile.tile, &high = high_tile.tile;
    pack_int8_tile_scalar(type, stored, 8, cols, low);
    pack_int8_tile_scalar(type, stored + 8, 8, cols, high);
    Quantized in(random_inputs(n_pos, cols, rng, true), n_pos, cols);
    std::vector<float> want(n_pos * 16);
    dot_int8_scalar(low, 8, cols, in.inputs(), n_pos, want.data(), 16);
    dot_int8_scalar(high, 8, cols, in.inputs(), n_pos, want.data() + 8, 16);
    for (Int8Dot dot : {Int8Dot::kScalar, Int8Dot::kAvx2, Int8Dot::kAvxVnni, Int8Dot::kAvx512Vnni}) {
      if (!set_int8_dot(dot)) continue;
      std::vector<float> got(n_pos * 16, -1.0f);
      dot_int8_pair(low, high, cols, in.inputs(), n_pos, got.data(), 16);
      for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(std::bit_cast<uint32_t>(got[i]), std::bit_cast<uint32_t>(want[i]))
            << tensor_type_name(static_cast<uint32_t>(type)) << ", dot " << static_cast<int>(dot) << ", position "
            << i / 16 << ", row " << i % 16;
      }
    }
  }
}

// A token's product reads the rows as stored, without packing: the same bits.
TEST_F(Int8Kernels, TheUnpackedOneInputProductGivesThePackedBits) {
  std::mt19937_64 rng(10);
  for (TensorType type : kTypes) {
    const size_t cols = cols_for(type, 288);
    const Rows rows(type, 8, cols, rng);
    const uint8_t* const* stored = rows.stored.data();
    Tile packed(cols, type);
    const Int8Tile& tile = packed.tile;
    // Ordinary inputs, and ones with NaN and infinities (whose results are
    // all NaN: the same bits only if NaN arises the same way).
    for (bool special : {false, true}) {
      Quantized in(random_inputs(1, cols, rng, special), 1, cols);
      for (size_t n_rows : {size_t{8}, size_t{6}}) {
        pack_int8_tile_scalar(type, stored, n_rows, cols, tile);
        float want[8];
        dot_int8_scalar(tile, n_rows, cols, in.inputs(), 1, want, 8);
        for (Int8Dot dot : {Int8Dot::kScalar, Int8Dot::kAvx2, Int8Dot::kAvxVnni, Int8Dot::kAvx512Vnni}) {
          if (!set_int8_dot(dot)) continue;
          float got[8];
          Tile scratch(cols, type);  // for the scalar code
          dot_int8_stored(type, stored, n_rows, cols, in.inputs(), got, scratch.bytes.data());
          for (size_t r = 0; r < n_rows; ++r) {
            EXPECT_EQ(std::bit_cast<uint32_t>(got[r]), std::bit_cast<uint32_t>(want[r]))
                << tensor_type_name(static_cast<uint32_t>(type)) << ", dot " << static_cast<int>(dot) << ", row " << r;
          }
        }
      }
    }
  }
}

// Sixteen rows at once, where the kernels have that form: each row's bits
// as the packed product gives them. Rows of several lengths, so that a row
// has one and several 256-element blocks.
TEST_F(Int8Kernels, SixteenUnpackedRowsAtOnceGiveThePackedBits) {
  std::mt19937_64 rng(12);
  size_t wide = 0;  // products the sixteen-row form computed
  for (TensorType type : kTypes) {
    for (size_t length : {size_t{256}, size_t{768}}) {
      const size_t cols = cols_for(type, length);
      const Rows rows(type, 16, cols, rng);
      const uint8_t* const* stored = rows.stored.data();
      for (bool special : {false, true}) {
        Quantized in(random_inputs(1, cols, rng, special), 1, cols);
        float want[16];
        for (size_t half = 0; half < 2; ++half) {
          Tile packed(cols, type);
          pack_int8_tile_scalar(type, stored + 8 * half, 8, cols, packed.tile);
          dot_int8_scalar(packed.tile, 8, cols, in.inputs(), 1, want + 8 * half, 8);
        }
        for (Int8Dot dot : {Int8Dot::kScalar, Int8Dot::kAvx2, Int8Dot::kAvxVnni, Int8Dot::kAvx512Vnni}) {
          if (!set_int8_dot(dot)) continue;
          float got[16];
          if (!dot_int8_stored16(type, stored, cols, in.inputs(), got)) continue;
          ++wide;
          for (size_t r = 0; r < 16; ++r) {
            EXPECT_EQ(std::bit_cast<uint32_t>(got[r]), std::bit_cast<uint32_t>(want[r]))
                << tensor_type_name(static_cast<uint32_t>(type)) << ", " << cols << " columns, dot "
                << static_cast<int>(dot) << ", row " << r;
          }
        }
      }
    }
  }
  if (wide == 0) GTEST_SKIP() << "no sixteen-row form on this CPU (it needs AVX-512 VNNI)";
}

// What the 8-bit inputs cost: within about 1% of the float product.
TEST_F(Int8Kernels, TheProductIsCloseToTheFloatOne) {
  std::mt19937_64 rng(9);
  for (TensorType type : kTypes) {
    const size_t cols = cols_for(type, 1024);
    const Rows rows(type, 8, cols, rng);
    const uint8_t* const* stored = rows.stored.data();
    Tile packed(cols, type);
    const Int8Tile& tile = packed.tile;
    pack_int8_tile(type, stored, 8, cols, tile);
    const std::vector<float> x = random_inputs(1, cols, rng, false);
    Quantized in(1, cols);
    quantize_activations(x.data(), cols, 1, cols, in.inputs());
    float out[8];
    dot_int8(tile, 8, cols, in.inputs(), 1, out, 8);
    for (int r = 0; r < 8; ++r) {
      std::vector<float> w(cols);
      dequantize_row(type, stored[r], w.data(), cols);
      double exact = 0, scale = 0;
      for (size_t i = 0; i < cols; ++i) {
        exact += double{w[i]} * x[i];
        scale += std::abs(double{w[i]} * x[i]);
      }
      EXPECT_LT(std::abs(out[r] - exact), 0.01 * scale) << tensor_type_name(static_cast<uint32_t>(type));
    }
  }
}

}  // namespace
}  // namespace lmz::llm
