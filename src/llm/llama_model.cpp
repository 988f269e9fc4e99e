#include "llm/llama_model.h"

#include <filesystem>
#include <set>

#include "core/digest_cache.h"
#include "llm/quant_kernels.h"

namespace lmz::llm {
namespace {

Status refuse(std::string message) {
  return make_error(ErrorCode::kUnsupportedModel, std::move(message));
}
Status bad(std::string message) {
  return make_error(ErrorCode::kCorrupt, "GGUF: " + std::move(message));
}

Result<uint32_t> get_u32(const GgufFile& file, const std::string& key, std::optional<uint32_t> fallback) {
  LMZ_ASSIGN_OR_RETURN(uint64_t value, fallback ? file.get_uint_or(key, *fallback) : file.get_uint(key));
  if (value > 0xffffffffu) return bad("metadata '" + key + "' is too large");
  return static_cast<uint32_t>(value);
}

}  // namespace

void Matrix::row(uint32_t r, float* out) const {
  dequantize_row_fast(tensor->type(), stored_row(r), out, cols);
}

const float* Matrix::f32_row(uint32_t r) const {
  if (tensor->type() != TensorType::kF32) return nullptr;
  return reinterpret_cast<const float*>(tensor->data.data()) + (uint64_t{first_row} + r) * cols;
}

std::string LlamaModel::file_name() const {
  return std::filesystem::path(name_).filename().string();
}

uint64_t LlamaModel::parameter_count() const {
  uint64_t n = 0;
  for (const GgufTensor& t : gguf_.tensors()) n += t.n_elements;
  return n;
}

const char* LlamaModel::architecture_name() const {
  return config_.traits.name;
}

Result<std::unique_ptr<LlamaModel>> LlamaModel::load(const std::string& path) {
  LMZ_ASSIGN_OR_RETURN(MappedFile mapped, MappedFile::open(path, FileLoading::kAuto));
  auto model = std::unique_ptr<LlamaModel>(new LlamaModel());
  model->mapped_.emplace(std::move(mapped));
  model->name_ = path;
  const ByteSpan bytes = model->mapped_->bytes();
  return build(std::move(model), bytes);
}

Result<std::unique_ptr<LlamaModel>> LlamaModel::from_bytes(Bytes file, std::string name) {
  auto model = std::unique_ptr<LlamaModel>(new LlamaModel());
  model->owned_ = std::move(file);
  model->name_ = std::move(name);
  const ByteSpan bytes = model->owned_;
  return build(std::move(model), bytes);
}

Result<std::unique_ptr<LlamaModel>> LlamaModel::build(std::unique_ptr<LlamaModel> model, ByteSpan bytes) {
  model->bytes_ = bytes;
  Result<GgufFile> gguf = GgufFile::parse(bytes);
  if (!gguf.ok()) return Status(gguf.status().code(), model->name_ + ": " + gguf.status().message());
  model->gguf_ = std::move(*gguf);
  auto named = [&](const Status& s) { return Status(s.code(), model->name_ + ": " + s.message()); };
  if (Status s = model->read_config(); !s.ok()) return named(s);
  Result<std::unique_ptr<Tokenizer>> tokenizer = load_tokenizer(model->gguf_);
  if (!tokenizer.ok()) return named(tokenizer.status());
  model->tokenizer_ = std::move(*tokenizer);
  if (Status s = model->read_weights(); !s.ok()) return named(s);
  if (static_cast<uint32_t>(model->tokenizer_->n_vocab()) != model->config_.n_vocab) {
    return named(bad("the vocabulary has " + std::to_string(model->tokenizer_->n_vocab()) +
                     " tokens but the embedding has " + std::to_string(model->config_.n_vocab) + " rows"));
  }
  return model;
}

Status LlamaModel::read_config() {
  LMZ_ASSIGN_OR_RETURN(std::string_view arch, gguf_.get_string("general.architecture"));
  LlamaConfig& c = config_;
  const ArchitectureTraits* traits = find_architecture(arch);
  if (traits == nullptr) {
    return refuse("architecture '" + std::string(arch) + "' is not supported (lmz evaluates " +
                  supported_architectures() + ")");
  }
  c.traits = *traits;
  c.rope_neox = traits->rope_neox;
  const std::string p = std::string(arch) + ".";
  Result<uint32_t> v = get_u32(gguf_, p + "embedding_length", std::nullopt);
  if (!v.ok()) return v.status();
  c.dim = *v;
  if (!(v = get_u32(gguf_, p + "block_count", std::nullopt)).ok()) return v.status();
  c.n_layers = *v;
  if (!(v = get_u32(gguf_, p + "feed_forward_length", std::nullopt)).ok()) return v.status();
  c.ffn_dim = *v;
  if (!(v = get_u32(gguf_, p + "attention.head_count", std::nullopt)).ok()) return v.status();
  c.n_heads = *v;
  if (!(v = get_u32(gguf_, p + "attention.head_count_kv", c.n_heads)).ok()) return v.status();
  c.n_kv_heads = *v;
  if (!(v = get_u32(gguf_, p + "context_length", 2048)).ok()) return v.status();
  c.context_length = *v;
  c.head_dim = c.n_heads != 0 ? c.dim / c.n_heads : 0;
  if (c.traits.head_dim_from_key && gguf_.find(p + "attention.key_length") != nullptr) {
    if (!(v = get_u32(gguf_, p + "attention.key_length", std::nullopt)).ok()) return v.status();
    c.head_dim = *v;
    LMZ_ASSIGN_OR_RETURN(uint32_t value_length, get_u32(gguf_, p + "attention.value_length", c.head_dim));
    if (value_length != c.head_dim) return refuse("attention.value_length differs from key_length");
  } else if (c.n_heads != 0 && c.dim % c.n_heads != 0) {
    c.head_dim = 0;
  }
  if (c.dim == 0 || c.n_layers == 0 || c.ffn_dim == 0 || c.n_heads == 0 || c.n_kv_heads == 0 || c.head_dim == 0 ||
      c.head_dim > 4096 || c.n_heads > 4096 || c.n_heads % c.n_kv_heads != 0 || c.dim > (1u << 16) ||
      c.ffn_dim > (1u << 18) || c.n_layers > 1024) {
    return bad("inconsistent hyperparameters (embedding " + std::to_string(c.dim) + ", heads " +
               std::to_string(c.n_heads) + "/" + std::to_string(c.n_kv_heads) + ", layers " +
               std::to_string(c.n_layers) + ", feed-forward " + std::to_string(c.ffn_dim) + ")");
  }
  if (!(v = get_u32(gguf_, p + "rope.dimension_count", c.head_dim)).ok()) return v.status();
  c.n_rot = *v;
  if (c.n_rot == 0 || c.n_rot > c.head_dim || c.n_rot % 2 != 0) {
    return bad("rope.dimension_count " + std::to_string(c.n_rot) + " does not fit a head of " +
               std::to_string(c.head_dim));
  }
  Result<double> f = gguf_.get_float_or(p + "attention.layer_norm_rms_epsilon", 1e-5);
  if (!f.ok()) return f.status();
  c.rms_eps = static_cast<float>(*f);
  if (!(f = gguf_.get_float_or(p + "rope.freq_base", 10000.0)).ok()) return f.status();
  c.rope_base = *f;
  if (!(c.rms_eps >= 0.0f) || !(c.rope_base > 1.0)) return bad("rms epsilon or rope base out of range");
  if (const GgufValue* scaling = gguf_.find(p + "rope.scaling.type");
      scaling != nullptr && scaling->type == GgufValueType::kString && scaling->str != "none") {
    return refuse("rope scaling '" + std::string(scaling->str) + "' is not supported");
  }
  for (const char* factors : {"rope_factors_long.weight", "rope_factors_short.weight"}) {
    if (gguf_.find_tensor(factors) != nullptr) {
      return refuse(std::string("LongRoPE scaling factors ('") + factors + "', as Phi-3.5 uses) are not supported yet");
    }
  }
  return Status::success();
}

Status LlamaModel::read_weights() {
  const LlamaConfig& c = config_;
  std::set<std::string> types;
  auto matrix = [&](const std::string& name, uint64_t cols, uint64_t rows, Matrix& out, bool required) -> Status {
    const GgufTensor* t = gguf_.find_tensor(name);
    if (t == nullptr) return required ? bad("tensor '" + name + "' is missing") : Status::success();
    if (t->dims.size() != 2 || t->dims[0] != cols || t->dims[1] != rows) {
      std::string shape;
      for (uint64_t d : t->dims) shape += (shape.empty() ? "" : " x ") + std::to_string(d);
      return bad("tensor '" + name + "' has shape " + shape + ", expected " + std::to_string(cols) + " x " +
                 std::to_string(rows));
    }
    if (!tensor_type_info(t->type_id)->can_dequantize) {
      return refuse(
          "tensor '" + name + "' has type " + tensor_type_name(t->type_id) +
          ", which lmz cannot evaluate yet (F32, F16, BF16, Q8_0, Q5_0, Q5_1, Q4_0, Q4_1, Q4_K, Q5_K and Q6_K are)");
    }
    types.insert(tensor_type_name(t->type_id));
    const TensorTypeInfo info = *tensor_type_info(t->type_id);
    out = Matrix{t, static_cast<uint32_t>(rows), static_cast<uint32_t>(cols), 0,
                 cols / info.block_elements * info.block_bytes};
    return Status::success();
  };
  // Rows [first, first + rows) of a fused matrix as a matrix of their own.
  auto part = [](const Matrix& whole, uint64_t first, uint64_t rows) {
    return Matrix{whole.tensor, static_cast<uint32_t>(rows), whole.cols, static_cast<uint32_t>(first), whole.row_bytes};
  };
  auto vector_of = [&](const std::string& name, uint64_t n, std::vector<float>& out, bool required) -> Status {
    const GgufTensor* t = gguf_.find_tensor(name);
    if (t == nullptr) return required ? bad("tensor '" + name + "' is missing") : Status::success();
    if (t->dims.size() != 1 || t->dims[0] != n)
      return bad("tensor '" + name + "' is not a vector of " + std::to_string(n));
    if (!tensor_type_info(t->type_id)->can_dequantize)
      return refuse("tensor '" + name + "' has type " + tensor_type_name(t->type_id));
    types.insert(tensor_type_name(t->type_id));
    out.resize(n);
    dequantize_row(t->type(), t->data.data(), out.data(), n);
    return Status::success();
  };
  auto vector = [&](const std::string& name, std::vector<float>& out) { return vector_of(name, c.dim, out, true); };

  const GgufTensor* embd = gguf_.find_tensor("token_embd.weight");
  if (embd == nullptr || embd->dims.size() != 2) return bad("tensor 'token_embd.weight' is missing or not a matrix");
  if (embd->dims[1] == 0 || embd->dims[1] > (1u << 24)) return bad("token_embd.weight has an absurd vocabulary size");
  config_.n_vocab = static_cast<uint32_t>(embd->dims[1]);
  LMZ_RETURN_IF_ERROR(matrix("token_embd.weight", c.dim, c.n_vocab, token_embd_, true));
  LMZ_RETURN_IF_ERROR(vector("output_norm.weight", output_norm_));
  LMZ_RETURN_IF_ERROR(matrix("output.weight", c.dim, c.n_vocab, output_, false));
  if (output_.tensor == nullptr) output_ = token_embd_;  // tied embeddings
  LMZ_RETURN_IF_ERROR(vector_of("rope_freqs.weight", c.n_rot / 2, rope_factors_, false));
  for (float f : rope_factors_) {
    if (!(f > 0.0f)) return bad("rope_freqs.weight holds a factor that is not positive");
  }

  const uint64_t q_dim = uint64_t{c.n_heads} * c.head_dim;
  const uint64_t kv_dim = uint64_t{c.n_kv_heads} * c.head_dim;
  layers_.resize(c.n_layers);
  for (uint32_t l = 0; l < c.n_layers; ++l) {
    const std::string b = "blk." + std::to_string(l) + ".";
    LlamaLayer& layer = layers_[l];
    LMZ_RETURN_IF_ERROR(vector(b + "attn_norm.weight", layer.attn_norm));
    if (c.traits.fused_qkv) {
      Matrix qkv;
      LMZ_RETURN_IF_ERROR(matrix(b + "attn_qkv.weight", c.dim, q_dim + 2 * kv_dim, qkv, true));
      layer.wq = part(qkv, 0, q_dim);
      layer.wk = part(qkv, q_dim, kv_dim);
      layer.wv = part(qkv, q_dim + kv_dim, kv_dim);
    } else {
      LMZ_RETURN_IF_ERROR(matrix(b + "attn_q.weight", c.dim, q_dim, layer.wq, true));
      LMZ_RETURN_IF_ERROR(matrix(b + "attn_k.weight", c.dim, kv_dim, layer.wk, true));
      LMZ_RETURN_IF_ERROR(matrix(b + "attn_v.weight", c.dim, kv_dim, layer.wv, true));
    }
    if (c.traits.fused_gate_up) {
      Matrix gate_up;
      LMZ_RETURN_IF_ERROR(matrix(b + "ffn_up.weight", c.dim, 2 * uint64_t{c.ffn_dim}, gate_up, true));
      layer.w_gate = part(gate_up, 0, c.ffn_dim);
      layer.w_up = part(gate_up, c.ffn_dim, c.ffn_dim);
    } else {
      LMZ_RETURN_IF_ERROR(matrix(b + "ffn_gate.weight", c.dim, c.ffn_dim, layer.w_gate, true));
      LMZ_RETURN_IF_ERROR(matrix(b + "ffn_up.weight", c.dim, c.ffn_dim, layer.w_up, true));
    }
    if (c.traits.qkv_bias) {
      LMZ_RETURN_IF_ERROR(vector_of(b + "attn_q.bias", q_dim, layer.bq, true));
      LMZ_RETURN_IF_ERROR(vector_of(b + "attn_k.bias", kv_dim, layer.bk, true));
      LMZ_RETURN_IF_ERROR(vector_of(b + "attn_v.bias", kv_dim, layer.bv, true));
    }
    if (c.traits.qk_norm) {
      LMZ_RETURN_IF_ERROR(vector_of(b + "attn_q_norm.weight", c.head_dim, layer.q_norm, true));
      LMZ_RETURN_IF_ERROR(vector_of(b + "attn_k_norm.weight", c.head_dim, layer.k_norm, true));
    }
    LMZ_RETURN_IF_ERROR(matrix(b + "attn_output.weight", q_dim, c.dim, layer.wo, true));
    LMZ_RETURN_IF_ERROR(vector(b + "ffn_norm.weight", layer.ffn_norm));
    LMZ_RETURN_IF_ERROR(matrix(b + "ffn_down.weight", c.ffn_dim, c.dim, layer.w_down, true));
  }
  std::string joined;
  for (const std::string& t : types) joined += (joined.empty() ? "" : " ") + t;
  weight_types_ = joined;
  return Status::success();
}

const Sha256Digest& LlamaModel::file_sha256() const {
  std::lock_guard<std::mutex> lock(sha_mutex_);
  if (sha256_) return *sha256_;
  // A mapped file's digest may be known by its identity (core/digest_cache.h).
  if (mapped_) sha256_ = cached_sha256(mapped_->identity());
  if (!sha256_) {
    sha256_ = sha256(bytes_);
    if (mapped_) remember_sha256(mapped_->path(), mapped_->identity(), *sha256_);
  }
  return *sha256_;
}

std::string LlamaModel::weight_types() const {
  return weight_types_;
}

}  // namespace lmz::llm
