// The forward pass of a llama model with its key/value cache.
//
// eval() runs any number of new positions in one call (a batch) and gives the
// logits of each; the arithmetic per output element is the same whichever way
// positions are grouped, so the logits of a position are bit-identical
// whether it was evaluated alone, in a batch, or after a cache rebuild, and
// whatever the thread count: threads split the output rows of each matrix
// product and the heads of attention, never a sum.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <vector>

#include "core/worker_team.h"
#include "llm/int8_kernels.h"
#include "llm/llama_model.h"
#include "lmz/status.h"

namespace lmz::llm {

// Positions per evaluation when every position's logits are taken (scoring,
// compression): the session's own batch, 256, whatever the vocabulary, since
// LlamaSession::eval_visit() hands the logits over a group at a time.
size_t scoring_batch(uint32_t n_vocab);

// The arithmetic that computes what Activations::kInt8 does for this model
// with the fewest 8-bit products: kInt8 if a matrix is k-quantized, else
// kInt8Blocks32 if one is of 32-element blocks, else kFloat (all three the
// same for it). Archives record this one, so a model without k-quants makes
// the archives older readers read.
Activations int8_activations(const LlamaModel& model);

class LlamaSession {
 public:
  // `n_ctx`: positions the cache holds (0 = the file's context length).
  // `threads`: threads that share each evaluation (the caller's included).
  // `activations`: the arithmetic of the products with block-quantized
  // weights (llm/int8_kernels.h); archives record which they were made with.
  LlamaSession(const LlamaModel& model, uint32_t n_ctx, int threads = 1, Activations activations = Activations::kInt8);

  uint32_t n_ctx() const { return n_ctx_; }
  uint32_t n_past() const { return n_past_; }
  void clear() { n_past_ = 0; }

  // Appends `tokens` at positions n_past().. and writes their logits to
  // `logits`: n_vocab floats per position when `all_logits`, else only the
  // last position's. Fails when the tokens do not fit the context or an id
  // is outside the vocabulary.
  Status eval(std::span<const int32_t> tokens, std::vector<float>& logits, bool all_logits);
  // The same, with the logits of tokens [first_logit, size) only (none when
  // first_logit is the size): a prefix that only fills the cache and the
  // positions to score go through the weights together.
  Status eval_from(std::span<const int32_t> tokens, size_t first_logit, std::vector<float>& logits);
  // The same, handing the logits of tokens [first_logit, size) to
  // visit(i, logits of token i) in order, kLogitGroup positions' at a time:
  // the logits of a whole batch are never in memory together (32 MB for a
  // 32,000-token vocabulary and 256 positions). The logits are those
  // eval_from() gives.
  using LogitVisitor = std::function<void(size_t, const float*)>;
  static constexpr uint32_t kLogitGroup = 16;
  Status eval_visit(std::span<const int32_t> tokens, size_t first_logit, const LogitVisitor& visit);

  // Slides the window: drops the cached positions [keep, keep + drop), moves
  // the later ones down by `drop` and turns their keys back by `drop`
  // positions (each rotary pair by -drop * freq, in float, element by
  // element), so evaluation goes on at n_past() - drop without evaluating
  // anything again. The same calls give the same cache, whatever the batches
  // and threads before them. Requires keep + drop <= n_past().
  void shift(uint32_t keep, uint32_t drop);

 private:
  // Makes room in the cache for positions [0, needed).
  void reserve_positions(uint32_t needed);
  // Checks the tokens and makes room for them.
  Status admit(std::span<const int32_t> tokens);
  // Logits for positions [first_logit, n) of the batch: into `logits` when
  // it is not null, else to visit(position in the batch, logits) a group at
  // a time. None when first_logit >= n.
  void eval_batch(const int32_t* tokens, uint32_t n, uint32_t first_logit, float* logits,
                  const std::function<void(uint32_t, const float*)>* visit);
  // Products of one input (n rows of the matrices' columns), each into its
  // output (n rows of its rows): an 8-bit input is made once for them all.
  struct Product {
    const Matrix* w;
    float* out;
  };
  void matmul(std::initializer_list<Product> products, const float* in, uint32_t n);
  void matmul_rows(const Matrix& w, const float* in, float* out, uint32_t n, uint32_t begin, uint32_t end,
                   float* scratch) const;
  // The product with 8-bit inputs (already quantized into act_q_, act_a_).
  void matmul_rows_int8(const Matrix& w, float* out, uint32_t n, uint32_t begin, uint32_t end, float* scratch) const;
  void attention(uint32_t layer, uint32_t n);
  // Turns each head's pairs by the angles whose cosines and sines `turns`
  // holds (2 per pair, rope_turns_'s row of the position).
  void rope(float* vec, uint32_t n_heads, const float* turns) const;
  // Runs f(begin, end, worker) over [0, n) split among the threads; f must
  // write disjoint outputs for disjoint ranges.
  template <class F>
  void parallel_for(size_t n, size_t work, F f);

  const LlamaModel& model_;
  const LlamaConfig& config_;
  Activations activations_;
  uint32_t n_ctx_;
  uint32_t n_past_ = 0;
  uint32_t cap_ = 0;  // positions the cache has room for: grows to n_ctx as they are used
  // Floats between two rows of the transposed keys: cap_ rounded up to 16,
  // plus 16. A power-of-two stride would put a key block's rows in the same
  // few cache sets, so scoring them would miss the L1 cache on every row.
  uint32_t key_stride_ = 0;
  uint32_t q_dim_;
  uint32_t kv_dim_;
  std::vector<double> rope_freqs_;              // (n_rot / 2)
  std::vector<float> rope_turns_;               // (batch, n_rot / 2, 2): the batch's cosines and sines, for every layer
  std::vector<std::vector<float>> key_layers_;  // per layer (n_kv_heads, head_dim, key_stride_): transposed for scoring
  std::vector<std::vector<float>> value_layers_;  // per layer (cap, kv_dim)
  // Scratch for a batch of up to kMaxBatch positions.
  std::vector<float> x_;            // (batch, dim) the residual stream
  std::vector<float> xb_;           // (batch, max(dim, q_dim))
  std::vector<float> q_;            // (batch, q_dim)
  std::vector<float> k_;            // (batch, kv_dim) new keys before they enter the cache
  std::vector<float> attn_;         // (batch, q_dim)
  std::vector<float> gate_;         // (batch, ffn_dim)
  std::vector<float> up_;           // (batch, ffn_dim)
  std::vector<float> logit_group_;  // (kLogitGroup, n_vocab) for eval_visit(), allocated at its first call
  // A product's input in 8 bits (Int8Inputs): values (batch, max columns), block scales and sums.
  std::vector<int8_t> act_q_;
  std::vector<float> act_a_;
  std::vector<int32_t> act_sums_;
  std::vector<int32_t> act_low_sums_;
  // Per thread: attention scores (cap) and dequantized weight rows (8, max columns).
  std::vector<std::vector<float>> scores_;
  std::vector<std::vector<float>> rows_;
  std::unique_ptr<WorkerTeam> team_;  // null when single-threaded
};

}  // namespace lmz::llm
