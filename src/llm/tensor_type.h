// GGML tensor element types: their block layouts as GGUF stores them, and
// dequantization to float exactly as the format defines it (scale times
// integer, one float multiply per element), so every engine that follows the
// format gets the same weights bit for bit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lmz::llm {

// The numeric ids are GGUF's.
enum class TensorType : uint32_t {
  kF32 = 0,
  kF16 = 1,
  kQ4_0 = 2,
  kQ4_1 = 3,
  kQ5_0 = 6,
  kQ5_1 = 7,
  kQ8_0 = 8,
  kQ8_1 = 9,
  kQ2_K = 10,
  kQ3_K = 11,
  kQ4_K = 12,
  kQ5_K = 13,
  kQ6_K = 14,
  kQ8_K = 15,
  kI8 = 24,
  kI16 = 25,
  kI32 = 26,
  kI64 = 27,
  kF64 = 28,
  kBF16 = 30,
};

struct TensorTypeInfo {
  const char* name;
  uint32_t block_elements;  // elements per block (1 for plain types)
  uint32_t block_bytes;     // bytes per block
  bool can_dequantize;      // the engine can turn it into floats
};

// Layout of a type id from a file; nullopt for ids this build does not know.
std::optional<TensorTypeInfo> tensor_type_info(uint32_t type_id);
std::string tensor_type_name(uint32_t type_id);

// Two little-endian bytes (a half, a block's scale) as they are stored.
inline uint16_t load_u16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] | (p[1] << 8));
}

// IEEE half to float (exact: every half is a float).
float f16_to_f32(uint16_t half);
uint16_t f32_to_f16(float value);  // round to nearest even; for writing test models

// A 32-element block of Q8_0, Q4_0, Q5_0, Q4_1 or Q5_1 as the format
// defines it: element i is w[i] * d, plus m for the types with a minimum
// (Q4_1, Q5_1; m is 0 for the others).
struct Block32 {
  int8_t w[32];
  float d;
  float m;
  bool has_min;
};
void read_block32(TensorType type, const uint8_t* block, Block32& out);

// Dequantizes `n_elements` (a whole number of blocks) from `blocks` into `out`.
// The type must have can_dequantize.
void dequantize_row(TensorType type, const uint8_t* blocks, float* out, uint64_t n_elements);

}  // namespace lmz::llm
