#include "llm/gguf.h"

#include <bit>
#include <cstring>
#include <limits>

namespace lmz::llm {
namespace {

constexpr uint32_t kGgufMagic = 0x46554747;  // "GGUF" read as a little-endian u32
constexpr uint64_t kMaxKeyBytes = 65535;
constexpr uint32_t kMaxDims = 4;
constexpr int kMaxArrayDepth = 3;

Status corrupt(std::string message) {
  return make_error(ErrorCode::kCorrupt, "GGUF: " + std::move(message));
}
Status truncated(const std::string& field) {
  return make_error(ErrorCode::kTruncated, "GGUF: file ends inside " + field);
}

// Byte size of a scalar value type; 0 for strings and arrays.
uint64_t scalar_bytes(GgufValueType type) {
  switch (type) {
    case GgufValueType::kU8:
    case GgufValueType::kI8:
    case GgufValueType::kBool:
      return 1;
    case GgufValueType::kU16:
    case GgufValueType::kI16:
      return 2;
    case GgufValueType::kU32:
    case GgufValueType::kI32:
    case GgufValueType::kF32:
      return 4;
    case GgufValueType::kU64:
    case GgufValueType::kI64:
    case GgufValueType::kF64:
      return 8;
    default:
      return 0;
  }
}

bool valid_value_type(uint32_t type) {
  return type <= static_cast<uint32_t>(GgufValueType::kF64);
}

class Parser {
 public:
  explicit Parser(ByteSpan bytes) : reader_(bytes) {}

  Status u32(uint32_t& v, const std::string& field) { return reader_.u32(v) ? Status() : truncated(field); }
  Status u64(uint64_t& v, const std::string& field) { return reader_.u64(v) ? Status() : truncated(field); }

  Status string(std::string_view& out, const std::string& field, uint64_t max_bytes) {
    uint64_t length = 0;
    LMZ_RETURN_IF_ERROR(u64(length, field + " length"));
    if (length > reader_.remaining()) return truncated(field + " (length " + std::to_string(length) + ")");
    if (length > max_bytes) return corrupt(field + " is " + std::to_string(length) + " bytes, more than allowed");
    ByteSpan bytes;
    reader_.bytes(length, bytes);
    out = std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return Status::success();
  }

  Status scalar(GgufValueType type, GgufValue& value, const std::string& field) {
    const uint64_t n = scalar_bytes(type);
    ByteSpan bytes;
    if (!reader_.bytes(n, bytes)) return truncated(field);
    const uint64_t raw = load_le(bytes.data(), static_cast<int>(n));
    switch (type) {
      case GgufValueType::kU8:
      case GgufValueType::kU16:
      case GgufValueType::kU32:
      case GgufValueType::kU64:
        value.u = raw;
        break;
      case GgufValueType::kBool:
        if (raw > 1) return corrupt(field + ": bool value " + std::to_string(raw));
        value.u = raw;
        break;
      case GgufValueType::kI8:
        value.i = static_cast<int8_t>(raw);
        break;
      case GgufValueType::kI16:
        value.i = static_cast<int16_t>(raw);
        break;
      case GgufValueType::kI32:
        value.i = static_cast<int32_t>(raw);
        break;
      case GgufValueType::kI64:
        value.i = static_cast<int64_t>(raw);
        break;
      case GgufValueType::kF32:
        value.f = std::bit_cast<float>(static_cast<uint32_t>(raw));
        break;
      case GgufValueType::kF64:
        value.f = std::bit_cast<double>(raw);
        break;
      default:
        return corrupt(field + ": not a scalar type");
    }
    return Status::success();
  }

  Status value(GgufValueType type, GgufValue& out, const std::string& field, int depth) {
    out.type = type;
    if (type == GgufValueType::kString) return string(out.str, field, std::numeric_limits<uint64_t>::max());
    if (type != GgufValueType::kArray) return scalar(type, out, field);
    if (depth >= kMaxArrayDepth) return corrupt(field + ": arrays nested too deep");
    uint32_t element_type = 0;
    LMZ_RETURN_IF_ERROR(u32(element_type, field + " element type"));
    if (!valid_value_type(element_type)) {
      return corrupt(field + ": unknown array element type " + std::to_string(element_type));
    }
    out.element_type = static_cast<GgufValueType>(element_type);
    LMZ_RETURN_IF_ERROR(u64(out.count, field + " count"));
    const uint64_t element_bytes = scalar_bytes(out.element_type);
    if (element_bytes > 0) {
      if (out.count > reader_.remaining() / element_bytes) {
        return truncated(field + " (" + std::to_string(out.count) + " elements)");
      }
      reader_.bytes(out.count * element_bytes, out.packed);
      return Status::success();
    }
    // Strings and nested arrays take at least 8 bytes each.
    if (out.count > reader_.remaining() / 8) return truncated(field + " (" + std::to_string(out.count) + " elements)");
    if (out.element_type == GgufValueType::kString) {
      out.strings.resize(out.count);
      for (uint64_t k = 0; k < out.count; ++k) {
        LMZ_RETURN_IF_ERROR(
            string(out.strings[k], field + "[" + std::to_string(k) + "]", std::numeric_limits<uint64_t>::max()));
      }
      return Status::success();
    }
    for (uint64_t k = 0; k < out.count; ++k) {
      GgufValue nested;  // parsed for validation, not kept
      LMZ_RETURN_IF_ERROR(value(GgufValueType::kArray, nested, field + "[" + std::to_string(k) + "]", depth + 1));
    }
    return Status::success();
  }

  ByteReader& reader() { return reader_; }

 private:
  ByteReader reader_;
};

bool is_integer(GgufValueType type) {
  switch (type) {
    case GgufValueType::kU8:
    case GgufValueType::kI8:
    case GgufValueType::kU16:
    case GgufValueType::kI16:
    case GgufValueType::kU32:
    case GgufValueType::kI32:
    case GgufValueType::kU64:
    case GgufValueType::kI64:
      return true;
    default:
      return false;
  }
}

bool is_signed(GgufValueType type) {
  return type == GgufValueType::kI8 || type == GgufValueType::kI16 || type == GgufValueType::kI32 ||
         type == GgufValueType::kI64;
}

Status parse_tensor_info(Parser& parser, uint64_t index, GgufTensor& tensor) {
  const std::string field = "tensor " + std::to_string(index);
  std::string_view name;
  LMZ_RETURN_IF_ERROR(parser.string(name, field + " name", kMaxKeyBytes));
  tensor.name = std::string(name);
  const std::string where = "tensor '" + tensor.name + "'";
  uint32_t n_dims = 0;
  LMZ_RETURN_IF_ERROR(parser.u32(n_dims, where + " dimension count"));
  if (n_dims == 0 || n_dims > kMaxDims) {
    return corrupt(where + ": " + std::to_string(n_dims) + " dimensions (1 to 4 allowed)");
  }
  tensor.dims.resize(n_dims);
  uint64_t n_elements = 1;
  for (uint32_t d = 0; d < n_dims; ++d) {
    LMZ_RETURN_IF_ERROR(parser.u64(tensor.dims[d], where + " dimension " + std::to_string(d)));
    const uint64_t ne = tensor.dims[d];
    if (ne == 0 || ne > (uint64_t{1} << 62) || n_elements > (uint64_t{1} << 62) / ne) {
      return corrupt(where + ": dimension " + std::to_string(d) + " is " + std::to_string(ne) +
                     " (zero, or the element count overflows)");
    }
    n_elements *= ne;
  }
  tensor.n_elements = n_elements;
  LMZ_RETURN_IF_ERROR(parser.u32(tensor.type_id, where + " type"));
  const std::optional<TensorTypeInfo> info = tensor_type_info(tensor.type_id);
  if (!info) return corrupt(where + ": unknown tensor type " + std::to_string(tensor.type_id));
  if (tensor.dims[0] % info->block_elements != 0) {
    return corrupt(where + ": row of " + std::to_string(tensor.dims[0]) + " elements is not a whole number of " +
                   info->name + " blocks of " + std::to_string(info->block_elements));
  }
  tensor.n_bytes = n_elements / info->block_elements * info->block_bytes;
  LMZ_RETURN_IF_ERROR(parser.u64(tensor.offset, where + " offset"));
  return Status::success();
}

}  // namespace

const char* gguf_value_type_name(GgufValueType type) {
  static const char* const kNames[] = {"u8",   "i8",     "u16",   "i16", "u32", "i32", "f32",
                                       "bool", "string", "array", "u64", "i64", "f64"};
  const auto index = static_cast<uint32_t>(type);
  return index < std::size(kNames) ? kNames[index] : "unknown";
}

Result<GgufFile> GgufFile::parse(ByteSpan bytes) {
  Parser parser(bytes);
  GgufFile file;
  uint32_t magic = 0;
  if (!parser.reader().u32(magic)) return truncated("the magic");
  if (magic != kGgufMagic) return make_error(ErrorCode::kBadMagic, "not a GGUF file (bad magic)");
  LMZ_RETURN_IF_ERROR(parser.u32(file.version_, "the version"));
  if (file.version_ != 2 && file.version_ != 3) {
    return make_error(ErrorCode::kUnsupportedVersion, "GGUF version " + std::to_string(file.version_) +
                                                          " is not supported (versions 2 and 3, little-endian, are)");
  }
  uint64_t n_tensors = 0;
  uint64_t n_kv = 0;
  LMZ_RETURN_IF_ERROR(parser.u64(n_tensors, "the tensor count"));
  LMZ_RETURN_IF_ERROR(parser.u64(n_kv, "the metadata count"));
  // Each entry takes at least 13 bytes, each tensor description at least 28.
  if (n_kv > parser.reader().remaining() / 13) {
    return corrupt("metadata count " + std::to_string(n_kv) + " exceeds what the file can hold");
  }
  if (n_tensors > parser.reader().remaining() / 28) {
    return corrupt("tensor count " + std::to_string(n_tensors) + " exceeds what the file can hold");
  }

  for (uint64_t k = 0; k < n_kv; ++k) {
    std::string_view key;
    LMZ_RETURN_IF_ERROR(parser.string(key, "metadata key " + std::to_string(k), kMaxKeyBytes));
    const std::string field = "metadata '" + std::string(key) + "'";
    uint32_t type = 0;
    LMZ_RETURN_IF_ERROR(parser.u32(type, field + " type"));
    if (!valid_value_type(type)) return corrupt(field + ": unknown value type " + std::to_string(type));
    GgufValue value;
    LMZ_RETURN_IF_ERROR(parser.value(static_cast<GgufValueType>(type), value, field, 0));
    if (!file.metadata_.emplace(std::string(key), std::move(value)).second) {
      return corrupt("metadata key '" + std::string(key) + "' appears twice");
    }
  }

  if (const GgufValue* align = file.find("general.alignment")) {
    if (align->type != GgufValueType::kU32) return corrupt("general.alignment is not a u32");
    if (align->u == 0 || !std::has_single_bit(align->u)) {
      return corrupt("general.alignment " + std::to_string(align->u) + " is not a power of two");
    }
    file.alignment_ = static_cast<uint32_t>(align->u);
  }

  file.tensors_.resize(n_tensors);
  for (uint64_t t = 0; t < n_tensors; ++t) {
    LMZ_RETURN_IF_ERROR(parse_tensor_info(parser, t, file.tensors_[t]));
    if (!file.tensor_index_.emplace(file.tensors_[t].name, t).second) {
      return corrupt("tensor '" + file.tensors_[t].name + "' appears twice");
    }
  }

  // The data section starts at the next multiple of the alignment.
  const uint64_t header_end = parser.reader().position();
  const uint64_t data_start = (header_end + file.alignment_ - 1) / file.alignment_ * file.alignment_;
  if (n_tensors > 0 && data_start > bytes.size()) return truncated("the padding before the tensor data");
  const uint64_t data_bytes = n_tensors > 0 ? bytes.size() - data_start : 0;
  for (GgufTensor& tensor : file.tensors_) {
    const std::string where = "tensor '" + tensor.name + "'";
    if (tensor.offset % file.alignment_ != 0) {
      return corrupt(where + ": offset " + std::to_string(tensor.offset) + " is not a multiple of the alignment " +
                     std::to_string(file.alignment_));
    }
    if (tensor.offset > data_bytes || tensor.n_bytes > data_bytes - tensor.offset) {
      return make_error(ErrorCode::kTruncated, "GGUF: " + where + ": data (offset " + std::to_string(tensor.offset) +
                                                   ", " + std::to_string(tensor.n_bytes) +
                                                   " bytes) lies beyond the end of the file");
    }
    tensor.data = bytes.subspan(data_start + tensor.offset, tensor.n_bytes);
  }
  return file;
}

const GgufValue* GgufFile::find(std::string_view key) const {
  const auto it = metadata_.find(key);
  return it == metadata_.end() ? nullptr : &it->second;
}

const GgufTensor* GgufFile::find_tensor(std::string_view name) const {
  const auto it = tensor_index_.find(name);
  return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}

Result<uint64_t> GgufFile::get_uint(std::string_view key) const {
  const GgufValue* value = find(key);
  if (value == nullptr) return corrupt("metadata '" + std::string(key) + "' is missing");
  if (!is_integer(value->type)) {
    return corrupt("metadata '" + std::string(key) + "' is a " + gguf_value_type_name(value->type) +
                   ", not an integer");
  }
  if (is_signed(value->type)) {
    if (value->i < 0) return corrupt("metadata '" + std::string(key) + "' is negative");
    return static_cast<uint64_t>(value->i);
  }
  return value->u;
}

Result<uint64_t> GgufFile::get_uint_or(std::string_view key, uint64_t fallback) const {
  return find(key) == nullptr ? Result<uint64_t>(fallback) : get_uint(key);
}

Result<double> GgufFile::get_float_or(std::string_view key, double fallback) const {
  const GgufValue* value = find(key);
  if (value == nullptr) return fallback;
  if (value->type == GgufValueType::kF32 || value->type == GgufValueType::kF64) return value->f;
  return corrupt("metadata '" + std::string(key) + "' is a " + gguf_value_type_name(value->type) + ", not a float");
}

Result<std::string_view> GgufFile::get_string(std::string_view key) const {
  const GgufValue* value = find(key);
  if (value == nullptr) return corrupt("metadata '" + std::string(key) + "' is missing");
  if (value->type != GgufValueType::kString) return corrupt("metadata '" + std::string(key) + "' is not a string");
  return value->str;
}

Result<std::vector<std::string_view>> GgufFile::get_string_array(std::string_view key) const {
  const GgufValue* value = find(key);
  if (value == nullptr) return corrupt("metadata '" + std::string(key) + "' is missing");
  if (value->type != GgufValueType::kArray || value->element_type != GgufValueType::kString) {
    return corrupt("metadata '" + std::string(key) + "' is not an array of strings");
  }
  return value->strings;
}

Result<std::vector<float>> GgufFile::get_f32_array(std::string_view key, uint64_t count) const {
  const GgufValue* value = find(key);
  if (value == nullptr) return corrupt("metadata '" + std::string(key) + "' is missing");
  if (value->type != GgufValueType::kArray || value->element_type != GgufValueType::kF32) {
    return corrupt("metadata '" + std::string(key) + "' is not an array of f32");
  }
  if (value->count != count) {
    return corrupt("metadata '" + std::string(key) + "' has " + std::to_string(value->count) + " elements, expected " +
                   std::to_string(count));
  }
  std::vector<float> out(count);
  for (uint64_t k = 0; k < count; ++k) {
    out[k] = std::bit_cast<float>(static_cast<uint32_t>(load_le(value->packed.data() + 4 * k, 4)));
  }
  return out;
}

Result<std::vector<int32_t>> GgufFile::get_i32_array(std::string_view key, uint64_t count) const {
  const GgufValue* value = find(key);
  if (value == nullptr) return corrupt("metadata '" + std::string(key) + "' is missing");
  if (value->type != GgufValueType::kArray ||
      (value->element_type != GgufValueType::kI32 && value->element_type != GgufValueType::kU32)) {
    return corrupt("metadata '" + std::string(key) + "' is not an array of 32-bit integers");
  }
  if (value->count != count) {
    return corrupt("metadata '" + std::string(key) + "' has " + std::to_string(value->count) + " elements, expected " +
                   std::to_string(count));
  }
  std::vector<int32_t> out(count);
  for (uint64_t k = 0; k < count; ++k) {
    out[k] = static_cast<int32_t>(load_le(value->packed.data() + 4 * k, 4));
  }
  return out;
}

}  // namespace lmz::llm
