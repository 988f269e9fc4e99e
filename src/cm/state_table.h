// Bit-history states: one byte that summarises what a context has seen.
//
// A state stands for a pair of counts (n0, n1) of zeros and ones seen in a
// context. Seeing bit y increments n_y and, when the opposite count exceeds
// two, halves its excess (2 + (n - 2) / 2), so a history adapts when the data
// changes. Counts are capped by a limit that shrinks as the opposite count
// grows, which keeps the reachable set under 256 states. The table is generated
// by a breadth-first walk from (0, 0), so state 0 is "never seen".
#pragma once

#include <cstddef>
#include <cstdint>

namespace lmz::cm {

class StateTable {
 public:
  static const StateTable& get();

  uint8_t next(int state, int bit) const { return next_[state][bit]; }
  int n0(int state) const { return n0_[state]; }
  int n1(int state) const { return n1_[state]; }
  int n_states() const { return n_states_; }

 private:
  StateTable();
  uint8_t next_[256][2]{};
  uint8_t n0_[256]{};
  uint8_t n1_[256]{};
  int n_states_ = 0;
};

}  // namespace lmz::cm
