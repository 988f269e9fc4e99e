#include "llm/tensor_type.h"

#include <bit>
#include <cstring>
#include <vector>

namespace lmz::llm {

std::optional<TensorTypeInfo> tensor_type_info(uint32_t type_id) {
  switch (static_cast<TensorType>(type_id)) {
    case TensorType::kF32:
      return TensorTypeInfo{"F32", 1, 4, true};
    case TensorType::kF16:
      return TensorTypeInfo{"F16", 1, 2, true};
    case TensorType::kQ4_0:
      return TensorTypeInfo{"Q4_0", 32, 18, true};
    case TensorType::kQ4_1:
      return TensorTypeInfo{"Q4_1", 32, 20, true};
    case TensorType::kQ5_0:
      return TensorTypeInfo{"Q5_0", 32, 22, true};
    case TensorType::kQ5_1:
      return TensorTypeInfo{"Q5_1", 32, 24, true};
    case TensorType::kQ8_0:
      return TensorTypeInfo{"Q8_0", 32, 34, true};
    case TensorType::kQ8_1:
      return TensorTypeInfo{"Q8_1", 32, 36, false};
    case TensorType::kQ2_K:
      return TensorTypeInfo{"Q2_K", 256, 84, false};
    case TensorType::kQ3_K:
      return TensorTypeInfo{"Q3_K", 256, 110, false};
    case TensorType::kQ4_K:
      return TensorTypeInfo{"Q4_K", 256, 144, true};
    case TensorType::kQ5_K:
      return TensorTypeInfo{"Q5_K", 256, 176, true};
    case TensorType::kQ6_K:
      return TensorTypeInfo{"Q6_K", 256, 210, true};
    case TensorType::kQ8_K:
      return TensorTypeInfo{"Q8_K", 256, 292, false};
    case TensorType::kI8:
      return TensorTypeInfo{"I8", 1, 1, false};
    case TensorType::kI16:
      return TensorTypeInfo{"I16", 1, 2, false};
    case TensorType::kI32:
      return TensorTypeInfo{"I32", 1, 4, false};
    case TensorType::kI64:
      return TensorTypeInfo{"I64", 1, 8, false};
    case TensorType::kF64:
      return TensorTypeInfo{"F64", 1, 8, false};
    case TensorType::kBF16:
      return TensorTypeInfo{"BF16", 1, 2, true};
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
    // Infinity, or NaN made quiet, as IEEE conversion (and the F16C
    // instruction) makes it.
    bits = sign | 0x7f800000 | (mantissa << 13) | (mantissa != 0 ? 0x400000u : 0u);
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

// Every half's float, computed once by f16_to_f32: a row of F16 weights is
// converted by lookups (the same values, without the branches).
const float* half_table() {
  static const std::vector<float> kTable = [] {
    std::vector<float> t(65536);
    for (uint32_t h = 0; h < 65536; ++h) t[h] = f16_to_f32(static_cast<uint16_t>(h));
    return t;
  }();
  return kTable.data();
}

// Q4_0 and Q4_1: 16 bytes of nibbles; element j < 16 is the low nibble of
// byte j, element j + 16 its high nibble; minus `bias`.
void read_nibbles(const uint8_t* qs, int bias, int8_t* w) {
  for (int j = 0; j < 16; ++j) {
    w[j] = static_cast<int8_t>((qs[j] & 0x0f) - bias);
    w[j + 16] = static_cast<int8_t>((qs[j] >> 4) - bias);
  }
}

// Q5_0 and Q5_1: 32 fifth bits qh (little-endian), then 16 bytes of nibbles
// as above; element j takes bit j of qh as its fifth bit; minus `bias`.
void read_five_bits(const uint8_t* qh, const uint8_t* qs, int bias, int8_t* w) {
  const uint32_t bits = static_cast<uint32_t>(qh[0]) | (static_cast<uint32_t>(qh[1]) << 8) |
                        (static_cast<uint32_t>(qh[2]) << 16) | (static_cast<uint32_t>(qh[3]) << 24);
  for (int j = 0; j < 16; ++j) {
    w[j] = static_cast<int8_t>(((qs[j] & 0x0f) | static_cast<int>(((bits >> j) & 1) << 4)) - bias);
    w[j + 16] = static_cast<int8_t>(((qs[j] >> 4) | static_cast<int>(((bits >> (j + 16)) & 1) << 4)) - bias);
  }
}

// Sub-block s (0..7) of a Q4_K or Q5_K block. Q4_K (144 bytes, 256
// elements in 8 sub-blocks of 32): half d and dmin, 12 bytes of 6-bit
// scales and minimums, 128 bytes of nibbles, each 32 bytes holding two
// sub-blocks (low nibbles for even s, high ones for odd s); x = (d * scale)
// * q - (dmin * min). Q5_K (176 bytes): as Q4_K, with 32 bytes of fifth bits
// qh between the scales and the nibbles, bit s of qh[l] for sub-block s.
void read_k4_sub_block(TensorType type, const uint8_t* block, int s, Block32& out) {
  const float d = f16_to_f32(load_u16(block));
  const float dmin = f16_to_f32(load_u16(block + 2));
  uint8_t sc = 0, m = 0;
  scale_min_k4(s, block + 4, sc, m);
  out.d = d * sc;
  out.m = -(dmin * m);
  out.has_min = true;
  const bool five = type == TensorType::kQ5_K;
  const uint8_t* qs = block + (five ? 48 : 16) + 32 * (s / 2);
  const int shift = 4 * (s % 2);
  for (int l = 0; l < 32; ++l) {
    int v = (qs[l] >> shift) & 0x0f;
    if (five && ((block[16 + l] >> s) & 1) != 0) v += 16;
    out.w[l] = static_cast<int8_t>(v);
  }
}

// Block j (0..7) of a Q6_K block (210 bytes: 128 bytes of low nibbles ql,
// 64 bytes of high bit pairs qh, 16 signed 8-bit scales, one per 16
// elements, half d last; x = (d * scale) * (q - 32)): element l of block
// j = 4h + k (h the half, k its quarter) combines the nibble of
// ql[64h + 32 (k % 2) + l] (high for k >= 2) with bits 2k..2k+1 of
// qh[32h + l]; its scales are sc[2j] and sc[2j + 1].
void read_q6_k_block(const uint8_t* block, int j, Block32& out) {
  const int h = j / 4, k = j % 4;
  const uint8_t* ql = block + 64 * h + 32 * (k % 2);
  const uint8_t* qh = block + 128 + 32 * h;
  const int shift = k >= 2 ? 4 : 0;
  for (int l = 0; l < 32; ++l) {
    out.w[l] = static_cast<int8_t>((((ql[l] >> shift) & 0x0f) | (((qh[l] >> (2 * k)) & 3) << 4)) - 32);
  }
  out.d = f16_to_f32(load_u16(block + 208));
  out.sc[0] = static_cast<int8_t>(block[192 + 2 * j]);
  out.sc[1] = static_cast<int8_t>(block[192 + 2 * j + 1]);
  out.has_scales = true;
}

}  // namespace

void read_block32(TensorType type, const uint8_t* row, size_t j, Block32& out) {
  out.m = 0.0f;
  out.sc[0] = out.sc[1] = 1;
  out.has_min = false;
  out.has_scales = false;
  switch (type) {
    case TensorType::kQ4_K:
    case TensorType::kQ5_K: {
      const size_t bytes = type == TensorType::kQ4_K ? 144 : 176;
      return read_k4_sub_block(type, row + bytes * (j / 8), static_cast<int>(j % 8), out);
    }
    case TensorType::kQ6_K:
      return read_q6_k_block(row + 210 * (j / 8), static_cast<int>(j % 8), out);
    default:
      break;
  }
  const uint8_t* block = row + j * tensor_type_info(static_cast<uint32_t>(type))->block_bytes;
  out.d = f16_to_f32(load_u16(block));
  out.has_min = type == TensorType::kQ4_1 || type == TensorType::kQ5_1;
  out.m = out.has_min ? f16_to_f32(load_u16(block + 2)) : 0.0f;
  switch (type) {
    case TensorType::kQ8_0:  // 34 bytes: d, 32 signed bytes
      std::memcpy(out.w, block + 2, 32);
      return;
    case TensorType::kQ4_0:  // 18 bytes: d, nibbles; q - 8
      return read_nibbles(block + 2, 8, out.w);
    case TensorType::kQ4_1:  // 20 bytes: d, m, nibbles
      return read_nibbles(block + 4, 0, out.w);
    case TensorType::kQ5_0:  // 22 bytes: d, qh, nibbles; q - 16
      return read_five_bits(block + 2, block + 6, 16, out.w);
    case TensorType::kQ5_1:  // 24 bytes: d, m, qh, nibbles
      return read_five_bits(block + 4, block + 8, 0, out.w);
    default:
      std::memset(out.w, 0, 32);
      return;
  }
}

void dequantize_row(TensorType type, const uint8_t* blocks, float* out, uint64_t n_elements) {
  switch (type) {
    case TensorType::kF32:
      std::memcpy(out, blocks, n_elements * 4);
      return;
    case TensorType::kF16: {
      const float* table = half_table();
      for (uint64_t i = 0; i < n_elements; ++i) out[i] = table[load_u16(blocks + 2 * i)];
      return;
    }
    case TensorType::kBF16:
      for (uint64_t i = 0; i < n_elements; ++i) {
        out[i] = std::bit_cast<float>(static_cast<uint32_t>(load_u16(blocks + 2 * i)) << 16);
      }
      return;
    case TensorType::kQ8_0:
    case TensorType::kQ5_0:
    case TensorType::kQ4_0:
    case TensorType::kQ4_1:
    case TensorType::kQ5_1:
    case TensorType::kQ4_K:
    case TensorType::kQ5_K:
    case TensorType::kQ6_K: {
      // x = w * d (Q6_K: w * (d * scale)), then plus the minimum.
      Block32 block;
      for (uint64_t b = 0; b < n_elements / 32; ++b) {
        read_block32(type, blocks, b, block);
        float* x = out + 32 * b;
        for (int i = 0; i < 32; ++i) x[i] = static_cast<float>(block.w[i]) * (block.d * block.sc[i / 16]);
        if (block.has_min) {
          for (int i = 0; i < 32; ++i) x[i] = x[i] + block.m;
        }
      }
      return;
    }
    default:
      return;  // callers check can_dequantize first
  }
}

}  // namespace lmz::llm
