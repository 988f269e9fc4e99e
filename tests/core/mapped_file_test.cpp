#include "core/mapped_file.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstring>
#include <fstream>

#include "test_util.h"

namespace lmz {
namespace {

std::string write_pattern(const test::TempDir& dir, size_t size) {
  const std::string path = dir.file("data.bin");
  std::ofstream out(path, std::ios::binary);
  for (size_t i = 0; i < size; ++i) out.put(static_cast<char>((i * 2654435761u) >> 13));
  return path;
}

TEST(MappedFile, ReadAndMappedGiveTheSameBytes) {
  test::TempDir dir;
  // Past a 2 MiB page, and not a multiple of any page.
  const std::string path = write_pattern(dir, (size_t{5} << 20) + 12345);
  Result<MappedFile> read = MappedFile::open(path, FileLoading::kRead);
  Result<MappedFile> mapped = MappedFile::open(path, FileLoading::kMap);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_TRUE(mapped.ok()) << mapped.status().message();
  EXPECT_TRUE(read->is_read());
  EXPECT_FALSE(mapped->is_read());
  ASSERT_EQ(read->bytes().size(), mapped->bytes().size());
  EXPECT_EQ(std::memcmp(read->bytes().data(), mapped->bytes().data(), read->bytes().size()), 0);
  EXPECT_EQ(read->identity(), mapped->identity());

  // Moving keeps the bytes where they are, whichever way they came.
  const uint8_t* where = read->bytes().data();
  MappedFile moved = std::move(*read);
  EXPECT_EQ(moved.bytes().data(), where);
  EXPECT_TRUE(moved.is_read());
  moved = std::move(*mapped);
  EXPECT_FALSE(moved.is_read());
  EXPECT_EQ(moved.bytes()[7], static_cast<uint8_t>((7 * 2654435761u) >> 13));
}

TEST(MappedFile, AutomaticLoadingReadsASmallFileUnlessToldToMap) {
  test::TempDir dir;
  const std::string path = write_pattern(dir, 4096);
  ASSERT_GT(available_memory_bytes(), uint64_t{8192});  // this machine reports MemAvailable
  ::unsetenv("LMZ_MMAP");
  Result<MappedFile> automatic = MappedFile::open(path, FileLoading::kAuto);
  ASSERT_TRUE(automatic.ok());
  EXPECT_TRUE(automatic->is_read());
  ::setenv("LMZ_MMAP", "1", 1);
  Result<MappedFile> told = MappedFile::open(path, FileLoading::kAuto);
  ::unsetenv("LMZ_MMAP");
  ASSERT_TRUE(told.ok());
  EXPECT_FALSE(told->is_read());
  EXPECT_EQ(std::memcmp(automatic->bytes().data(), told->bytes().data(), 4096), 0);
}

TEST(MappedFile, EmptyMissingAndNonRegularFiles) {
  test::TempDir dir;
  const std::string empty = write_pattern(dir, 0);
  for (FileLoading loading : {FileLoading::kRead, FileLoading::kMap}) {
    Result<MappedFile> f = MappedFile::open(empty, loading);
    ASSERT_TRUE(f.ok());
    EXPECT_EQ(f->bytes().size(), 0u);
    Result<MappedFile> missing = MappedFile::open(dir.file("absent.gguf"), loading);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.status().code(), ErrorCode::kIo);
    EXPECT_FALSE(MappedFile::open(dir.path(), loading).ok());  // a directory
  }
}

}  // namespace
}  // namespace lmz
