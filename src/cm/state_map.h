// Adaptive probability maps from a small context (a bit-history state, a match
// length) to the probability that the next bit is 1.
//
// Each entry packs a 22-bit probability and a 10-bit hit count. An update moves
// the probability toward the bit by 1/(count + 1.5), so an entry first learns
// fast, then settles to an average; `limit` caps the count, which sets how far
// the map keeps tracking change.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "cm/state_table.h"

namespace lmz::cm {

class StateMap {
 public:
  StateMap(int n_contexts, int limit);

  // Every entry at 1/2, except bit-history states, which start at the
  // frequency their counts imply.
  void reset() {
    for (uint32_t& e : table_) e = 1u << 31;
  }
  void reset_from_states() {
    const StateTable& st = StateTable::get();
    for (size_t i = 0; i < table_.size(); ++i) {
      const int s = static_cast<int>(i & 255);
      const uint64_t n0 = st.n0(s), n1 = st.n1(s);
      const uint64_t p22 = ((2 * n1 + 1) << 22) / (2 * (n0 + n1) + 2);
      table_[i] = static_cast<uint32_t>(p22 << 10);
    }
  }

  // 12-bit probability for context `cx`; remembers cx for update().
  int p(int cx) {
    cx_ = cx;
    return static_cast<int>(table_[cx] >> 20);
  }
  void update(int bit) { update_at(static_cast<size_t>(cx_), bit); }

  // The same for callers that keep the context themselves (one map shared by
  // several inputs, each with its own range of contexts).
  int p_at(size_t cx) const { return static_cast<int>(table_[cx] >> 20); }

  // An entry as stored and its probability; update_entry() is update_at()
  // for a caller that kept the entry it read (nothing wrote it since), so the
  // entry is read once per bit, by a plain load.
  uint32_t entry(size_t cx) const { return table_[cx]; }
  static int p_of(uint32_t entry) { return static_cast<int>(entry >> 20); }
  void update_entry(size_t cx, uint32_t e, int bit) { table_[cx] = next_entry(e, bit); }

  void update_at(size_t cx, int bit) { table_[cx] = next_entry(table_[cx], bit); }

 private:
  uint32_t next_entry(uint32_t e, int bit) const {
    const int n = static_cast<int>(e & 1023);
    const int32_t p22 = static_cast<int32_t>(e >> 10);
    const int32_t target = -bit & ((1 << 22) - 1);  // branch-free: the bit is unpredictable
    // (target - p22) * rate fits 32 bits once scaled down by 2^4 first.
    const int32_t next_p22 = p22 + ((((target - p22) >> 4) * rate(n)) >> 9);
    // n + 1 while below the limit, without a branch (counts below the limit
    // are the young entries, whose updates no predictor can guess).
    const uint32_t below = static_cast<uint32_t>(n - limit_) >> 31;
    return static_cast<uint32_t>(next_p22) << 10 | (static_cast<uint32_t>(n) + below);
  }

  // 2^13 / (n + 1.5): the step size after n updates.
  static constexpr std::array<int, 1024> kRates = [] {
    std::array<int, 1024> r{};
    for (int i = 0; i < 1024; ++i) r[i] = 16384 / (i + i + 3);
    return r;
  }();
  static int rate(int n) { return kRates[n]; }

  std::vector<uint32_t> table_;
  int limit_;
  int cx_ = 0;
};

}  // namespace lmz::cm
