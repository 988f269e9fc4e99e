// The architectures lmz evaluates, as the traits that tell their graphs
// apart. They share one forward pass (llama_session.cpp): a llama block of
// RMSNorm, grouped-query attention with rotary embeddings and a SwiGLU
// feed-forward, to which each trait adds or changes one step.
//
// | architecture | rotary pairs       | q, k, v                     | gate, up | other                       |
// |--------------|--------------------|-----------------------------|----------|-----------------------------|
// | llama        | adjacent (2i, 2i+1)| separate                    | separate | rope_freqs factors (3.1/3.2)|
// | phi3         | NEOX (i, i + d/2)  | fused attn_qkv (rows q,k,v) | fused    | own output matrix           |
// | qwen2        | NEOX               | separate, with biases       | separate |                             |
// | qwen3        | NEOX               | separate; per-head RMS norm of q and k before RoPE | separate | head dim from
// key_length |
#pragma once

#include <string_view>

namespace lmz::llm {

enum class Architecture { kLlama, kPhi3, kQwen2, kQwen3 };

struct ArchitectureTraits {
  Architecture arch;
  const char* name;        // general.architecture, and the prefix of its keys
  bool rope_neox;          // rotate (x[i], x[i + n_rot/2]) rather than adjacent pairs
  bool fused_qkv;          // one attn_qkv matrix, rows q, k, v
  bool fused_gate_up;      // ffn_up holds gate's rows, then up's
  bool qkv_bias;           // attn_q/k/v.bias vectors added after the projections
  bool qk_norm;            // attn_q_norm / attn_k_norm: RMS norm per head before RoPE
  bool head_dim_from_key;  // attention.key_length gives the head dimension
};

// The traits of an architecture name, or null when lmz does not evaluate it.
const ArchitectureTraits* find_architecture(std::string_view name);
// "llama, phi3, qwen2, qwen3", for messages.
const char* supported_architectures();

}  // namespace lmz::llm
