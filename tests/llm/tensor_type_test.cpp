#include "llm/tensor_type.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>

#include "llm/quant_kernels.h"
#include "tiny_model.h"

namespace lmz::llm {
namespace {

TEST(TensorType, HalfFloatsConvertExactly) {
  EXPECT_EQ(f16_to_f32(0x3c00), 1.0f);
  EXPECT_EQ(f16_to_f32(0xc000), -2.0f);
  EXPECT_EQ(f16_to_f32(0x7bff), 65504.0f);
  EXPECT_EQ(f16_to_f32(0x0001), std::ldexp(1.0f, -24));  // smallest subnormal
  EXPECT_EQ(f16_to_f32(0x03ff), std::ldexp(1023.0f, -24));
  EXPECT_TRUE(std::isinf(f16_to_f32(0x7c00)));
  EXPECT_TRUE(std::isnan(f16_to_f32(0x7e00)));
  EXPECT_EQ(std::bit_cast<uint32_t>(f16_to_f32(0x8000)), 0x80000000u);
  // Every finite half survives the trip through float and back.
  for (uint32_t h = 0; h < 65536; ++h) {
    if ((h & 0x7c00) == 0x7c00) continue;
    ASSERT_EQ(f32_to_f16(f16_to_f32(static_cast<uint16_t>(h))), h) << h;
  }
  EXPECT_EQ(f32_to_f16(1.0f + std::ldexp(1.0f, -11)), 0x3c00);  // a tie rounds to even
  EXPECT_EQ(f32_to_f16(1e6f), 0x7c00);
}

TEST(TensorType, Q8_0IsScaleTimesInteger) {
  uint8_t block[34] = {};
  store_le(block, f32_to_f16(0.5f), 2);
  for (int j = 0; j < 32; ++j) block[2 + j] = static_cast<uint8_t>(static_cast<int8_t>(j - 16));
  float out[32];
  dequantize_row(TensorType::kQ8_0, block, out, 32);
  for (int j = 0; j < 32; ++j) EXPECT_EQ(out[j], 0.5f * static_cast<float>(j - 16));
}

TEST(TensorType, Q5_0TakesItsHighBitsFromQh) {
  uint8_t block[22] = {};
  store_le(block, f32_to_f16(0.25f), 2);
  // Element j: low nibble from byte j (j < 16) or its high nibble (j >= 16), fifth bit from bit j of qh.
  int q[32];
  uint32_t qh = 0;
  for (int j = 0; j < 32; ++j) {
    q[j] = (j * 7 + 3) % 32;
    qh |= static_cast<uint32_t>(q[j] >> 4) << j;
  }
  store_le(block + 2, qh, 4);
  for (int j = 0; j < 16; ++j) block[6 + j] = static_cast<uint8_t>((q[j] & 15) | ((q[j + 16] & 15) << 4));
  float out[32];
  dequantize_row(TensorType::kQ5_0, block, out, 32);
  for (int j = 0; j < 32; ++j) EXPECT_EQ(out[j], 0.25f * static_cast<float>(q[j] - 16)) << j;
}

// Q4_1 and Q5_1: scale, minimum, then Q4_0's nibbles (and Q5_0's fifth
// bits); x = q * d + m.
TEST(TensorType, Q4_1AndQ5_1AddTheirMinimum) {
  int q[32];
  uint32_t qh = 0;
  for (int j = 0; j < 32; ++j) {
    q[j] = (j * 11 + 5) % 32;
    qh |= static_cast<uint32_t>(q[j] >> 4) << j;
  }
  uint8_t q4[20] = {}, q5[24] = {};
  for (uint8_t* block : {q4, q5}) {
    store_le(block, f32_to_f16(0.5f), 2);
    store_le(block + 2, f32_to_f16(-3.25f), 2);
  }
  store_le(q5 + 4, qh, 4);
  for (int j = 0; j < 16; ++j) {
    q4[4 + j] = static_cast<uint8_t>((q[j] & 15) | ((q[j + 16] & 15) << 4));
    q5[8 + j] = q4[4 + j];
  }
  float out4[32], out5[32];
  dequantize_row(TensorType::kQ4_1, q4, out4, 32);
  dequantize_row(TensorType::kQ5_1, q5, out5, 32);
  for (int j = 0; j < 32; ++j) {
    EXPECT_EQ(out4[j], static_cast<float>(q[j] & 15) * 0.5f - 3.25f) << j;
    EXPECT_EQ(out5[j], static_cast<float>(q[j]) * 0.5f - 3.25f) << j;
  }
  EXPECT_EQ(tensor_type_info(3)->block_bytes, 20u);  // Q4_1
  EXPECT_EQ(tensor_type_info(7)->block_bytes, 24u);  // Q5_1
}

TEST(TensorType, QuantizedRoundTripIsClose) {
  std::vector<float> x(64);
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(static_cast<float>(i)) * 3.0f;
  float out[64];
  const Bytes q8 = test::q8_0_blocks(x);
  dequantize_row(TensorType::kQ8_0, q8.data(), out, 64);
  for (size_t i = 0; i < 64; ++i) EXPECT_NEAR(out[i], x[i], 3.0 / 127);
  const Bytes q5 = test::q5_0_blocks(x);
  dequantize_row(TensorType::kQ5_0, q5.data(), out, 64);
  for (size_t i = 0; i < 64; ++i) EXPECT_NEAR(out[i], x[i], 3.0 / 15);
}

TEST(TensorType, KnownLayouts) {
  EXPECT_EQ(tensor_type_info(12)->block_bytes, 144u);  // Q4_K
  EXPECT_EQ(tensor_type_info(14)->block_bytes, 210u);  // Q6_K
  EXPECT_EQ(tensor_type_info(6)->block_bytes, 22u);    // Q5_0
  EXPECT_FALSE(tensor_type_info(4).has_value());       // removed from the format
  EXPECT_EQ(tensor_type_name(99), "type 99");
}

}  // namespace
}  // namespace lmz::llm

namespace lmz::llm {
namespace {

// Rows of F16 weights are converted by a table (dequantize_row) or by the
// F16C instruction (dequantize_row_fast, where the CPU has it): every one of
// the 65536 halves must come out as f16_to_f32 gives it, either way.
TEST(TensorType, EveryHalfConvertsAsTheScalarCode) {
  std::vector<uint8_t> halves(2 * 65536);
  for (uint32_t h = 0; h < 65536; ++h) {
    halves[2 * h] = static_cast<uint8_t>(h);
    halves[2 * h + 1] = static_cast<uint8_t>(h >> 8);
  }
  std::vector<float> table(65536), fast(65536);
  dequantize_row(TensorType::kF16, halves.data(), table.data(), table.size());
  dequantize_row_fast(TensorType::kF16, halves.data(), fast.data(), fast.size());
  size_t differ = 0;
  for (uint32_t h = 0; h < 65536; ++h) {
    const float want = f16_to_f32(static_cast<uint16_t>(h));
    differ += std::memcmp(&table[h], &want, 4) != 0;
    differ += std::memcmp(&fast[h], &want, 4) != 0;
  }
  EXPECT_EQ(differ, 0u);
}

}  // namespace
}  // namespace lmz::llm
