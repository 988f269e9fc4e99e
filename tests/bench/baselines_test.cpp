#include "bench/baselines.h"

#include <gtest/gtest.h>

#include "bench/bench_runner.h"
#include "test_util.h"

namespace lmz::bench {
namespace {

TEST(Baselines, EachRoundTripsThroughItsLibrary) {
  const Bytes data = test::text_bytes(50000, 61);
  ASSERT_EQ(baselines().size(), 5u);
  for (const Baseline& b : baselines()) {
    Result<Bytes> packed = b.compress(data);
    ASSERT_TRUE(packed.ok()) << b.name;
    EXPECT_LT(packed->size(), data.size()) << b.name;
    Result<Bytes> back = b.decompress(*packed, data.size());
    ASSERT_TRUE(back.ok()) << b.name;
    EXPECT_EQ(*back, data) << b.name;
  }
}

TEST(Bench, MeasuresEveryCodecOnAFile) {
  test::TempDir dir;
  ASSERT_TRUE(write_file(dir.file("t.txt"), test::text_bytes(30000, 62)).ok());
  BenchOptions o;
  o.lmz.cm.level = 1;
  o.runs = 2;
  Result<std::vector<FileResult>> r = run_bench({dir.path()}, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 1u);
  ASSERT_EQ((*r)[0].measurements.size(), 6u);
  for (const Measurement& m : (*r)[0].measurements) {
    EXPECT_TRUE(m.round_trip_ok) << m.codec;
    EXPECT_GT(m.compressed_bytes, 0u);
  }
  const std::string md = format_markdown(*r);
  EXPECT_NE(md.find("| t.txt | lmz -1 |"), std::string::npos) << md;
  EXPECT_NE(format_json(*r).find("\"bits_per_byte\""), std::string::npos);
}

}  // namespace
}  // namespace lmz::bench
