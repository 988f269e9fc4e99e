// Writes GGUF version 3 files: the small writer tests use to build random
// models and broken files on machines without ../shared.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.h"
#include "llm/tensor_type.h"

namespace lmz::llm {

class GgufWriter {
 public:
  explicit GgufWriter(uint32_t alignment = 32) : alignment_(alignment) {}

  void add_u32(const std::string& key, uint32_t value);
  // Any scalar type: `bits` holds the value's little-endian bytes.
  void add_scalar(const std::string& key, uint32_t gguf_type, uint64_t bits);
  void add_f32(const std::string& key, float value);
  void add_string(const std::string& key, const std::string& value);
  void add_string_array(const std::string& key, const std::vector<std::string>& values);
  void add_f32_array(const std::string& key, const std::vector<float>& values);
  void add_i32_array(const std::string& key, const std::vector<int32_t>& values);
  // `data` holds the tensor in `type`'s layout; dims[0] is the row length.
  void add_tensor(const std::string& name, std::vector<uint64_t> dims, TensorType type, Bytes data);
  void add_f32_tensor(const std::string& name, std::vector<uint64_t> dims, const std::vector<float>& values);

  Bytes finish() const;

 private:
  struct Tensor {
    std::string name;
    std::vector<uint64_t> dims;
    TensorType type;
    Bytes data;
  };
  void key(const std::string& key, uint32_t type);
  uint32_t alignment_;
  uint64_t n_kv_ = 0;
  Bytes kv_;
  std::vector<Tensor> tensors_;
};

}  // namespace lmz::llm
