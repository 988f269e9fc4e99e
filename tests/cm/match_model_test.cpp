#include "cm/match_model.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_util.h"

namespace lmz::cm {
namespace {

TEST(MatchModel, FollowsARepeatOnceSevenBytesAgree) {
  MatchModel m(16, 14);
  const Bytes first = test::random_bytes(300, 5);
  for (const uint8_t b : first) m.byte_update(b);
  EXPECT_EQ(m.length(), 0u);
  // The string again: the index entry of its first six bytes is read when
  // the seventh arrives, so from then on the model predicts each next byte.
  for (size_t i = 0; i < first.size() - 1; ++i) {
    m.byte_update(first[i]);
    if (i < 6) {
      EXPECT_EQ(m.length(), 0u) << i;
    } else {
      ASSERT_GT(m.length(), 0u) << i;
      EXPECT_EQ(m.length(), i + 1) << i;  // verified back to the string's start
      EXPECT_EQ(m.predicted_byte(), first[i + 1]) << i;
    }
  }
}

TEST(MatchModel, EndsAtTheFirstWrongByteAndFindsTheNextRepeat) {
  MatchModel m(16, 14);
  const Bytes text = test::random_bytes(200, 6);
  for (const uint8_t b : text) m.byte_update(b);
  for (size_t i = 0; i < 20; ++i) m.byte_update(text[i]);
  ASSERT_GT(m.length(), 0u);
  m.byte_update(static_cast<uint8_t>(text[20] ^ 1));
  EXPECT_EQ(m.length(), 0u);
  // Seven bytes that occurred earlier (from offset 100) start a new match.
  for (size_t i = 100; i < 107; ++i) m.byte_update(text[i]);
  ASSERT_GT(m.length(), 0u);
  EXPECT_EQ(m.predicted_byte(), text[107]);
}

TEST(MatchModel, RandomBytesGiveNoMatch) {
  MatchModel m(20, 18);
  const Bytes noise = test::random_bytes(1 << 16, 7);
  uint32_t longest = 0;
  for (const uint8_t b : noise) {
    m.byte_update(b);
    longest = std::max(longest, m.length());
  }
  EXPECT_EQ(longest, 0u);  // 64 KiB of noise holds no 7-byte repeat
}

}  // namespace
}  // namespace lmz::cm
