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

#include "core/sha256.h"

namespace lmz {
namespace {

// FIPS 180-4 test vectors, whole and fed in pieces.
TEST(Sha256, KnownAnswers) {
  EXPECT_EQ(to_hex(sha256({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const std::string abc = "abc";
  EXPECT_EQ(to_hex(sha256(ByteSpan(reinterpret_cast<const uint8_t*>(abc.data()), abc.size()))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string long_text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  Sha256 h;
  for (size_t i = 0; i < long_text.size(); i += 7) {
    const size_t n = std::min<size_t>(7, long_text.size() - i);
    h.update(ByteSpan(reinterpret_cast<const uint8_t*>(long_text.data()) + i, n));
  }
  EXPECT_EQ(to_hex(h.digest()), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

}  // namespace
}  // namespace lmz
