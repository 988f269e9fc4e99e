// Gated linear mixing in the logistic domain.
//
// A Mixer takes the stretched predictions of all models as inputs and keeps
// several banks of weight vectors. For each bit every bank picks one vector by
// its own small context (the partial byte, the match length, ...), and each
// picked vector gives one output: squash(sum of weight * input). Online
// gradient descent on coding cost trains the picked vectors.
//
// Inputs and weights are 16-bit, as in paq8, so one AVX2 instruction
// multiplies and pairs sixteen of them. Weights are fixed point with
// 16384 = 1.0 (so within about +-2.0); inputs are within +-2047, so the dot
// product fits 32 bits exactly. Training rounds x * err * rate / 4096 the way
// pmulhrsw does and saturates the weight the way paddsw does; the scalar
// kernels compute the same integers, so the choice of kernel never changes
// the output. Sizes are template parameters so every loop is unrolled.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "cm/logistic.h"
#include "cm/mixer_kernels.h"
#include "core/cpu.h"

namespace lmz::cm {

template <int kInputs, int kBanks>
class Mixer {
 public:
  static constexpr int kPadded = (kInputs + 15) & ~15;  // padding inputs stay 0
  static_assert(kPadded == 16, "the inputs are one vector of sixteen 16-bit lanes");
  static constexpr int kWeightOne = 1 << 14;

  // n_contexts: for each bank, how many weight vectors it holds.
  Mixer(const std::array<int, kBanks>& n_contexts, int initial_weight) : use_avx2_(simd_avx2_enabled()) {
    initial_.fill(static_cast<int16_t>(initial_weight));
    size_t total = 0;
    for (int b = 0; b < kBanks; ++b) {
      offsets_[b] = total;
      selected_[b] = total;
      total += static_cast<size_t>(n_contexts[b]) * kPadded;
    }
    weights_.resize(total);
    reset();
  }

  void reset() {
    for (size_t i = 0; i < weights_.size(); ++i) {
      const int lane = static_cast<int>(i % kPadded);
      weights_[i] = lane < kInputs ? initial_[lane] : 0;
    }
    inputs_.fill(0);
    staged_.fill(0);
  }

  // Gives input i its own starting weight in every vector, and resets.
  void set_initial_weight(int i, int weight) {
    initial_[i] = static_cast<int16_t>(weight);
    reset();
  }

  // Input i of this bit: a stretched probability or other signal within
  // +-2047. Every input is set before each mix().
  void set_input(int i, int x) { staged_[i] = x; }
  void set_context(int bank, int cx) { selected_[bank] = offsets_[bank] + static_cast<size_t>(cx) * kPadded; }

  // Mixes the current inputs; each bank's stretched output is then available
  // through output().
  void mix() {
    std::array<int32_t, kBanks> dots;
#if defined(__x86_64__)
    if (use_avx2_) {
      mixer_dot16_avx2<kInputs, kBanks>(staged_.data(), inputs_.data(), weights_.data(), selected_.data(), dots.data());
    } else
#endif
    {
      for (int i = 0; i < kInputs; ++i) inputs_[i] = static_cast<int16_t>(staged_[i]);
      mixer_dot_scalar<kPadded, kBanks>(inputs_.data(), weights_.data(), selected_.data(), dots.data());
    }
    for (int b = 0; b < kBanks; ++b) {
      int st = dots[b] >> 14;
      st = st < -kStretchMax ? -kStretchMax : st > kStretchMax ? kStretchMax : st;
      st_[b] = st;
      p12_[b] = squash_fast(st);
    }
  }

  int output(int bank) const {
    return st_[bank];
  }

  // rate_eighths: step size in eighths, 1..56 (the scaled error must fit
  // 16 bits).
  void update(int bit, int rate_eighths) {
    std::array<int, kBanks> errs;
    for (int b = 0; b < kBanks; ++b) errs[b] = (((bit << 12) - p12_[b]) * rate_eighths) >> 3;
#if defined(__x86_64__)
    if (use_avx2_) {
      mixer_train_avx2<kPadded, kBanks>(inputs_.data(), weights_.data(), selected_.data(), errs.data());
      return;
    }
#endif
    mixer_train_scalar<kPadded, kBanks>(inputs_.data(), weights_.data(), selected_.data(), errs.data());
  }

 private:
  std::array<int16_t, kInputs> initial_{};
  bool use_avx2_;
  std::vector<int16_t> weights_;  // per bank: (n_contexts[bank], kPadded)
  std::array<size_t, kBanks> offsets_{};
  std::array<size_t, kBanks> selected_{};
  std::array<int32_t, kInputs> staged_{};  // set_input()'s values, put in inputs_ by mix()
  alignas(32) std::array<int16_t, kPadded> inputs_{};
  std::array<int, kBanks> st_{};
  std::array<int, kBanks> p12_{};
};

}  // namespace lmz::cm
