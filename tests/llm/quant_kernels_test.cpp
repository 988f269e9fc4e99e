// The weight kernels that read rows in their stored types give the bits of
// the scalar dequantization followed by dot(), with SIMD and without, for
// every type the engine reads.
#include "llm/quant_kernels.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "core/bytes.h"
#include "core/cpu.h"
#include "llm/kernels.h"
#include "llm/tensor_type.h"

namespace lmz::llm {
namespace {

const TensorType kTypes[] = {TensorType::kF32,  TensorType::kF16,  TensorType::kBF16,
                             TensorType::kQ8_0, TensorType::kQ4_0, TensorType::kQ5_0,
                             TensorType::kQ4_K, TensorType::kQ5_K, TensorType::kQ6_K};

// Random blocks of `type` whose scales are finite halves (random bytes
// elsewhere), `n` elements.
Bytes random_row(TensorType type, size_t n, std::mt19937_64& rng) {
  const TensorTypeInfo info = *tensor_type_info(static_cast<uint32_t>(type));
  Bytes row(n / info.block_elements * info.block_bytes);
  for (uint8_t& b : row) b = static_cast<uint8_t>(rng());
  std::normal_distribution<float> normal(0.0f, 0.05f);
  auto put_half = [&](size_t at, float v) {
    const uint16_t h = f32_to_f16(v);
    row[at] = static_cast<uint8_t>(h);
    row[at + 1] = static_cast<uint8_t>(h >> 8);
  };
  const size_t n_blocks = n / info.block_elements;
  for (size_t b = 0; b < n_blocks; ++b) {
    const size_t at = b * info.block_bytes;
    switch (type) {
      case TensorType::kF32:
        for (size_t i = 0; i < info.block_bytes; i += 4) {
          const float v = normal(rng);
          std::memcpy(&row[at + i], &v, 4);
        }
        break;
      case TensorType::kF16:
        put_half(at, normal(rng));
        break;
      case TensorType::kBF16: {
        const uint32_t bits = std::bit_cast<uint32_t>(normal(rng));
        row[at] = static_cast<uint8_t>(bits >> 16);
        row[at + 1] = static_cast<uint8_t>(bits >> 24);
        break;
      }
      case TensorType::kQ4_K:
      case TensorType::kQ5_K:
        put_half(at, std::abs(normal(rng)) / 64);
        put_half(at + 2, std::abs(normal(rng)) / 64);
        break;
      case TensorType::kQ6_K:
        put_half(at + 208, normal(rng) / 64);
        break;
      default:
        put_half(at, normal(rng) / 16);
        break;
    }
  }
  return row;
}

std::vector<float> scalar_floats(TensorType type, const Bytes& row, size_t n) {
  std::vector<float> out(n);
  dequantize_row(type, row.data(), out.data(), n);
  return out;
}

// Eight random rows of `type` and a random x of n elements.
struct RowsAndX {
  std::vector<Bytes> rows;
  const uint8_t* pointers[8];
  std::vector<float> x;
  RowsAndX(TensorType type, size_t n, std::mt19937_64& rng) : x(n) {
    for (int r = 0; r < 8; ++r) rows.push_back(random_row(type, n, rng));
    for (int r = 0; r < 8; ++r) pointers[r] = rows[r].data();
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (float& v : x) v = normal(rng);
  }
};

void expect_same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) ASSERT_EQ(std::bit_cast<uint32_t>(a[i]), std::bit_cast<uint32_t>(b[i])) << i;
}

TEST(QuantKernels, DequantizationEqualsTheScalarCode) {
  std::mt19937_64 rng(7);
  for (TensorType type : kTypes) {
    SCOPED_TRACE(tensor_type_name(static_cast<uint32_t>(type)));
    for (size_t n : {256u, 768u, 1536u}) {
      const Bytes row = random_row(type, n, rng);
      const std::vector<float> expected = scalar_floats(type, row, n);
      for (bool scalar : {false, true}) {
        set_scalar_kernels(scalar);
        std::vector<float> got(n);
        dequantize_row_fast(type, row.data(), got.data(), n);
        expect_same_bits(expected, got);
      }
      set_scalar_kernels(false);
    }
  }
}

// Where the CPU has the kernels, every type must have one (a kernel that
// went missing would pass unnoticed, its rows taking the slower route).
bool has_kernels() {
  return simd_kernels_enabled() && simd_f16c_enabled();
}

TEST(QuantKernels, StoredRowsDotAsFloatRows) {
  std::mt19937_64 rng(11);
  for (TensorType type : kTypes) {
    SCOPED_TRACE(tensor_type_name(static_cast<uint32_t>(type)));
    for (size_t n : {256u, 576u - 64u, 1536u}) {
      if (n % tensor_type_info(static_cast<uint32_t>(type))->block_elements != 0) continue;
      const RowsAndX m(type, n, rng);
      std::vector<float> expected(8);
      for (int r = 0; r < 8; ++r) expected[r] = dot_scalar(m.x.data(), scalar_floats(type, m.rows[r], n).data(), n);
      std::vector<float> got(8);
      ASSERT_EQ(dot8_stored(type, m.x.data(), m.pointers, n, got.data()), has_kernels());
      if (has_kernels()) expect_same_bits(expected, got);
      // With SIMD forbidden there is no kernel: the caller's route computes.
      set_scalar_kernels(true);
      EXPECT_FALSE(dot8_stored(type, m.x.data(), m.pointers, n, got.data()));
      set_scalar_kernels(false);
    }
  }
}

TEST(QuantKernels, PlainRowsOfOtherLengthsAreLeftToTheCaller) {
  std::mt19937_64 rng(5);
  for (TensorType type : {TensorType::kF16, TensorType::kBF16}) {
    for (size_t n : {1u, 7u, 9u, 33u, 8u, 40u}) {
      const RowsAndX m(type, n, rng);
      float got[8] = {};
      const bool computed = dot8_stored(type, m.x.data(), m.pointers, n, got);
      ASSERT_EQ(computed, has_kernels() && n % 8 == 0) << n;
      for (int r = 0; r < 8 && computed; ++r) {
        EXPECT_EQ(std::bit_cast<uint32_t>(got[r]),
                  std::bit_cast<uint32_t>(dot_scalar(m.x.data(), scalar_floats(type, m.rows[r], n).data(), n)));
      }
    }
  }
}

}  // namespace
}  // namespace lmz::llm
