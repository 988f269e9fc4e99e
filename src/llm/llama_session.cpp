#include "llm/llama_session.h"

#include <algorithm>
#include <cmath>

#include "llm/det_math.h"
#include "llm/kernels.h"
#include "llm/quant_kernels.h"

namespace lmz::llm {
namespace {

constexpr uint32_t kMaxBatch = 256;

}  // namespace

size_t scoring_batch(uint32_t /*n_vocab*/) {
  return kMaxBatch;
}

namespace {

bool int8_matrix(const Matrix& m, Activations a) {
  return m.tensor != nullptr && int8_products(m.type(), a) && m.cols % kInt8Block == 0;
}

}  // namespace

Activations int8_activations(const LlamaModel& model) {
  std::vector<const Matrix*> matrices{&model.output()};
  for (const LlamaLayer& l : model.layers()) {
    for (const Matrix* m : {&l.wq, &l.wk, &l.wv, &l.wo, &l.w_gate, &l.w_up, &l.w_down}) matrices.push_back(m);
  }
  Activations needed = Activations::kFloat;
  for (const Matrix* m : matrices) {
    if (int8_matrix(*m, Activations::kInt8) && !int8_matrix(*m, Activations::kInt8Blocks32)) return Activations::kInt8;
    if (int8_matrix(*m, Activations::kInt8Blocks32)) needed = Activations::kInt8Blocks32;
  }
  return needed;
}

LlamaSession::LlamaSession(const LlamaModel& model, uint32_t n_ctx, int threads, Activations activations)
    : model_(model),
      config_(model.config()),
      activations_(activations),
      n_ctx_(n_ctx == 0 ? model.config().context_length : n_ctx),
      q_dim_(config_.n_heads * config_.head_dim),
      kv_dim_(config_.n_kv_heads * config_.head_dim) {
  const LlamaConfig& c = config_;
  // RoPE frequency of pair i: base^(-2i / n_rot).
  const double log_base = det_log(c.rope_base);
  // Llama 3.1/3.2 files divide each pair's frequency by a factor.
  const std::vector<float>& factors = model.rope_factors();
  for (uint32_t i = 0; i < c.n_rot / 2; ++i) {
    const double freq = det_exp(-(2.0 * i / c.n_rot) * log_base);
    rope_freqs_.push_back(factors.empty() ? freq : freq / static_cast<double>(factors[i]));
  }
  rope_turns_.resize(size_t{kMaxBatch} * rope_freqs_.size() * 2);
  x_.resize(size_t{kMaxBatch} * c.dim);
  xb_.resize(size_t{kMaxBatch} * std::max(c.dim, q_dim_));
  q_.resize(size_t{kMaxBatch} * q_dim_);
  k_.resize(size_t{kMaxBatch} * kv_dim_);
  attn_.resize(size_t{kMaxBatch} * q_dim_);
  gate_.resize(size_t{kMaxBatch} * c.ffn_dim);
  up_.resize(size_t{kMaxBatch} * c.ffn_dim);
  const size_t max_cols = std::max({c.dim, q_dim_, c.ffn_dim});
  if (activations_ != Activations::kFloat) {
    act_q_.resize(size_t{kMaxBatch} * max_cols);
    act_a_.resize(size_t{kMaxBatch} * (max_cols / kInt8Block));
    act_sums_.resize(act_a_.size());
    act_low_sums_.resize(act_a_.size());
  }
  const int n_threads = std::max(1, threads);
  scores_.assign(n_threads, std::vector<float>());
  // Eight rows as floats, or as Int8Rows (less).
  rows_.assign(n_threads, std::vector<float>(size_t{8} * max_cols));
  if (n_threads > 1) team_ = std::make_unique<WorkerTeam>(n_threads);
}

template <class F>
void LlamaSession::parallel_for(size_t n, size_t work, F f) {
  // Below this many multiply-adds a hand-off costs more than it saves.
  constexpr size_t kMinParallelWork = size_t{1} << 15;
  if (!team_ || n < 2 || work < kMinParallelWork) {
    f(size_t{0}, n, 0);
    return;
  }
  const size_t parts = std::min<size_t>(n, static_cast<size_t>(team_->size()));
  team_->run(static_cast<int>(parts), [&](int p) {
    const size_t part = static_cast<size_t>(p);
    f(n * part / parts, n * (part + 1) / parts, p);
  });
}

void LlamaSession::reserve_positions(uint32_t needed) {
  if (needed <= cap_) return;
  // Grow geometrically up to n_ctx, so a long context costs memory only
  // once its positions are used. The layout's stride changes, not what any
  // sum adds: a position's logits are the same at every capacity.
  const uint32_t cap = std::min(n_ctx_, std::max({needed, cap_ * 2, uint32_t{64}}));
  // A layer at a time, so that the old and the new cache are never both
  // whole in memory.
  key_layers_.resize(config_.n_layers);
  value_layers_.resize(config_.n_layers);
  const uint32_t key_stride = (cap + 15) / 16 * 16 + 16;
  for (uint32_t l = 0; l < config_.n_layers; ++l) {
    std::vector<float> keys(size_t{key_stride} * kv_dim_);
    std::vector<float> values(size_t{cap} * kv_dim_);
    if (n_past_ > 0) {
      for (uint32_t e = 0; e < kv_dim_; ++e) {
        const float* from = key_layers_[l].data() + size_t{e} * key_stride_;
        std::copy(from, from + n_past_, keys.data() + size_t{e} * key_stride);
      }
      std::copy(value_layers_[l].data(), value_layers_[l].data() + size_t{n_past_} * kv_dim_, values.data());
    }
    key_layers_[l] = std::move(keys);
    value_layers_[l] = std::move(values);
  }
  // Scores for a key/value head's query heads at once (attention()).
  for (std::vector<float>& s : scores_) s.resize(size_t{cap} * (config_.n_heads / config_.n_kv_heads));
  cap_ = cap;
  key_stride_ = key_stride;
}

Status LlamaSession::eval(std::span<const int32_t> tokens, std::vector<float>& logits, bool all_logits) {
  return eval_from(tokens, all_logits || tokens.empty() ? 0 : tokens.size() - 1, logits);
}

Status LlamaSession::admit(std::span<const int32_t> tokens) {
  if (tokens.size() > n_ctx_ - n_past_) {
    return make_error(ErrorCode::kInvalidArgument, "the context of " + std::to_string(n_ctx_) + " positions is full");
  }
  for (int32_t t : tokens) {
    if (t < 0 || static_cast<uint32_t>(t) >= config_.n_vocab) {
      return make_error(ErrorCode::kInvalidArgument, "token id " + std::to_string(t) + " is outside the vocabulary");
    }
  }
  reserve_positions(n_past_ + static_cast<uint32_t>(tokens.size()));
  return Status::success();
}

Status LlamaSession::eval_from(std::span<const int32_t> tokens, size_t first_logit, std::vector<float>& logits) {
  if (Status s = admit(tokens); !s.ok()) return s;
  first_logit = std::min(first_logit, tokens.size());
  const size_t n_vocab = config_.n_vocab;
  logits.resize((tokens.size() - first_logit) * n_vocab);
  for (size_t done = 0; done < tokens.size();) {
    const uint32_t n = static_cast<uint32_t>(std::min<size_t>(kMaxBatch, tokens.size() - done));
    // This batch's first position with logits, and where its logits go.
    const size_t first = std::max(first_logit, done);
    const uint32_t first_in_batch = static_cast<uint32_t>(std::min<size_t>(first - done, n));
    float* out = first_in_batch < n ? logits.data() + (first - first_logit) * n_vocab : nullptr;
    eval_batch(tokens.data() + done, n, first_in_batch, out, nullptr);
    done += n;
  }
  return Status::success();
}

Status LlamaSession::eval_visit(std::span<const int32_t> tokens, size_t first_logit, const LogitVisitor& visit) {
  if (Status s = admit(tokens); !s.ok()) return s;
  first_logit = std::min(first_logit, tokens.size());
  if (first_logit < tokens.size()) logit_group_.resize(size_t{kLogitGroup} * config_.n_vocab);
  for (size_t done = 0; done < tokens.size();) {
    const uint32_t n = static_cast<uint32_t>(std::min<size_t>(kMaxBatch, tokens.size() - done));
    const uint32_t first_in_batch = static_cast<uint32_t>(std::min<size_t>(std::max(first_logit, done) - done, n));
    const std::function<void(uint32_t, const float*)> in_batch = [&](uint32_t b, const float* logits) {
      visit(done + b, logits);
    };
    eval_batch(tokens.data() + done, n, first_in_batch, nullptr, &in_batch);
    done += n;
  }
  return Status::success();
}

void LlamaSession::matmul(std::initializer_list<Product> products, const float* in, uint32_t n) {
  // The products share one input (of `cols` columns) and one parallel
  // region: the threads split their rows, in blocks of eight (the kernels'
  // unit), as one list.
  const size_t cols = products.begin()->w->cols;
  size_t blocks = 0, work = 0;
  bool int8 = false;
  for (const Product& p : products) {
    const bool p_int8 = int8_matrix(*p.w, activations_);
    int8 = int8 || p_int8;
    blocks += (p.w->rows + 7) / 8;
    work += size_t{p.w->rows} * cols * n / (p_int8 ? 4 : 1);
  }
  if (int8) {
    // The input in 8 bits, once for all, a share of the positions a thread.
    const size_t per_row = cols / kInt8Block;
    parallel_for(n, size_t{n} * cols * 4, [&](size_t begin, size_t end, int) {
      quantize_activations(in + begin * cols, cols, end - begin, cols,
                           Int8Inputs{act_q_.data() + begin * cols, act_a_.data() + begin * per_row,
                                      act_sums_.data() + begin * per_row, act_low_sums_.data() + begin * per_row});
    });
  }
  parallel_for(blocks, work, [&](size_t begin, size_t end, int worker) {
    size_t first = 0;  // the product's first block in the list
    for (const Product& p : products) {
      const Matrix& w = *p.w;
      const size_t count = (w.rows + 7) / 8;
      const size_t from = std::max(begin, first), to = std::min(end, first + count);
      if (from < to) {
        const auto row_begin = static_cast<uint32_t>((from - first) * 8);
        const auto row_end = static_cast<uint32_t>(std::min<size_t>((to - first) * 8, w.rows));
        if (int8_matrix(w, activations_)) {
          matmul_rows_int8(w, p.out, n, row_begin, row_end, rows_[worker].data());
        } else {
          matmul_rows(w, in, p.out, n, row_begin, row_end, rows_[worker].data());
        }
      }
      first += count;
    }
  });
}

void LlamaSession::matmul_rows(const Matrix& w, const float* in, float* out, uint32_t n, uint32_t begin, uint32_t end,
                               float* scratch) const {
  // out (n, rows) = in (n, cols) . w^T for rows [begin, end); one dot product
  // per output element, eight rows at a time.
  const float* rows[8];
  uint32_t r = begin;
  if (n == 1 && w.type() != TensorType::kF32) {
    // One position: the weights are read once, so they are used as stored,
    // a block at a time, rather than converted to rows of floats first.
    const uint8_t* stored[8];
    for (; r + 8 <= end; r += 8) {
      for (uint32_t k = 0; k < 8; ++k) stored[k] = w.stored_row(r + k);
      if (!dot8_stored(w.type(), in, stored, w.cols, out + r)) break;  // no kernel: the route below
    }
  }
  if (n > 1 && w.type() == TensorType::kF16) {
    // F16 rows are converted as the kernel packs them, not first into rows
    // of floats and then packed.
    const uint16_t* halves[8];
    for (; r + 8 <= end; r += 8) {
      for (uint32_t k = 0; k < 8; ++k) halves[k] = reinterpret_cast<const uint16_t*>(w.stored_row(r + k));
      if (!dot8_batch_f16(in, w.cols, n, halves, w.cols, out + r, w.rows)) break;  // no kernel: the route below
    }
  }
  for (; r + 8 <= end; r += 8) {
    for (uint32_t k = 0; k < 8; ++k) {
      rows[k] = w.f32_row(r + k);
      if (rows[k] == nullptr) {
        w.row(r + k, scratch + size_t{k} * w.cols);
        rows[k] = scratch + size_t{k} * w.cols;
      }
    }
    dot8_batch(in, w.cols, n, rows, w.cols, out + r, w.rows);
  }
  for (; r < end; ++r) {
    const float* row = w.f32_row(r);
    if (row == nullptr) {
      w.row(r, scratch);
      row = scratch;
    }
    for (uint32_t b = 0; b < n; ++b) out[size_t{b} * w.rows + r] = dot(row, in + size_t{b} * w.cols, w.cols);
  }
}

void LlamaSession::matmul_rows_int8(const Matrix& w, float* out, uint32_t n, uint32_t begin, uint32_t end,
                                    float* scratch) const {
  const Int8Tile tile = Int8Tile::in(scratch, w.cols, w.type());
  const Int8Inputs in{const_cast<int8_t*>(act_q_.data()), const_cast<float*>(act_a_.data()),
                      const_cast<int32_t*>(act_sums_.data()), const_cast<int32_t*>(act_low_sums_.data())};
  const uint8_t* stored[8];
  uint32_t r = begin;
  if (n > 1) {
    // Sixteen rows at a time: two tiles, one after the other in the scratch.
    const Int8Tile high = Int8Tile::in(reinterpret_cast<uint8_t*>(scratch) + Int8Tile::bytes(w.cols), w.cols, w.type());
    for (; r + 16 <= end; r += 16) {
      for (uint32_t k = 0; k < 8; ++k) stored[k] = w.stored_row(r + k);
      pack_int8_tile(w.type(), stored, 8, w.cols, tile);
      for (uint32_t k = 0; k < 8; ++k) stored[k] = w.stored_row(r + 8 + k);
      pack_int8_tile(w.type(), stored, 8, w.cols, high);
      dot_int8_pair(tile, high, w.cols, in, n, out + r, w.rows);
    }
  }
  if (n == 1) {
    // One token: sixteen rows at a time where the kernels have that form (AVX-512).
    const uint8_t* sixteen[16];
    for (; r + 16 <= end; r += 16) {
      for (uint32_t k = 0; k < 16; ++k) sixteen[k] = w.stored_row(r + k);
      if (!dot_int8_stored16(w.type(), sixteen, w.cols, in, out + r)) break;
    }
  }
  for (; r < end; r += 8) {
    const uint32_t count = std::min<uint32_t>(8, end - r);
    for (uint32_t k = 0; k < count; ++k) stored[k] = w.stored_row(r + k);
    if (n == 1) {
      dot_int8_stored(w.type(), stored, count, w.cols, in, out + r, scratch);
      continue;
    }
    pack_int8_tile(w.type(), stored, count, w.cols, tile);
    dot_int8(tile, count, w.cols, in, n, out + r, w.rows);
  }
}

void LlamaSession::attention(uint32_t layer, uint32_t n) {
  const LlamaConfig& c = config_;
  const uint32_t hd = c.head_dim;
  const uint32_t group = c.n_heads / c.n_kv_heads;
  const float score_scale = 1.0f / std::sqrt(static_cast<float>(hd));
  const float* layer_keys = key_layers_[layer].data();
  const float* layer_values = value_layers_[layer].data();
  // One task per position and key/value head: its query heads are scored
  // and summed together, each key and value loaded once for all of them (a
  // batch's keys do not fit in L1). One position (generation) keeps a task
  // per head, so the threads share the few there are. A position's work
  // grows with it, so the tasks go first, last, second, second to last...
  // position, and each thread's run of them holds early and late ones alike.
  const uint32_t heads_per_task = n > 1 ? group : 1;
  const uint32_t units = c.n_heads / heads_per_task;
  const size_t tasks = size_t{n} * units;
  const size_t work = size_t{n} * c.n_heads * (n_past_ + n) * hd * 2;
  parallel_for(tasks, work, [&](size_t begin, size_t end, int worker) {
    std::vector<const float*> queries(heads_per_task);
    std::vector<float*> scores(heads_per_task), outs(heads_per_task);
    for (uint32_t j = 0; j < heads_per_task; ++j) scores[j] = scores_[worker].data() + size_t{j} * cap_;
    for (size_t task = begin; task < end; ++task) {
      const uint32_t k = static_cast<uint32_t>(task / units);
      const uint32_t b = k % 2 == 0 ? k / 2 : n - 1 - k / 2;
      const uint32_t first_head = static_cast<uint32_t>(task % units) * heads_per_task;
      const uint32_t pos = n_past_ + b;
      for (uint32_t j = 0; j < heads_per_task; ++j) {
        queries[j] = &q_[size_t{b} * q_dim_ + size_t{first_head + j} * hd];
        outs[j] = &attn_[size_t{b} * q_dim_ + size_t{first_head + j} * hd];
      }
      const size_t kv_offset = size_t{first_head / group} * hd;
      attention_scores_heads(queries.data(), heads_per_task, layer_keys + kv_offset * key_stride_, key_stride_, pos + 1,
                             hd, scores.data());
      for (float* s : scores) {
        for (uint32_t t = 0; t <= pos; ++t) s[t] *= score_scale;
        softmax(s, pos + 1);
      }
      weighted_sum_rows_heads(scores.data(), heads_per_task, layer_values + kv_offset, kv_dim_, pos + 1, hd,
                              outs.data());
    }
  });
}

void LlamaSession::shift(uint32_t keep, uint32_t drop) {
  if (drop == 0 || keep + drop > n_past_) return;
  const uint32_t moved = n_past_ - keep - drop;
  const uint32_t hd = config_.head_dim;
  const uint32_t half = config_.n_rot / 2;
  const uint32_t n_kv_heads = kv_dim_ / hd;
  std::vector<float> cos_back(rope_freqs_.size()), sin_back(rope_freqs_.size());
  for (size_t i = 0; i < rope_freqs_.size(); ++i) {
    const double angle = static_cast<double>(drop) * rope_freqs_[i];
    cos_back[i] = static_cast<float>(det_cos(angle));
    sin_back[i] = static_cast<float>(det_sin(angle));
  }
  for (uint32_t l = 0; l < config_.n_layers; ++l) {
    float* layer_keys = key_layers_[l].data();
    for (uint32_t e = 0; e < kv_dim_; ++e) {
      float* row = layer_keys + size_t{e} * key_stride_;
      std::copy(row + keep + drop, row + n_past_, row + keep);
    }
    for (uint32_t h = 0; h < n_kv_heads; ++h) {
      for (size_t i = 0; i < rope_freqs_.size(); ++i) {
        const uint32_t a = config_.rope_neox ? static_cast<uint32_t>(i) : 2 * static_cast<uint32_t>(i);
        const uint32_t b = config_.rope_neox ? static_cast<uint32_t>(i) + half : 2 * static_cast<uint32_t>(i) + 1;
        float* xa = layer_keys + (size_t{h} * hd + a) * key_stride_ + keep;
        float* xb = layer_keys + (size_t{h} * hd + b) * key_stride_ + keep;
        // A turn by -angle: cos(-t) = cos t, sin(-t) = -sin t.
        const float c = cos_back[i];
        const float s = sin_back[i];
        for (uint32_t p = 0; p < moved; ++p) {
          const float x0 = xa[p];
          const float x1 = xb[p];
          xa[p] = x0 * c + x1 * s;
          xb[p] = x1 * c - x0 * s;
        }
      }
    }
    float* layer_values = value_layers_[l].data();
    std::copy(layer_values + size_t{keep + drop} * kv_dim_, layer_values + size_t{n_past_} * kv_dim_,
              layer_values + size_t{keep} * kv_dim_);
  }
  n_past_ -= drop;
}

void LlamaSession::rope(float* vec, uint32_t n_heads, const float* turns) const {
  // Pair i of each head turns by pos * freq_i: adjacent elements (x[2i],
  // x[2i+1]) in llama's layout, (x[i], x[i + n_rot/2]) in NEOX's.
  const uint32_t hd = config_.head_dim;
  const uint32_t half = config_.n_rot / 2;
  for (uint32_t i = 0; i < rope_freqs_.size(); ++i) {
    const float c = turns[2 * i];
    const float s = turns[2 * i + 1];
    const uint32_t a = config_.rope_neox ? i : 2 * i;
    const uint32_t b = config_.rope_neox ? i + half : 2 * i + 1;
    for (uint32_t h = 0; h < n_heads; ++h) {
      float* head = vec + size_t{h} * hd;
      const float x0 = head[a];
      const float x1 = head[b];
      head[a] = x0 * c - x1 * s;
      head[b] = x0 * s + x1 * c;
    }
  }
}

void LlamaSession::eval_batch(const int32_t* tokens, uint32_t n, uint32_t first_logit, float* logits,
                              const std::function<void(uint32_t, const float*)>* visit) {
  const LlamaConfig& c = config_;
  const uint32_t dim = c.dim;

  for (uint32_t b = 0; b < n; ++b) {
    model_.token_embedding().row(static_cast<uint32_t>(tokens[b]), &x_[size_t{b} * dim]);
  }
  // Each position's rotations, once for all the layers: pair i of position
  // pos turns by pos * freq_i.
  const size_t pairs = rope_freqs_.size();
  for (uint32_t b = 0; b < n; ++b) {
    for (size_t i = 0; i < pairs; ++i) {
      const double angle = static_cast<double>(n_past_ + b) * rope_freqs_[i];
      rope_turns_[(b * pairs + i) * 2] = static_cast<float>(det_cos(angle));
      rope_turns_[(b * pairs + i) * 2 + 1] = static_cast<float>(det_sin(angle));
    }
  }

  for (uint32_t l = 0; l < c.n_layers; ++l) {
    const LlamaLayer& layer = model_.layers()[l];
    float* layer_keys = key_layers_[l].data();
    float* layer_values = value_layers_[l].data();

    // Attention: queries for the batch; keys and values straight into the cache.
    for (uint32_t b = 0; b < n; ++b)
      rms_norm(&x_[size_t{b} * dim], layer.attn_norm.data(), &xb_[size_t{b} * dim], dim, c.rms_eps);
    float* new_values = layer_values + size_t{n_past_} * kv_dim_;
    matmul({{&layer.wq, q_.data()}, {&layer.wk, k_.data()}, {&layer.wv, new_values}}, xb_.data(), n);
    if (!layer.bq.empty()) {  // qwen2: biases after the projections
      for (uint32_t b = 0; b < n; ++b) {
        for (uint32_t e = 0; e < q_dim_; ++e) q_[size_t{b} * q_dim_ + e] += layer.bq[e];
        for (uint32_t e = 0; e < kv_dim_; ++e) k_[size_t{b} * kv_dim_ + e] += layer.bk[e];
        for (uint32_t e = 0; e < kv_dim_; ++e) new_values[size_t{b} * kv_dim_ + e] += layer.bv[e];
      }
    }
    if (!layer.q_norm.empty()) {  // qwen3: each head's query and key RMS-normalised before RoPE
      const uint32_t hd = c.head_dim;
      for (uint32_t b = 0; b < n; ++b) {
        for (uint32_t h = 0; h < c.n_heads; ++h) {
          float* head = &q_[size_t{b} * q_dim_ + size_t{h} * hd];
          rms_norm(head, layer.q_norm.data(), head, hd, c.rms_eps);
        }
        for (uint32_t h = 0; h < c.n_kv_heads; ++h) {
          float* head = &k_[size_t{b} * kv_dim_ + size_t{h} * hd];
          rms_norm(head, layer.k_norm.data(), head, hd, c.rms_eps);
        }
      }
    }
    for (uint32_t b = 0; b < n; ++b) {
      rope(&q_[size_t{b} * q_dim_], c.n_heads, &rope_turns_[b * pairs * 2]);
      rope(&k_[size_t{b} * kv_dim_], c.n_kv_heads, &rope_turns_[b * pairs * 2]);
      // Element e of head h's key goes to row (h, e) of the transposed cache.
      for (uint32_t e = 0; e < kv_dim_; ++e)
        layer_keys[size_t{e} * key_stride_ + n_past_ + b] = k_[size_t{b} * kv_dim_ + e];
    }
    attention(l, n);
    matmul({{&layer.wo, xb_.data()}}, attn_.data(), n);
    for (size_t i = 0; i < size_t{n} * dim; ++i) x_[i] += xb_[i];

    // Feed-forward: SwiGLU.
    for (uint32_t b = 0; b < n; ++b)
      rms_norm(&x_[size_t{b} * dim], layer.ffn_norm.data(), &xb_[size_t{b} * dim], dim, c.rms_eps);
    matmul({{&layer.w_gate, gate_.data()}, {&layer.w_up, up_.data()}}, xb_.data(), n);
    parallel_for(n, size_t{n} * c.ffn_dim * 16, [&](size_t begin, size_t end, int) {
      swiglu(&gate_[begin * c.ffn_dim], &up_[begin * c.ffn_dim], (end - begin) * c.ffn_dim);
    });
    matmul({{&layer.w_down, xb_.data()}}, gate_.data(), n);
    for (size_t i = 0; i < size_t{n} * dim; ++i) x_[i] += xb_[i];
  }
  n_past_ += n;

  if (first_logit >= n || (logits == nullptr && visit == nullptr)) return;
  // Into `logits` in one product; to the visitor a group at a time (a
  // position's logits do not depend on the group).
  const uint32_t group = logits != nullptr ? n : kLogitGroup;
  for (uint32_t first = first_logit; first < n; first += group) {
    const uint32_t count = std::min(group, n - first);
    for (uint32_t b = first; b < first + count; ++b)
      rms_norm(&x_[size_t{b} * dim], model_.output_norm().data(), &xb_[size_t{b - first} * dim], dim, c.rms_eps);
    float* out = logits != nullptr ? logits : logit_group_.data();
    matmul({{&model_.output(), out}}, xb_.data(), count);
    if (visit == nullptr) continue;
    for (uint32_t b = 0; b < count; ++b) (*visit)(first + b, out + size_t{b} * c.n_vocab);
  }
}

}  // namespace lmz::llm
