#include "llm/tensor_type.h"

#include <bit>
#include <cstring>

namespace lmz::llm {

std::optional<TensorTypeInfo> tensor_type_info(uint32_t type_id) {
  switch (static_cast<TensorType>(type_id)) {
    case TensorType::kF32: return TensorTypeInfo{"F32", 1, 4, true};
    case TensorType::kF16: return TensorTypeInfo{"F16", 1, 2, true};
    case TensorType::kQ4_0: return TensorTypeInfo{"Q4_0", 32, 18, false};
    case TensorType::kQ4_1: return TensorTypeInfo{"Q4_1", 32, 20, false};
    case TensorType::kQ5_0: return TensorTypeInfo{"Q5_0", 32, 22, true};
    case TensorType::kQ5_1: return TensorTypeInfo{"Q5_1", 32, 24, false};
    case TensorType::kQ8_0: return TensorTypeInfo{"Q8_0", 32, 34, true};
    case TensorType::kQ8_1: return TensorTypeInfo{"Q8_1", 32, 36, false};
    case TensorType::kQ2_K: return TensorTypeInfo{"Q2_K", 256, 84, false};
    case TensorType::kQ3_K: return TensorTypeInfo{"Q3_K", 256, 110, false};
    case TensorType::kQ4_K: return TensorTypeInfo{"Q4_K", 256, 144, false};
    case TensorType::kQ5_K: return TensorTypeInfo{"Q5_K", 256, 176, false};
    case TensorType::kQ6_K: return TensorTypeInfo{"Q6_K", 256, 210, false};
    case TensorType::kQ8_K: return TensorTypeInfo{"Q8_K", 256, 292, false};
    case TensorType::kI8: return TensorTypeInfo{"I8", 1, 1, false};
    case TensorType::kI16: return TensorTypeInfo{"I16", 1, 2, false};
    case TensorType::kI32: return TensorTypeInfo{"I32", 1, 4, false};
    case TensorType::kI64: return TensorTypeInfo{"I64", 1, 8, false};
    case TensorType::kF64: return TensorTypeInfo{"F64", 1, 8, false};
    case TensorType::kBF16: return TensorTypeInfo{"BF16", 1, 2, true};
  }
  return std::nullopt;
}

std::string tensor_type_name(uint32_t type_id) {
  const std::optional<TensorTypeInfo> info = tensor_type_info(type_id);
  return info ? info->name : "type " + std::to_string(type_id);
}

float f16_to_f32(uint16_t half) {
  const uint32_t sign = static_cast<uint32_t>(half & 0x8000) << 16;
  const uint32_t exponent = (half >> 10) & 0x1f;
  uint32_t mantissa = half & 0x3ff;
  uint32_t bits;
  if (exponent == 0x1f) {
    bits = sign | 0x7f800000 | (mantissa << 13);  // infinity or NaN
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else {
    // Subnormal half: normalise into a float exponent.
    int shift = 0;
    while ((mantissa & 0x400) == 0) {
      mantissa <<= 1;
      ++shift;
    }
    bits = sign | ((113 - shift) << 23) | ((mantissa & 0x3ff) << 13);
  }
  return std::bit_cast<float>(bits);
}

uint16_t f32_to_f16(float value) {
  const uint32_t bits = std::bit_cast<uint32_t>(value);
  const uint32_t sign = (bits >> 16) & 0x8000;
  const int32_t exponent = static_cast<int32_t>((bits >> 23) & 0xff) - 127 + 15;
  uint32_t mantissa = bits & 0x7fffff;
  if (((bits >> 23) & 0xff) == 0xff) return static_cast<uint16_t>(sign | 0x7c00 | (mantissa ? 0x200 : 0));
  if (exponent >= 31) return static_cast<uint16_t>(sign | 0x7c00);
  if (exponent <= 0) {
    if (exponent < -10) return static_cast<uint16_t>(sign);
    mantissa |= 0x800000;
    const int shift = 14 - exponent;
    uint32_t half = mantissa >> shift;
    const uint32_t rest = mantissa & ((1u << shift) - 1);
    const uint32_t halfway = 1u << (shift - 1);
    if (rest > halfway || (rest == halfway && (half & 1))) ++half;
    return static_cast<uint16_t>(sign | half);
  }
  uint32_t half = (static_cast<uint32_t>(exponent) << 10) | (mantissa >> 13);
  const uint32_t rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1))) ++half;  // may carry into infinity, as it should
  return static_cast<uint16_t>(sign | half);
}

namespace {

uint16_t load_u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }

// Q8_0 block (34 bytes): half scale d, then 32 signed bytes; x = q * d.
void dequantize_q8_0(const uint8_t* block, float* out) {
  const float d = f16_to_f32(load_u16(block));
  for (int j = 0; j < 32; ++j) out[j] = static_cast<float>(static_cast<int8_t>(block[2 + j])) * d;
}

// Q5_0 block (22 bytes): half scale d, 32 high bits qh, 16 bytes of low
// nibbles. Element j < 16 takes the low nibble of byte j and bit j of qh;
// element j + 16 the high nibble and bit j + 16. x = (q - 16) * d.
void dequantize_q5_0(const uint8_t* block, float* out) {
  const float d = f16_to_f32(load_u16(block));
  const uint32_t qh = static_cast<uint32_t>(block[2]) | (static_cast<uint32_t>(block[3]) << 8) |
                      (static_cast<uint32_t>(block[4]) << 16) | (static_cast<uint32_t>(block[5]) << 24);
  const uint8_t* qs = block + 6;
  for (int j = 0; j < 16; ++j) {
    const int low = (qs[j] & 0x0f) | static_cast<int>(((qh >> j) & 1) << 4);
    const int high = (qs[j] >> 4) | static_cast<int>(((qh >> (j + 16)) & 1) << 4);
    out[j] = static_cast<float>(low - 16) * d;
    out[j + 16] = static_cast<float>(high - 16) * d;
  }
}

}  // namespace

void dequantize_row(TensorType type, const uint8_t* blocks, float* out, uint64_t n_elements) {
  switch (type) {
    case TensorType::kF32:
      std::memcpy(out, blocks, n_elements * 4);
      return;
    case TensorType::kF16:
      for (uint64_t i = 0; i < n_elements; ++i) out[i] = f16_to_f32(load_u16(blocks + 2 * i));
      return;
    case TensorType::kBF16:
      for (uint64_t i = 0; i < n_elements; ++i) {
        out[i] = std::bit_cast<float>(static_cast<uint32_t>(load_u16(blocks + 2 * i)) << 16);
      }
      return;
    case TensorType::kQ8_0:
      for (uint64_t b = 0; b < n_elements / 32; ++b) dequantize_q8_0(blocks + 34 * b, out + 32 * b);
      return;
    case TensorType::kQ5_0:
      for (uint64_t b = 0; b < n_elements / 32; ++b) dequantize_q5_0(blocks + 22 * b, out + 32 * b);
      return;
    default:
      return;  // callers check can_dequantize first
  }
}

}  // namespace lmz::llm
