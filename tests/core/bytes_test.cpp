#include "core/bytes.h"

#include <gtest/gtest.h>

#include "core/checksum.h"

namespace lmz {
namespace {

TEST(Bytes, WritesAndReadsLittleEndian) {
  Bytes out;
  ByteWriter w(out);
  w.u8(0x01);
  w.u16(0x0302);
  w.u32(0x07060504);
  w.u64(0x0f0e0d0c0b0a0908ull);
  ASSERT_EQ(out.size(), 15u);
  for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], i + 1);
  ByteReader r(out);
  uint8_t a = 0;
  uint16_t b = 0;
  uint32_t c = 0;
  uint64_t d = 0;
  ASSERT_TRUE(r.u8(a) && r.u16(b) && r.u32(c) && r.u64(d));
  EXPECT_EQ(a, 0x01);
  EXPECT_EQ(b, 0x0302);
  EXPECT_EQ(c, 0x07060504u);
  EXPECT_EQ(d, 0x0f0e0d0c0b0a0908ull);
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(Bytes, ReaderRefusesToReadPastTheEnd) {
  const Bytes data = {1, 2, 3};
  ByteReader r(data);
  uint32_t v = 0;
  EXPECT_FALSE(r.u32(v));
  EXPECT_EQ(r.position(), 0u);
  uint16_t w = 0;
  EXPECT_TRUE(r.u16(w));
  ByteSpan rest;
  EXPECT_FALSE(r.bytes(2, rest));
  EXPECT_TRUE(r.bytes(1, rest));
}

TEST(Checksum, StreamingEqualsOneShot) {
  Bytes data(10000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7);
  Xxh64Stream s;
  s.update(ByteSpan(data).first(1234));
  s.update(ByteSpan(data).subspan(1234));
  EXPECT_EQ(s.digest(), xxh64(data));
  // Known value of XXH64 for empty input with seed 0.
  EXPECT_EQ(xxh64({}), 0xef46db3751d8e999ull);
}

}  // namespace
}  // namespace lmz
