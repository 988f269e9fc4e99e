// Tens of MiB streamed through pipes: the archive must round-trip, use several
// chunks and threads, and keep peak memory under the 300 MB target.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include "test_util.h"

namespace lmz {
namespace {

TEST(LargeStream, TensOfMebibytesThroughPipesInBoundedMemory) {
  test::TempDir dir;
  // 24 MiB: text with long-range repeats and a stretch of random bytes.
  Bytes data = test::text_bytes(20 << 20, 51);
  const Bytes noise = test::random_bytes(4 << 20, 52);
  data.insert(data.end(), noise.begin(), noise.end());
  ASSERT_TRUE(write_file(dir.file("big"), data).ok());
  const std::string lmz = test::quote(test::lmz_binary());
  const std::string big = test::quote(dir.file("big"));
  const std::string archive = test::quote(dir.file("big.lmz"));

  const test::CommandResult c = test::run_shell("cat " + big + " | " + lmz + " -T 2 -c > " + archive);
  ASSERT_EQ(c.exit_code, 0) << c.output;
  const test::CommandResult d = test::run_shell(lmz + " -T 2 -dc " + archive + " | cmp - " + big);
  ASSERT_EQ(d.exit_code, 0) << d.output;

  // Largest resident set of any child process so far (the shells, cat, cmp
  // and both lmz runs), in KiB on Linux.
  struct rusage usage {};
  getrusage(RUSAGE_CHILDREN, &usage);
  const double peak_mb = usage.ru_maxrss / 1024.0;
  RecordProperty("peak_rss_mb", std::to_string(peak_mb));
  EXPECT_LT(peak_mb, 300.0) << "peak memory " << peak_mb << " MB";

  const test::CommandResult l = test::run_shell(lmz + " -l " + archive);
  ASSERT_EQ(l.exit_code, 0);
  EXPECT_NE(l.output.find(std::to_string(data.size())), std::string::npos) << l.output;
}

}  // namespace
}  // namespace lmz
