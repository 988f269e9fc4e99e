// Golden tests of the lmz command: messages, exit codes and files left behind.
#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.h"

namespace lmz {
namespace {

using test::quote;
using test::run_shell;

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = test::text_bytes(20000, 41);
    ASSERT_TRUE(write_file(dir_.file("a.txt"), data_).ok());
  }
  test::CommandResult lmz(const std::string& args) {
    return run_shell("cd " + quote(dir_.path()) + " && " + quote(test::lmz_binary()) + " " + args);
  }
  bool exists(const std::string& name) { return path_exists(dir_.file(name)); }
  size_t n_files() {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir_.path())) ++n;
    return n;
  }

  test::TempDir dir_;
  Bytes data_;
};

TEST_F(Cli, CompressKeepsTheInputAndDecompressRestoresIt) {
  ASSERT_EQ(lmz("-1 a.txt").exit_code, 0);
  EXPECT_TRUE(exists("a.txt"));
  EXPECT_TRUE(exists("a.txt.lmz"));
  std::filesystem::rename(dir_.file("a.txt"), dir_.file("orig.txt"));
  const test::CommandResult r = lmz("-d a.txt.lmz");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(*read_file(dir_.file("a.txt")), data_);
  EXPECT_TRUE(exists("a.txt.lmz"));
}

TEST_F(Cli, RefusesToOverwriteWithoutForce) {
  ASSERT_EQ(lmz("-1 a.txt").exit_code, 0);
  const test::CommandResult r = lmz("-1 a.txt");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "lmz: a.txt: a.txt.lmz: already exists (use -f to overwrite)\n");
  EXPECT_EQ(lmz("-1 -f a.txt").exit_code, 0);
  EXPECT_EQ(n_files(), 2u);
}

TEST_F(Cli, RmRemovesTheInputOnlyAfterSuccess) {
  ASSERT_EQ(lmz("-1 --rm a.txt").exit_code, 0);
  EXPECT_FALSE(exists("a.txt"));
  ASSERT_EQ(lmz("-d --rm a.txt.lmz").exit_code, 0);
  EXPECT_TRUE(exists("a.txt"));
  EXPECT_FALSE(exists("a.txt.lmz"));
}

TEST_F(Cli, BadUsageExitsWithTwo) {
  const test::CommandResult r = lmz("--frobnicate a.txt");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output, "lmz: unknown option '--frobnicate'\nTry 'lmz --help' for more information.\n");
  EXPECT_EQ(lmz("-o x a.txt a.txt").exit_code, 2);
}

TEST_F(Cli, MissingInputIsAnErrorAndOtherFilesStillRun) {
  ASSERT_TRUE(write_file(dir_.file("b.txt"), data_).ok());
  const test::CommandResult r = lmz("-1 missing.txt b.txt");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("lmz: missing.txt: cannot open: No such file or directory\n"), std::string::npos) << r.output;
  EXPECT_TRUE(exists("b.txt.lmz"));
}

TEST_F(Cli, CorruptArchiveFailsWithoutLeavingOutput) {
  ASSERT_EQ(lmz("-1 a.txt").exit_code, 0);
  std::filesystem::remove(dir_.file("a.txt"));
  const Bytes intact = *read_file(dir_.file("a.txt.lmz"));
  Bytes archive = intact;
  archive[archive.size() / 2] ^= 0x10;
  ASSERT_TRUE(write_file(dir_.file("a.txt.lmz"), archive).ok());
  test::CommandResult r = lmz("-d a.txt.lmz");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("checksum mismatch"), std::string::npos) << r.output;
  EXPECT_EQ(n_files(), 1u) << "a partial or temporary output was left behind";
  r = lmz("-t a.txt.lmz");
  EXPECT_EQ(r.exit_code, 1);
  archive = intact;
  archive.resize(archive.size() - 30);
  ASSERT_TRUE(write_file(dir_.file("a.txt.lmz"), archive).ok());
  r = lmz("-d a.txt.lmz");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("truncated archive"), std::string::npos) << r.output;
  EXPECT_EQ(n_files(), 1u);
}

TEST_F(Cli, NotAnArchive) {
  ASSERT_TRUE(write_file(dir_.file("x.lmz"), data_).ok());
  const test::CommandResult r = lmz("-d x.lmz");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "lmz: x.lmz: not an .lmz archive (bad magic)\n");
  EXPECT_FALSE(exists("x"));
}

TEST_F(Cli, UnknownSuffixOnDecompress) {
  const test::CommandResult r = lmz("-d a.txt");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "lmz: a.txt: unknown suffix (expected .lmz); use -o or -c\n");
}

TEST_F(Cli, PipesAndOutputPath) {
  test::CommandResult r = lmz("-1 -c < a.txt | " + quote(test::lmz_binary()) + " -d -c > back.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(*read_file(dir_.file("back.txt")), data_);
  r = lmz("-1 -o packed a.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = lmz("-d -o unpacked packed");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(*read_file(dir_.file("unpacked")), data_);
}

TEST_F(Cli, TestAndListReportTheArchive) {
  ASSERT_EQ(lmz("-1 a.txt").exit_code, 0);
  test::CommandResult r = lmz("-t a.txt.lmz");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.output, "");
  r = lmz("-l a.txt.lmz");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("cm -1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("20000"), std::string::npos) << r.output;
  r = lmz("-l --json a.txt.lmz");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("\"original_bytes\": 20000"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"bits_per_byte\""), std::string::npos) << r.output;
}

TEST_F(Cli, SeveralFilesInOneCall) {
  ASSERT_TRUE(write_file(dir_.file("b.txt"), test::random_bytes(5000, 3)).ok());
  ASSERT_EQ(lmz("-1 a.txt b.txt").exit_code, 0);
  EXPECT_TRUE(exists("a.txt.lmz"));
  EXPECT_TRUE(exists("b.txt.lmz"));
  const test::CommandResult r = lmz("-t a.txt.lmz b.txt.lmz");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(Cli, HelpAndVersion) {
  const test::CommandResult r = lmz("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("Usage: lmz"), std::string::npos);
  EXPECT_EQ(lmz("--version").output.rfind("lmz ", 0), 0u);
}

}  // namespace
}  // namespace lmz
