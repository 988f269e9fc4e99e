#include <gtest/gtest.h>

#include "codec/codec_test_util.h"
#include "core/checksum.h"

namespace lmz::codec {
namespace {

using test_support::compress_or_die;
using test_support::small_options;

Status decode(ByteSpan archive) {
  Result<Bytes> out = decompress_bytes(archive, {});
  return out.status();
}

// Three chunks of text: small enough to decode thousands of times.
Bytes sample_archive(Bytes* original = nullptr) {
  const Bytes data = test::text_bytes(2 * kMinChunkSize + 500, 31);
  if (original) *original = data;
  return compress_or_die(data, small_options());
}

// One chunk: the single-chunk form (format version 2), header and frame only.
Bytes single_archive(Bytes* original = nullptr) {
  const Bytes data = test::text_bytes(kMinChunkSize / 2, 32);
  if (original) *original = data;
  CompressOptions o = small_options();
  o.compact = false;  // the single-chunk form of version 2
  return compress_or_die(data, o);
}

// Rewrites the header's flags and version and seals it again (built-in model, P = 2).
void set_version_and_flags(Bytes& archive, uint16_t version, uint16_t flags) {
  store_le(&archive[8], version, 2);
  store_le(&archive[10], flags, 2);
  const size_t check_at = kFixedHeaderBytes + 2;
  store_le(&archive[check_at], xxh64(ByteSpan(archive).first(check_at)) & 0xffffffffu, 4);
}

TEST(CorruptArchive, SingleChunkFormIsTheHeaderAndOneFrame) {
  Bytes original;
  const Bytes archive = single_archive(&original);
  EXPECT_EQ(load_le(&archive[8], 2), 2u);
  EXPECT_EQ(load_le(&archive[10], 2), kFlagSingleChunk);
  const size_t frame = kFixedHeaderBytes + 2 + 4;
  const uint64_t payload = load_le(&archive[frame + 9], 4);
  EXPECT_EQ(archive.size(), frame + kChunkFrameBytes + payload);
  Result<Bytes> back = decompress_bytes(archive, {});
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, original);
  // An input of exactly one chunk cannot be known to end there: version 1.
  const Bytes full = compress_or_die(test::text_bytes(kMinChunkSize, 33), small_options());
  EXPECT_EQ(load_le(&full[8], 2), 1u);
  EXPECT_TRUE(std::equal(kTrailerTag.begin(), kTrailerTag.end(), full.end() - 8));
}

TEST(CorruptArchive, SingleChunkFlagBelongsToVersionTwoOnly) {
  Bytes archive = single_archive();
  set_version_and_flags(archive, 1, kFlagSingleChunk);
  Status s = decode(archive);
  EXPECT_EQ(s.code(), ErrorCode::kCorrupt);
  EXPECT_NE(s.message().find("not defined in version 1"), std::string::npos) << s.message();
  set_version_and_flags(archive, 2, 0);
  s = decode(archive);
  EXPECT_EQ(s.code(), ErrorCode::kCorrupt);
  EXPECT_NE(s.message().find("single-chunk"), std::string::npos) << s.message();
  set_version_and_flags(archive, 2, kFlagSingleChunk);
  EXPECT_TRUE(decode(archive).ok());
}

TEST(CorruptArchive, SampleDecodes) {
  Bytes original;
  const Bytes archive = sample_archive(&original);
  Result<Bytes> back = decompress_bytes(archive, {});
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, original);
}

TEST(CorruptArchive, EveryTruncationFails) {
  for (const Bytes& archive : {sample_archive(), single_archive()}) {
    for (size_t n = 0; n < archive.size(); ++n) {
      const Status s = decode(ByteSpan(archive).first(n));
      ASSERT_FALSE(s.ok()) << "prefix of " << n << " bytes decoded";
      if (n >= kFixedHeaderBytes) {
        EXPECT_EQ(s.code(), ErrorCode::kTruncated) << n << ": " << s.message();
        EXPECT_NE(s.message().find("truncated"), std::string::npos) << s.message();
      }
    }
  }
}

TEST(CorruptArchive, EveryBitFlipOutsideThePayloadFailsAndPayloadFlipsFail) {
  for (const Bytes& archive : {sample_archive(), single_archive()}) {
    // Payload bytes are sampled; every other byte is flipped in every bit.
    for (size_t i = 0; i < archive.size(); ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        if (i > 40 && i + 100 < archive.size() && (i % 37 != 0 || bit != (int)(i % 8))) continue;
        Bytes bad = archive;
        bad[i] ^= static_cast<uint8_t>(1 << bit);
        const Status s = decode(bad);
        ASSERT_FALSE(s.ok()) << "flip of byte " << i << " bit " << bit << " went unnoticed";
        EXPECT_FALSE(s.message().empty());
      }
    }
  }
}

TEST(CorruptArchive, WrongMagic) {
  Bytes archive = sample_archive();
  archive[1] = 'X';
  const Status s = decode(archive);
  EXPECT_EQ(s.code(), ErrorCode::kBadMagic);
  EXPECT_NE(s.message().find("not an .lmz archive"), std::string::npos);
  EXPECT_EQ(decode(Bytes{'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'}).code(), ErrorCode::kBadMagic);
}

TEST(CorruptArchive, UnknownVersion) {
  Bytes archive = sample_archive();
  archive[8] = 7;  // version field, little-endian
  const Status s = decode(archive);
  EXPECT_EQ(s.code(), ErrorCode::kUnsupportedVersion);
  EXPECT_NE(s.message().find("version 7"), std::string::npos) << s.message();
}

// A chunk table whose checksum is valid but whose sizes disagree with the
// frames it describes.
TEST(CorruptArchive, ChunkTableThatLiesAboutSizes) {
  Bytes archive = sample_archive();
  const uint64_t table_offset = load_le(archive.data() + archive.size() - kTrailerBytes, 8);
  const size_t entry0 = table_offset + 4 + 8;
  // Swap nothing else: original size of entry 0 minus one, then re-seal.
  const uint32_t original = static_cast<uint32_t>(load_le(&archive[entry0 + 1], 4));
  store_le(&archive[entry0 + 1], original - 1, 4);
  const size_t check_at = archive.size() - kTrailerBytes - 8;
  store_le(&archive[check_at], xxh64(ByteSpan(archive).subspan(table_offset, check_at - table_offset)), 8);
  const Status s = decode(archive);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kCorrupt) << s.message();
}

TEST(CorruptArchive, FrameThatClaimsMoreThanTheChunkSize) {
  Bytes archive = sample_archive();
  const size_t header_bytes = kFixedHeaderBytes + 2 + 4;
  store_le(&archive[header_bytes + 5], kMinChunkSize + 1, 4);
  const Status s = decode(archive);
  EXPECT_EQ(s.code(), ErrorCode::kCorrupt);
  EXPECT_NE(s.message().find("chunk 0"), std::string::npos) << s.message();
}

TEST(CorruptArchive, TrailingGarbage) {
  for (Bytes archive : {sample_archive(), single_archive()}) {
    archive.push_back(0);
    const Status s = decode(archive);
    EXPECT_EQ(s.code(), ErrorCode::kCorrupt);
    EXPECT_NE(s.message().find("trailing data"), std::string::npos);
  }
}

TEST(CorruptArchive, RandomBytesNeverCrash) {
  for (uint64_t seed = 0; seed < 200; ++seed) {
    Bytes junk = test::random_bytes(1 + seed * 3, seed);
    if (seed % 2 == 0 && junk.size() >= kMagic.size()) {
      // Start with a valid magic so the parser goes further.
      std::copy(kMagic.begin(), kMagic.end(), junk.begin());
    }
    EXPECT_FALSE(decode(junk).ok());
  }
}

}  // namespace
}  // namespace lmz::codec
