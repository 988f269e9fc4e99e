#include "llm/gguf_writer.h"

#include <bit>

#include "llm/gguf.h"

namespace lmz::llm {
namespace {

void put_string(ByteWriter& out, const std::string& s) {
  out.u64(s.size());
  out.bytes(ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}

}  // namespace

void GgufWriter::key(const std::string& name, uint32_t type) {
  ByteWriter out(kv_);
  put_string(out, name);
  out.u32(type);
  ++n_kv_;
}

void GgufWriter::add_u32(const std::string& name, uint32_t value) {
  key(name, static_cast<uint32_t>(GgufValueType::kU32));
  ByteWriter(kv_).u32(value);
}

void GgufWriter::add_scalar(const std::string& name, uint32_t gguf_type, uint64_t bits) {
  static constexpr int kBytes[] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
  key(name, gguf_type);
  const int n = gguf_type < 13 ? kBytes[gguf_type] : 0;
  for (int i = 0; i < n; ++i) kv_.push_back(static_cast<uint8_t>(bits >> (8 * i)));
}

void GgufWriter::add_f32(const std::string& name, float value) {
  key(name, static_cast<uint32_t>(GgufValueType::kF32));
  ByteWriter(kv_).u32(std::bit_cast<uint32_t>(value));
}

void GgufWriter::add_string(const std::string& name, const std::string& value) {
  key(name, static_cast<uint32_t>(GgufValueType::kString));
  ByteWriter out(kv_);
  put_string(out, value);
}

void GgufWriter::add_string_array(const std::string& name, const std::vector<std::string>& values) {
  key(name, static_cast<uint32_t>(GgufValueType::kArray));
  ByteWriter out(kv_);
  out.u32(static_cast<uint32_t>(GgufValueType::kString));
  out.u64(values.size());
  for (const std::string& v : values) put_string(out, v);
}

void GgufWriter::add_f32_array(const std::string& name, const std::vector<float>& values) {
  key(name, static_cast<uint32_t>(GgufValueType::kArray));
  ByteWriter out(kv_);
  out.u32(static_cast<uint32_t>(GgufValueType::kF32));
  out.u64(values.size());
  for (float v : values) out.u32(std::bit_cast<uint32_t>(v));
}

void GgufWriter::add_i32_array(const std::string& name, const std::vector<int32_t>& values) {
  key(name, static_cast<uint32_t>(GgufValueType::kArray));
  ByteWriter out(kv_);
  out.u32(static_cast<uint32_t>(GgufValueType::kI32));
  out.u64(values.size());
  for (int32_t v : values) out.u32(static_cast<uint32_t>(v));
}

void GgufWriter::add_tensor(const std::string& name, std::vector<uint64_t> dims, TensorType type, Bytes data) {
  tensors_.push_back({name, std::move(dims), type, std::move(data)});
}

void GgufWriter::add_f32_tensor(const std::string& name, std::vector<uint64_t> dims, const std::vector<float>& values) {
  Bytes data;
  ByteWriter out(data);
  for (float v : values) out.u32(std::bit_cast<uint32_t>(v));
  add_tensor(name, std::move(dims), TensorType::kF32, std::move(data));
}

Bytes GgufWriter::finish() const {
  Bytes file;
  ByteWriter out(file);
  out.u32(0x46554747);
  out.u32(3);
  out.u64(tensors_.size());
  out.u64(n_kv_ + (alignment_ != 32 ? 1 : 0));
  out.bytes(kv_);
  if (alignment_ != 32) {
    put_string(out, "general.alignment");
    out.u32(static_cast<uint32_t>(GgufValueType::kU32));
    out.u32(alignment_);
  }
  auto aligned = [&](uint64_t n) { return (n + alignment_ - 1) / alignment_ * alignment_; };
  uint64_t offset = 0;
  for (const Tensor& t : tensors_) {
    put_string(out, t.name);
    out.u32(static_cast<uint32_t>(t.dims.size()));
    for (uint64_t d : t.dims) out.u64(d);
    out.u32(static_cast<uint32_t>(t.type));
    out.u64(offset);
    offset = aligned(offset + t.data.size());
  }
  file.resize(aligned(file.size()), 0);
  for (const Tensor& t : tensors_) {
    out.bytes(t.data);
    file.resize(aligned(file.size()), 0);
  }
  return file;
}

}  // namespace lmz::llm
