// A llama-family model read from GGUF: hyperparameters from the metadata,
// weights left in the mapped file in their stored type and turned into floats
// row by row as the forward pass needs them.
//
// Architectures (`general.architecture`): llama, phi3, qwen2 and qwen3, as
// architecture.h describes them; fused matrices are read as views of row
// ranges of one tensor.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.h"
#include "core/mapped_file.h"
#include "core/sha256.h"
#include "llm/architecture.h"
#include "llm/gguf.h"
#include "llm/tokenizer.h"
#include "lmz/status.h"

namespace lmz::llm {

struct LlamaConfig {
  ArchitectureTraits traits = *find_architecture("llama");
  bool rope_neox = false;  // rotate (x[i], x[i + n_rot/2]) rather than adjacent pairs
  uint32_t n_vocab = 0;
  uint32_t dim = 0;  // embedding width
  uint32_t n_layers = 0;
  uint32_t n_heads = 0;
  uint32_t n_kv_heads = 0;  // grouped-query attention: n_heads / n_kv_heads query heads share one
  uint32_t head_dim = 0;    // dim / n_heads, or attention.key_length (qwen3)
  uint32_t ffn_dim = 0;
  uint32_t n_rot = 0;           // leading dimensions of each head that RoPE rotates
  uint32_t context_length = 0;  // as the file declares it
  float rms_eps = 1e-5f;
  double rope_base = 10000.0;
};

// A weight matrix of `rows` outputs by `cols` inputs (GGML: ne0 = cols):
// the tensor's rows [first_row, first_row + rows), so that one part of a
// fused tensor is a matrix of its own.
struct Matrix {
  const GgufTensor* tensor = nullptr;
  uint32_t rows = 0;
  uint32_t cols = 0;
  uint32_t first_row = 0;
  uint64_t row_bytes = 0;  // one row's bytes in the stored type
  // Writes row r as floats into out[cols].
  void row(uint32_t r, float* out) const;
  // Row r in place when the matrix is stored as F32, else nullptr.
  const float* f32_row(uint32_t r) const;
  // Row r's bytes as stored, in type().
  const uint8_t* stored_row(uint32_t r) const { return tensor->data.data() + (uint64_t{first_row} + r) * row_bytes; }
  TensorType type() const { return tensor->type(); }
};

struct LlamaLayer {
  std::vector<float> attn_norm;   // (dim)
  Matrix wq;                      // (n_heads * head_dim, dim)
  Matrix wk;                      // (n_kv_heads * head_dim, dim)
  Matrix wv;                      // (n_kv_heads * head_dim, dim)
  std::vector<float> bq, bk, bv;  // (n_heads * head_dim), (kv_dim), (kv_dim): qwen2's biases, else empty
  std::vector<float> q_norm;      // (head_dim): qwen3's per-head RMS norm weights, else empty
  std::vector<float> k_norm;      // (head_dim)
  Matrix wo;                      // (dim, n_heads * head_dim)
  std::vector<float> ffn_norm;    // (dim)
  Matrix w_gate;                  // (ffn_dim, dim)
  Matrix w_up;                    // (ffn_dim, dim)
  Matrix w_down;                  // (dim, ffn_dim)
};

class LlamaModel {
 public:
  static Result<std::unique_ptr<LlamaModel>> load(const std::string& path);
  // For tests: a model held in memory (the writer's output).
  static Result<std::unique_ptr<LlamaModel>> from_bytes(Bytes file, std::string name);

  const LlamaConfig& config() const { return config_; }
  const Tokenizer& tokenizer() const { return *tokenizer_; }
  const GgufFile& gguf() const { return gguf_; }
  const std::string& name() const { return name_; }
  // The file's name without its folder ("model.gguf"), as reports and archives name it.
  std::string file_name() const;
  // SHA-256 of the whole file, computed on first use (or taken from the
  // digest cache, core/digest_cache.h, for a file that has not changed).
  const Sha256Digest& file_sha256() const;
  // Type names of the weights, e.g. "F32" or "Q8_0 Q5_0 F16 F32".
  std::string weight_types() const;
  // The elements of every tensor in the file.
  uint64_t parameter_count() const;
  // "llama" or "phi3", as the file names it.
  const char* architecture_name() const;

  const Matrix& token_embedding() const { return token_embd_; }  // (n_vocab, dim)
  const Matrix& output() const { return output_; }               // (n_vocab, dim), maybe the embedding
  const std::vector<float>& output_norm() const { return output_norm_; }
  // Llama 3.1/3.2 rotary scaling: pair i's frequency is divided by
  // rope_factors()[i]; empty when the file has no rope_freqs tensor.
  const std::vector<float>& rope_factors() const { return rope_factors_; }
  const std::vector<LlamaLayer>& layers() const { return layers_; }

 private:
  LlamaModel() = default;
  static Result<std::unique_ptr<LlamaModel>> build(std::unique_ptr<LlamaModel> model, ByteSpan bytes);
  Status read_config();
  Status read_weights();

  std::optional<MappedFile> mapped_;
  Bytes owned_;
  ByteSpan bytes_;
  std::string name_;
  GgufFile gguf_;
  LlamaConfig config_;
  std::unique_ptr<Tokenizer> tokenizer_;
  Matrix token_embd_;
  Matrix output_;
  std::vector<float> output_norm_;
  std::vector<float> rope_factors_;  // (n_rot / 2) or empty
  std::vector<LlamaLayer> layers_;
  std::string weight_types_;
  mutable std::optional<Sha256Digest> sha256_;
  mutable std::mutex sha_mutex_;
};

}  // namespace lmz::llm
