// Gated linear mixing in the logistic domain.
//
// A Mixer takes the stretched predictions of all models as inputs and keeps
// several banks of weight vectors. For each bit every bank picks one vector by
// its own small context (the partial byte, the match length, ...), and each
// picked vector gives one output: squash(sum of weight * input). Online
// gradient descent on coding cost trains the picked vectors. A second, small
// Mixer then combines the banks' outputs.
//
// Weights are 16.16 fixed point (65536 = 1.0), clamped to +-8.0; inputs are
// within +-2047, so every product fits 32 bits. All arithmetic is integer, so
// the order of summation cannot change a result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "cm/logistic.h"

namespace lmz::cm {

class Mixer {
 public:
  static constexpr int kMaxInputs = 32;
  static constexpr int kMaxBanks = 4;
  static constexpr int32_t kWeightLimit = (1 << 19) - 1;

  // n_contexts: for each bank, how many weight vectors it holds.
  Mixer(int n_inputs, std::vector<int> n_contexts, int32_t initial_weight);

  void reset();

  void add(int x) { inputs_[n_added_++] = x; }
  void set_context(int bank, int cx) { selected_[bank] = offsets_[bank] + static_cast<size_t>(cx) * n_padded_; }

  // Mixes the inputs added since the last update; returns bank 0's stretched
  // output, and every bank's through output().
  int mix();
  int output(int bank) const { return st_[bank]; }
  int n_banks() const { return n_banks_; }

  // learning_rate: step size, about 1..24.
  void update(int bit, int learning_rate);

 private:
  int n_inputs_;
  int n_padded_;  // n_inputs_ rounded up to a multiple of 8; padding inputs stay 0
  int n_banks_;
  int32_t initial_weight_;
  bool use_avx2_;
  std::vector<int32_t> weights_;  // per bank: (n_contexts[bank], n_padded_)
  size_t offsets_[kMaxBanks]{};
  size_t selected_[kMaxBanks]{};
  alignas(32) int32_t inputs_[kMaxInputs]{};
  int n_added_ = 0;
  int st_[kMaxBanks]{};
  int p12_[kMaxBanks]{};
};

}  // namespace lmz::cm
