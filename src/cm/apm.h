// Adaptive probability map (secondary symbol estimation): refines a
// probability given a context. Each context owns 33 buckets over the stretched
// input probability; the output interpolates the two buckets around the input,
// and the update trains the nearer one toward the bit seen.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "cm/logistic.h"

namespace lmz::cm {

class Apm {
 public:
  Apm(int n_contexts, int rate) : table_(static_cast<size_t>(n_contexts) * 33), rate_(rate) { reset(); }

  void reset() {
    uint16_t row[33];
    for (int j = 0; j < 33; ++j) row[j] = static_cast<uint16_t>(squash((j - 16) * 128) * 16);
    for (size_t i = 0; i < table_.size(); i += 33) std::copy(row, row + 33, &table_[i]);
  }

  // st: stretched probability; returns a 16-bit probability.
  int p(int st, int cx) {
    const int s = (st < -kStretchMax ? -kStretchMax : st > kStretchMax ? kStretchMax : st) + 2048;
    const int lo = s >> 7;
    const int w = s & 127;
    const size_t base = static_cast<size_t>(cx) * 33 + lo;
    index_ = base + (w >> 6);
    return (table_[base] * (128 - w) + table_[base + 1] * w) >> 7;
  }

  void update(int bit) {
    const int target = -bit & 65535;  // branch-free: the bit is unpredictable
    const int v = table_[index_];
    table_[index_] = static_cast<uint16_t>(v + ((target - v) >> rate_));
  }

 private:
  std::vector<uint16_t> table_;  // (n_contexts, 33)
  int rate_;
  size_t index_ = 0;
};

}  // namespace lmz::cm
