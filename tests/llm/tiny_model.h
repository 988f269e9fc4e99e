// Tiny random llama models built with the project's GGUF writer, so the
// engine and codec tests run without ../shared.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/splitmix.h"
#include "llm/gguf_writer.h"
#include "llm/llama_model.h"

namespace lmz::test {

struct TinyModelSpec {
  uint32_t dim = 32;
  uint32_t n_layers = 2;
  uint32_t n_heads = 4;
  uint32_t n_kv_heads = 2;
  uint32_t ffn_dim = 64;
  uint32_t context_length = 32;
  bool byte_tokens = true;   // the 256 <0xXX> tokens
  bool quantized = false;    // Q8_0 attention, Q5_0 feed-forward, F16 embedding
  bool tied_output = false;  // no output.weight
  uint64_t seed = 1;
  // A byte-level BPE vocabulary with this pre-tokenizer (tokenizer.ggml.pre)
  // instead of SentencePiece; empty for SentencePiece.
  std::string bpe_pre;
};

// The smallest useful model (one layer, width 8): for fuzzers and seeds,
// where the forward pass should cost next to nothing.
inline TinyModelSpec smallest_model_spec() {
  TinyModelSpec spec;
  spec.dim = 8;
  spec.n_heads = 2;
  spec.n_kv_heads = 1;
  spec.ffn_dim = 16;
  spec.n_layers = 1;
  return spec;
}

// GPT-2's printable stand-in of a byte, as UTF-8.
inline std::string byte_stand_in(uint8_t b) {
  uint32_t next = 256, cp = 0;
  for (uint32_t x = 0; x < 256; ++x) {
    const bool prints = (x >= 33 && x <= 126) || (x >= 161 && x <= 172) || (x >= 174 && x <= 255);
    const uint32_t c = prints ? x : next++;
    if (x == b) cp = c;
  }
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else {
    s += static_cast<char>(0xc0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3f));
  }
  return s;
}

// A byte-level BPE vocabulary: the 256 byte stand-ins, then words built by
// merges of a prefix and one more byte; tokens, types and merges.
struct TinyBpeVocab {
  std::vector<std::string> tokens;
  std::vector<int32_t> kinds;
  std::vector<std::string> merges;
};

inline TinyBpeVocab tiny_bpe_vocab() {
  TinyBpeVocab v;
  v.tokens = {"<|endoftext|>"};
  v.kinds = {3};
  for (int b = 0; b < 256; ++b) {
    v.tokens.push_back(byte_stand_in(static_cast<uint8_t>(b)));
    v.kinds.push_back(1);
  }
  auto has = [&](const std::string& t) {
    for (const std::string& x : v.tokens) {
      if (x == t) return true;
    }
    return false;
  };
  for (const char* word :
       {" the", " and", "ing", " is", " it", " on", "he", "in", "er", " a", " w", " t", "  ", "10"}) {
    std::string built = byte_stand_in(static_cast<uint8_t>(word[0]));
    for (const char* c = word + 1; *c != '\0'; ++c) {
      const std::string next = byte_stand_in(static_cast<uint8_t>(*c));
      if (!has(built + next)) {
        v.merges.push_back(built + " " + next);
        v.tokens.push_back(built + next);
        v.kinds.push_back(1);
      }
      built += next;
    }
  }
  return v;
}

inline std::vector<std::string> tiny_vocab_pieces() {
  const std::string space = "\xe2\x96\x81";
  std::vector<std::string> pieces = {space};
  for (char c = 'a'; c <= 'z'; ++c) pieces.push_back(std::string(1, c));
  for (char c = 'A'; c <= 'Z'; ++c) pieces.push_back(std::string(1, c));
  for (const char* p : {".", ",", "!", "?", "'", "\"", "0", "1", "2", "3"}) pieces.push_back(p);
  for (const char* w : {"th", "he", "in", "er", "an", "the", "and", "ing", "ed", "is", "it", "on", "at"}) {
    pieces.push_back(w);
    pieces.push_back(space + w);
  }
  pieces.push_back(space + "t");
  pieces.push_back(space + "a");
  pieces.push_back(space + "s");
  pieces.push_back(space + "w");
  pieces.push_back(space + space);
  return pieces;
}

inline Bytes q8_0_blocks(const std::vector<float>& x) {
  Bytes out;
  for (size_t b = 0; b < x.size() / 32; ++b) {
    float amax = 0;
    for (int j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(x[b * 32 + j]));
    const float d = amax / 127.0f;
    const uint16_t dh = llm::f32_to_f16(d);
    const float dq = llm::f16_to_f32(dh);
    out.push_back(static_cast<uint8_t>(dh));
    out.push_back(static_cast<uint8_t>(dh >> 8));
    for (int j = 0; j < 32; ++j) {
      const long q = dq == 0 ? 0 : std::lround(x[b * 32 + j] / dq);
      out.push_back(static_cast<uint8_t>(static_cast<int8_t>(std::clamp(q, -127L, 127L))));
    }
  }
  return out;
}

inline Bytes q5_0_blocks(const std::vector<float>& x) {
  Bytes out;
  for (size_t b = 0; b < x.size() / 32; ++b) {
    float amax = 0;
    for (int j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(x[b * 32 + j]));
    const uint16_t dh = llm::f32_to_f16(amax / 15.0f);
    const float dq = llm::f16_to_f32(dh);
    uint8_t q[32];
    for (int j = 0; j < 32; ++j)
      q[j] = static_cast<uint8_t>(std::clamp(dq == 0 ? 16L : std::lround(x[b * 32 + j] / dq) + 16, 0L, 31L));
    uint32_t qh = 0;
    for (int j = 0; j < 32; ++j) qh |= static_cast<uint32_t>(q[j] >> 4) << j;
    out.push_back(static_cast<uint8_t>(dh));
    out.push_back(static_cast<uint8_t>(dh >> 8));
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<uint8_t>(qh >> (8 * k)));
    for (int j = 0; j < 16; ++j) out.push_back(static_cast<uint8_t>((q[j] & 15) | ((q[j + 16] & 15) << 4)));
  }
  return out;
}

inline Bytes f16_values(const std::vector<float>& x) {
  Bytes out;
  for (float v : x) {
    const uint16_t h = llm::f32_to_f16(v);
    out.push_back(static_cast<uint8_t>(h));
    out.push_back(static_cast<uint8_t>(h >> 8));
  }
  return out;
}

// The GGUF bytes of a random model with a SentencePiece-style vocabulary
// (or a byte-level BPE one, given spec.bpe_pre).
inline Bytes tiny_model_gguf(const TinyModelSpec& spec = {}) {
  std::vector<std::string> tokens = {"<unk>", "<s>", "</s>"};
  std::vector<int32_t> kinds = {2, 3, 3};
  std::vector<float> scores = {0, 0, 0};
  TinyBpeVocab bpe;
  if (!spec.bpe_pre.empty()) {
    bpe = tiny_bpe_vocab();
    tokens = bpe.tokens;
    kinds = bpe.kinds;
    scores.clear();
  } else if (spec.byte_tokens) {
    for (int b = 0; b < 256; ++b) {
      char name[8];
      std::snprintf(name, sizeof name, "<0x%02X>", b);
      tokens.push_back(name);
      kinds.push_back(6);
      scores.push_back(0);
    }
  }
  for (const std::string& p : spec.bpe_pre.empty() ? tiny_vocab_pieces() : std::vector<std::string>{}) {
    tokens.push_back(p);
    kinds.push_back(1);
    scores.push_back(-static_cast<float>(tokens.size()) / 100.0f + static_cast<float>(p.size()));
  }
  const uint64_t n_vocab = tokens.size();

  llm::GgufWriter w;
  w.add_string("general.architecture", "llama");
  w.add_u32("llama.embedding_length", spec.dim);
  w.add_u32("llama.block_count", spec.n_layers);
  w.add_u32("llama.feed_forward_length", spec.ffn_dim);
  w.add_u32("llama.attention.head_count", spec.n_heads);
  w.add_u32("llama.attention.head_count_kv", spec.n_kv_heads);
  w.add_u32("llama.context_length", spec.context_length);
  w.add_f32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
  if (spec.bpe_pre.empty()) {
    w.add_string("tokenizer.ggml.model", "llama");
    w.add_string_array("tokenizer.ggml.tokens", tokens);
    w.add_f32_array("tokenizer.ggml.scores", scores);
    w.add_i32_array("tokenizer.ggml.token_type", kinds);
    w.add_u32("tokenizer.ggml.bos_token_id", 1);
    w.add_u32("tokenizer.ggml.eos_token_id", 2);
  } else {
    w.add_string("tokenizer.ggml.model", "gpt2");
    w.add_string("tokenizer.ggml.pre", spec.bpe_pre);
    w.add_string_array("tokenizer.ggml.tokens", tokens);
    w.add_i32_array("tokenizer.ggml.token_type", kinds);
    w.add_string_array("tokenizer.ggml.merges", bpe.merges);
    w.add_u32("tokenizer.ggml.bos_token_id", 0);
    w.add_u32("tokenizer.ggml.eos_token_id", 0);
  }

  // splitmix64 to floats in [-1, 1): the same values from every compiler and
  // standard library, so golden archives of these models hold everywhere.
  SplitMix64 random(spec.seed);
  auto uniform = [&random] { return random.uniform(); };
  auto values = [&](uint64_t n, float scale) {
    std::vector<float> v(n);
    for (float& x : v) x = uniform() * scale;
    return v;
  };
  enum class Kind { kEmbedding, kAttention, kFeedForward };
  auto matrix = [&](const std::string& name, uint64_t cols, uint64_t rows, Kind kind) {
    const std::vector<float> v = values(cols * rows, 1.5f / std::sqrt(static_cast<float>(cols)));
    if (!spec.quantized) {
      w.add_f32_tensor(name, {cols, rows}, v);
    } else if (kind == Kind::kEmbedding) {
      w.add_tensor(name, {cols, rows}, llm::TensorType::kF16, f16_values(v));
    } else if (kind == Kind::kAttention) {
      w.add_tensor(name, {cols, rows}, llm::TensorType::kQ8_0, q8_0_blocks(v));
    } else {
      w.add_tensor(name, {cols, rows}, llm::TensorType::kQ5_0, q5_0_blocks(v));
    }
  };
  auto norm = [&](const std::string& name) {
    std::vector<float> v = values(spec.dim, 0.2f);
    for (float& x : v) x += 1.0f;
    w.add_f32_tensor(name, {spec.dim}, v);
  };
  const uint32_t hd = spec.dim / spec.n_heads;
  matrix("token_embd.weight", spec.dim, n_vocab, Kind::kEmbedding);
  norm("output_norm.weight");
  if (!spec.tied_output) matrix("output.weight", spec.dim, n_vocab, Kind::kEmbedding);
  for (uint32_t l = 0; l < spec.n_layers; ++l) {
    const std::string b = "blk." + std::to_string(l) + ".";
    norm(b + "attn_norm.weight");
    matrix(b + "attn_q.weight", spec.dim, spec.n_heads * hd, Kind::kAttention);
    matrix(b + "attn_k.weight", spec.dim, spec.n_kv_heads * hd, Kind::kAttention);
    matrix(b + "attn_v.weight", spec.dim, spec.n_kv_heads * hd, Kind::kAttention);
    matrix(b + "attn_output.weight", spec.n_heads * hd, spec.dim, Kind::kAttention);
    norm(b + "ffn_norm.weight");
    matrix(b + "ffn_gate.weight", spec.dim, spec.ffn_dim, Kind::kFeedForward);
    matrix(b + "ffn_up.weight", spec.dim, spec.ffn_dim, Kind::kFeedForward);
    matrix(b + "ffn_down.weight", spec.ffn_dim, spec.dim, Kind::kFeedForward);
  }
  return w.finish();
}

inline std::shared_ptr<const llm::LlamaModel> tiny_model(const TinyModelSpec& spec = {}) {
  Result<std::unique_ptr<llm::LlamaModel>> model = llm::LlamaModel::from_bytes(tiny_model_gguf(spec), "tiny.gguf");
  if (!model.ok()) return nullptr;
  return std::move(*model);
}

}  // namespace lmz::test
