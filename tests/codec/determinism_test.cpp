#include <gtest/gtest.h>

#include "codec/codec_test_util.h"

namespace lmz::codec {
namespace {

using test_support::compress_or_die;
using test_support::small_options;

TEST(Determinism, CompressingTwiceGivesIdenticalArchives) {
  const Bytes data = test::text_bytes(50000, 21);
  EXPECT_EQ(compress_or_die(data, small_options()), compress_or_die(data, small_options()));
}

TEST(Determinism, ThreadCountDoesNotChangeTheArchive) {
  const Bytes data = test::text_bytes(10 * kMinChunkSize + 77, 22);
  CompressOptions one = small_options();
  CompressOptions two = small_options();
  CompressOptions four = small_options();
  two.threads = 2;
  four.threads = 4;
  const Bytes a = compress_or_die(data, one);
  EXPECT_EQ(a, compress_or_die(data, two));
  EXPECT_EQ(a, compress_or_die(data, four));
  for (const int threads : {1, 2, 3}) {
    DecompressOptions d;
    d.threads = threads;
    Result<Bytes> back = decompress_bytes(a, d);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, data);
  }
}

// The SIMD and scalar mixer kernels must give the same bits: the lmz binary
// run with LMZ_SIMD=0 writes the same archive as the default build.
TEST(Determinism, ScalarAndSimdKernelsWriteTheSameArchive) {
  test::TempDir dir;
  const Bytes data = test::text_bytes(60000, 23);
  ASSERT_TRUE(write_file(dir.file("in"), data).ok());
  const std::string lmz = test::quote(test::lmz_binary());
  const std::string in = test::quote(dir.file("in"));
  ASSERT_EQ(test::run_shell("LMZ_SIMD=0 " + lmz + " -1 -c " + in + " > " + test::quote(dir.file("scalar"))).exit_code,
            0);
  ASSERT_EQ(test::run_shell(lmz + " -1 -c " + in + " > " + test::quote(dir.file("simd"))).exit_code, 0);
  Result<Bytes> scalar = read_file(dir.file("scalar"));
  Result<Bytes> simd = read_file(dir.file("simd"));
  ASSERT_TRUE(scalar.ok() && simd.ok());
  EXPECT_FALSE(scalar->empty());
  EXPECT_EQ(*scalar, *simd);
}

}  // namespace
}  // namespace lmz::codec
