// GGUF model files (versions 2 and 3, little-endian): metadata and tensor
// descriptions, read from bytes the caller keeps alive (usually a MappedFile).
//
//   magic "GGUF" | version u32 | n_tensors u64 | n_kv u64
//   kv * n_kv:        key string | value type u32 | value
//   tensor * n:       name string | n_dims u32 | dims u64 * n_dims | type u32 | offset u64
//   padding to the alignment (general.alignment, default 32) | tensor data
//
// A string is a u64 length and that many bytes. Every count, length, offset
// and size is checked against the bytes that remain before it is used, with
// overflow-safe arithmetic; errors name the field and, where there is one, the
// key or tensor.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.h"
#include "llm/tensor_type.h"
#include "lmz/status.h"

namespace lmz::llm {

enum class GgufValueType : uint32_t {
  kU8 = 0,
  kI8 = 1,
  kU16 = 2,
  kI16 = 3,
  kU32 = 4,
  kI32 = 5,
  kF32 = 6,
  kBool = 7,
  kString = 8,
  kArray = 9,
  kU64 = 10,
  kI64 = 11,
  kF64 = 12,
};

const char* gguf_value_type_name(GgufValueType type);

// One metadata value. Scalars are widened into the field of their kind;
// arrays keep their element type and count, with numeric elements as packed
// little-endian bytes and strings as views into the file.
struct GgufValue {
  GgufValueType type = GgufValueType::kU8;
  uint64_t u = 0;  // unsigned integers and bool
  int64_t i = 0;   // signed integers
  double f = 0.0;  // floats
  std::string_view str;
  GgufValueType element_type = GgufValueType::kU8;  // arrays
  uint64_t count = 0;
  ByteSpan packed;                        // numeric array elements
  std::vector<std::string_view> strings;  // string array elements
};

struct GgufTensor {
  std::string name;
  std::vector<uint64_t> dims;  // ne[0] first: the row length, as GGML counts
  uint32_t type_id = 0;
  uint64_t offset = 0;  // from the start of the data section
  uint64_t n_elements = 0;
  uint64_t n_bytes = 0;
  ByteSpan data;

  TensorType type() const { return static_cast<TensorType>(type_id); }
  uint64_t row_elements() const { return dims.empty() ? 1 : dims[0]; }
  uint64_t n_rows() const { return dims.empty() ? 1 : n_elements / dims[0]; }
};

class GgufFile {
 public:
  // Parses `bytes`; the returned object points into them.
  static Result<GgufFile> parse(ByteSpan bytes);

  uint32_t version() const { return version_; }
  uint32_t alignment() const { return alignment_; }
  const std::map<std::string, GgufValue, std::less<>>& metadata() const { return metadata_; }
  const std::vector<GgufTensor>& tensors() const { return tensors_; }

  const GgufValue* find(std::string_view key) const;
  const GgufTensor* find_tensor(std::string_view name) const;

  // Typed access with the key named in every error. Integer getters accept
  // any integer type whose value fits.
  Result<uint64_t> get_uint(std::string_view key) const;
  Result<uint64_t> get_uint_or(std::string_view key, uint64_t fallback) const;
  Result<double> get_float_or(std::string_view key, double fallback) const;
  Result<std::string_view> get_string(std::string_view key) const;
  // Array accessors check the element type and, when given, the count.
  Result<std::vector<std::string_view>> get_string_array(std::string_view key) const;
  Result<std::vector<float>> get_f32_array(std::string_view key, uint64_t count) const;
  Result<std::vector<int32_t>> get_i32_array(std::string_view key, uint64_t count) const;

 private:
  uint32_t version_ = 0;
  uint32_t alignment_ = 32;
  std::map<std::string, GgufValue, std::less<>> metadata_;
  std::vector<GgufTensor> tensors_;
  std::map<std::string, size_t, std::less<>> tensor_index_;
};

}  // namespace lmz::llm
