#include "core/file_io.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.h"

namespace lmz {
namespace {

TEST(OutputFile, NothingAppearsUntilCommit) {
  test::TempDir dir;
  const std::string path = dir.file("out.bin");
  {
    Result<OutputFile> out = OutputFile::create(path, false);
    ASSERT_TRUE(out.ok()) << out.status().message();
    ASSERT_TRUE(out->write(Bytes{1, 2, 3}).ok());
    EXPECT_FALSE(path_exists(path));
  }
  // Destroyed without commit: no output and no temporary left behind.
  EXPECT_FALSE(path_exists(path));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(OutputFile, CommitMovesIntoPlaceAndRefusesToOverwrite) {
  test::TempDir dir;
  const std::string path = dir.file("out.bin");
  Result<OutputFile> out = OutputFile::create(path, false);
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE(out->write(Bytes{9, 8}).ok());
  ASSERT_TRUE(out->commit().ok());
  Result<Bytes> back = read_file(path);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, (Bytes{9, 8}));
  Result<OutputFile> again = OutputFile::create(path, false);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kExists);
  EXPECT_TRUE(OutputFile::create(path, true).ok());
}

TEST(InputFile, MissingFileIsAnIoError) {
  Result<InputFile> in = InputFile::open("/nonexistent/lmz/file");
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.status().code(), ErrorCode::kIo);
  EXPECT_NE(in.status().message().find("/nonexistent/lmz/file"), std::string::npos);
}

}  // namespace
}  // namespace lmz
