#include <gtest/gtest.h>

#include <filesystem>

#include "bench/baselines.h"
#include "codec/codec_test_util.h"

namespace lmz::codec {
namespace {

using test_support::compress_or_die;
using test_support::small_options;

void expect_round_trip(ByteSpan data, const CompressOptions& o) {
  const Bytes packed = compress_or_die(data, o);
  DecompressOptions d;
  d.threads = o.threads;
  Result<Bytes> back = decompress_bytes(packed, d);
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->size(), data.size());
  EXPECT_TRUE(std::equal(back->begin(), back->end(), data.begin()));
}

TEST(RoundTrip, EmptyInput) {
  const Bytes packed = compress_or_die({}, small_options());
  Result<Bytes> back = decompress_bytes(packed, {});
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_TRUE(back->empty());
}

TEST(RoundTrip, OneByte) {
  expect_round_trip(Bytes{0x42}, small_options());
}

TEST(RoundTrip, AllByteValues) {
  Bytes data;
  for (int rep = 0; rep < 3; ++rep) {
    for (int b = 0; b < 256; ++b) data.push_back(static_cast<uint8_t>(b));
  }
  expect_round_trip(data, small_options());
}

TEST(RoundTrip, OneMebibyteOfRandomBytesIsStoredNotExpanded) {
  const Bytes data = test::random_bytes(1 << 20, 11);
  CompressOptions o = small_options(256 << 10);
  o.threads = 2;
  const Bytes packed = compress_or_die(data, o);
  // Four stored chunks: only the container's overhead is added (header with
  // its 2 params bytes and check, frames, table with tag, count, totals and
  // check, trailer).
  const size_t overhead = kFixedHeaderBytes + 2 + 4 + 4 * (kChunkFrameBytes + kTableEntryBytes) + 36 + kTrailerBytes;
  EXPECT_EQ(packed.size(), data.size() + overhead);
  expect_round_trip(data, o);
}

TEST(RoundTrip, ManyChunksAndAPartialLastChunk) {
  const Bytes data = test::text_bytes(3 * kMinChunkSize + 123, 12);
  expect_round_trip(data, small_options());
}

TEST(RoundTrip, EveryCorpusFileAtTheDefaultSettings) {
  LMZ_REQUIRE_SHARED();
  CompressOptions o;
  o.threads = 2;
  for (const auto& entry : std::filesystem::directory_iterator(test::shared_dir() + "/corpus")) {
    const std::string name = entry.path().filename().string();
    if (name == "README.md" || name == "SHA256SUMS") continue;
    Result<Bytes> data = read_file(entry.path().string());
    ASSERT_TRUE(data.ok());
    SCOPED_TRACE(name);
    expect_round_trip(*data, o);
  }
}

// The foundation targets: every text file of the corpus smaller than with
// xz -9e and bzip2 -9 (measured here through their libraries), and
// alice29.txt at 2.10 bits per byte or better.
TEST(RoundTrip, TextBeatsXzAndBzip2OnTheCorpus) {
  LMZ_REQUIRE_SHARED();
  for (const char* name : {"alice29.txt", "asyoulik.txt", "lcet10.txt", "plrabn12.txt"}) {
    SCOPED_TRACE(name);
    Result<Bytes> data = read_file(test::shared_dir() + "/corpus/" + name);
    ASSERT_TRUE(data.ok());
    const Bytes packed = compress_or_die(*data, CompressOptions{});
    for (const bench::Baseline& b : bench::baselines()) {
      if (b.name != "xz -9e" && b.name != "bzip2 -9") continue;
      Result<Bytes> theirs = b.compress(*data);
      ASSERT_TRUE(theirs.ok());
      EXPECT_LT(packed.size(), theirs->size()) << b.name;
    }
    if (std::string(name) == "alice29.txt") {
      EXPECT_LE(8.0 * packed.size() / data->size(), 2.10);
    }
  }
}

}  // namespace
}  // namespace lmz::codec
