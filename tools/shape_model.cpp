// lmz-shape-model: writes a llama model of a given shape with random F32
// weights and the tokenizer of a vocabulary file, for measuring speed on
// the shapes users run (bench/results.md) without their weights. Quantized
// copies are made from it by any GGUF quantizer.
//
//   lmz-shape-model VOCAB.gguf OUT.gguf [--dim N] [--layers N] [--heads N]
//                   [--kv-heads N] [--ffn N] [--ctx N] [--seed N]
//
// The defaults are SmolLM2-135M's shape (tied embeddings).
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include "core/file_io.h"
#include "core/mapped_file.h"
#include "core/splitmix.h"
#include "llm/gguf.h"
#include "llm/gguf_writer.h"

namespace {

using lmz::llm::GgufValue;
using lmz::llm::GgufValueType;

// Copies the vocabulary file's tokenizer.* metadata.
void copy_tokenizer(const lmz::llm::GgufFile& vocab, lmz::llm::GgufWriter& w) {
  for (const auto& [key, v] : vocab.metadata()) {
    if (key.rfind("tokenizer.", 0) != 0) continue;
    switch (v.type) {
      case GgufValueType::kString:
        w.add_string(key, std::string(v.str));
        break;
      case GgufValueType::kArray:
        if (v.element_type == GgufValueType::kString) {
          w.add_string_array(key, std::vector<std::string>(v.strings.begin(), v.strings.end()));
        } else if (v.element_type == GgufValueType::kF32) {
          std::vector<float> f(v.count);
          std::memcpy(f.data(), v.packed.data(), v.count * 4);
          w.add_f32_array(key, f);
        } else if (v.element_type == GgufValueType::kI32) {
          std::vector<int32_t> i(v.count);
          std::memcpy(i.data(), v.packed.data(), v.count * 4);
          w.add_i32_array(key, i);
        }
        break;
      case GgufValueType::kBool:
        w.add_scalar(key, static_cast<uint32_t>(v.type), v.u);
        break;
      case GgufValueType::kU32:
      case GgufValueType::kU64:
      case GgufValueType::kU8:
      case GgufValueType::kU16:
        w.add_scalar(key, static_cast<uint32_t>(v.type), v.u);
        break;
      case GgufValueType::kI32:
      case GgufValueType::kI64:
      case GgufValueType::kI8:
      case GgufValueType::kI16:
        w.add_scalar(key, static_cast<uint32_t>(v.type), static_cast<uint64_t>(v.i));
        break;
      default:
        break;
    }
  }
}

int usage() {
  std::fprintf(stderr,
               "usage: lmz-shape-model VOCAB.gguf OUT.gguf [--dim N] [--layers N] [--heads N] [--kv-heads N] "
               "[--ffn N] [--ctx N] [--seed N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  std::map<std::string, uint64_t> opt = {{"--dim", 576},  {"--layers", 30}, {"--heads", 9}, {"--kv-heads", 3},
                                         {"--ffn", 1536}, {"--ctx", 2048},  {"--seed", 1}};
  for (int i = 3; i < argc; i += 2) {
    if (i + 1 >= argc || opt.count(argv[i]) == 0) return usage();
    opt[argv[i]] = std::strtoull(argv[i + 1], nullptr, 10);
  }
  const uint64_t dim = opt["--dim"], n_layers = opt["--layers"], n_heads = opt["--heads"];
  const uint64_t n_kv = opt["--kv-heads"], ffn = opt["--ffn"];
  if (dim == 0 || n_heads == 0 || n_kv == 0 || dim % n_heads != 0 || n_heads % n_kv != 0 || ffn == 0) return usage();

  lmz::Result<lmz::MappedFile> mapped = lmz::MappedFile::open(argv[1]);
  if (!mapped.ok()) {
    std::fprintf(stderr, "lmz-shape-model: %s\n", mapped.status().message().c_str());
    return 1;
  }
  lmz::Result<lmz::llm::GgufFile> vocab = lmz::llm::GgufFile::parse(mapped->bytes());
  if (!vocab.ok()) {
    std::fprintf(stderr, "lmz-shape-model: %s\n", vocab.status().message().c_str());
    return 1;
  }
  lmz::Result<std::vector<std::string_view>> tokens = vocab->get_string_array("tokenizer.ggml.tokens");
  if (!tokens.ok()) {
    std::fprintf(stderr, "lmz-shape-model: %s\n", tokens.status().message().c_str());
    return 1;
  }
  const uint64_t n_vocab = tokens->size();

  lmz::llm::GgufWriter w;
  w.add_string("general.architecture", "llama");
  w.add_string("general.name", "random weights, " + std::to_string(dim) + "x" + std::to_string(n_layers));
  w.add_u32("llama.embedding_length", static_cast<uint32_t>(dim));
  w.add_u32("llama.block_count", static_cast<uint32_t>(n_layers));
  w.add_u32("llama.feed_forward_length", static_cast<uint32_t>(ffn));
  w.add_u32("llama.attention.head_count", static_cast<uint32_t>(n_heads));
  w.add_u32("llama.attention.head_count_kv", static_cast<uint32_t>(n_kv));
  w.add_u32("llama.context_length", static_cast<uint32_t>(opt["--ctx"]));
  w.add_u32("llama.rope.dimension_count", static_cast<uint32_t>(dim / n_heads));
  w.add_f32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
  copy_tokenizer(*vocab, w);

  lmz::SplitMix64 random(opt["--seed"]);
  auto uniform = [&random] { return random.uniform(); };
  auto matrix = [&](const std::string& name, uint64_t cols, uint64_t rows) {
    std::vector<float> v(cols * rows);
    const float scale = 1.5f / std::sqrt(static_cast<float>(cols));
    for (float& x : v) x = uniform() * scale;
    w.add_f32_tensor(name, {cols, rows}, v);
  };
  auto norm = [&](const std::string& name) {
    std::vector<float> v(dim);
    for (float& x : v) x = 1.0f + 0.2f * uniform();
    w.add_f32_tensor(name, {dim}, v);
  };
  const uint64_t hd = dim / n_heads;
  matrix("token_embd.weight", dim, n_vocab);
  norm("output_norm.weight");
  for (uint64_t l = 0; l < n_layers; ++l) {
    const std::string b = "blk." + std::to_string(l) + ".";
    norm(b + "attn_norm.weight");
    matrix(b + "attn_q.weight", dim, n_heads * hd);
    matrix(b + "attn_k.weight", dim, n_kv * hd);
    matrix(b + "attn_v.weight", dim, n_kv * hd);
    matrix(b + "attn_output.weight", n_heads * hd, dim);
    norm(b + "ffn_norm.weight");
    matrix(b + "ffn_gate.weight", dim, ffn);
    matrix(b + "ffn_up.weight", dim, ffn);
    matrix(b + "ffn_down.weight", ffn, dim);
  }
  const lmz::Bytes file = w.finish();
  const lmz::Status written = lmz::write_file(argv[2], file);
  if (!written.ok()) {
    std::fprintf(stderr, "lmz-shape-model: %s\n", written.message().c_str());
    return 1;
  }
  return 0;
}
