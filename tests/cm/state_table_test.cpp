#include "cm/state_table.h"

#include <gtest/gtest.h>

namespace lmz::cm {
namespace {

TEST(StateTable, FitsInAByteAndStartsEmpty) {
  const StateTable& t = StateTable::get();
  EXPECT_GT(t.n_states(), 100);
  EXPECT_LE(t.n_states(), 256);
  EXPECT_EQ(t.n0(0), 0);
  EXPECT_EQ(t.n1(0), 0);
}

TEST(StateTable, CountsFollowTheBits) {
  const StateTable& t = StateTable::get();
  int s = 0;
  for (int i = 0; i < 5; ++i) s = t.next(s, 1);
  EXPECT_EQ(t.n0(s), 0);
  EXPECT_EQ(t.n1(s), 5);
  // A zero after many ones discounts the ones: the history adapts.
  for (int i = 0; i < 10; ++i) s = t.next(s, 1);
  const int ones = t.n1(s);
  s = t.next(s, 0);
  EXPECT_EQ(t.n0(s), 1);
  EXPECT_LT(t.n1(s), ones);
  // Every transition stays inside the table.
  for (int st = 0; st < t.n_states(); ++st) {
    for (int bit = 0; bit < 2; ++bit) EXPECT_LT(t.next(st, bit), t.n_states());
  }
}

}  // namespace
}  // namespace lmz::cm
