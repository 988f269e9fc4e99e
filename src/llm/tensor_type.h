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

// Block j (32 elements) of a row of Q8_0, Q4_0, Q5_0, Q4_1, Q5_1, Q4_K,
// Q5_K or Q6_K as the format defines it: element i is w[i] * d, plus m for
// the types with a minimum (Q4_1, Q5_1, Q4_K, Q5_K; m is 0 for the others),
// times sc[i / 16] for Q6_K (whose 16-element sub-blocks have their own
// scale; 1 for the others). For Q4_K and Q5_K, a sub-block of a 256-element
// block: d is the block's d times the sub-block's 6-bit scale and m minus
// dmin times its 6-bit minimum (both exact in a float); for Q6_K, d is the
// block's d.
struct Block32 {
  int8_t w[32];
  float d;
  float m;
  int8_t sc[2];
  bool has_min;
  bool has_scales;  // Q6_K
};
void read_block32(TensorType type, const uint8_t* row, size_t j, Block32& out);

// The 6-bit scale and minimum of sub-block j (0..7) of a Q4_K or Q5_K block,
// from its 12 bytes of packed scales q: sub-blocks 0-3 in the low 6 bits of
// bytes j and j + 4; 4-7 in the nibbles of bytes j + 4 with their top two
// bits in the top bits of bytes j - 4 and j.
inline void scale_min_k4(int j, const uint8_t* q, uint8_t& scale, uint8_t& min) {
  if (j < 4) {
    scale = q[j] & 63;
    min = q[j + 4] & 63;
  } else {
    scale = static_cast<uint8_t>((q[j + 4] & 0x0f) | ((q[j - 4] >> 6) << 4));
    min = static_cast<uint8_t>((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
  }
}

// Dequantizes `n_elements` (a whole number of blocks) from `blocks` into `out`.
// The type must have can_dequantize.
void dequantize_row(TensorType type, const uint8_t* blocks, float* out, uint64_t n_elements);

}  // namespace lmz::llm
