// The cache of model digests by file identity: used only for the file as it
// was, never for a changed or freshly written one.
#include "core/digest_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "core/file_io.h"
#include "test_util.h"

namespace lmz {
namespace {

class DigestCache : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* old = std::getenv("XDG_CACHE_HOME");
    if (old != nullptr) saved_ = old;
    had_ = old != nullptr;
    setenv("XDG_CACHE_HOME", dir_.path().c_str(), 1);
    unsetenv("LMZ_CACHE");
  }
  void TearDown() override {
    if (had_) {
      setenv("XDG_CACHE_HOME", saved_.c_str(), 1);
    } else {
      unsetenv("XDG_CACHE_HOME");
    }
  }
  test::TempDir dir_;
  std::string saved_;
  bool had_ = false;
};

TEST_F(DigestCache, KeepsTheDigestOfAnUnchangedFileOnly) {
  const std::string model = dir_.file("model.gguf");
  ASSERT_TRUE(write_file(model, Bytes(1000, 7)).ok());
  const FileIdentity fresh = *file_identity(model);
  Sha256Digest digest{};
  digest[0] = 42;
  // A file written a moment ago is not trusted: it could change again
  // within the same clock tick.
  remember_sha256(model, fresh, digest);
  EXPECT_FALSE(cached_sha256(fresh).has_value());

  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  remember_sha256(model, fresh, digest);
  ASSERT_TRUE(cached_sha256(fresh).has_value());
  EXPECT_EQ(*cached_sha256(fresh), digest);
  EXPECT_EQ(digest_cache_path(), dir_.path() + "/lmz/sha256");

  // Any change of the file gives another identity, which the entry does not match.
  ASSERT_TRUE(write_file(model, Bytes(1000, 8)).ok());
  const FileIdentity changed = *file_identity(model);
  EXPECT_FALSE(changed == fresh);
  EXPECT_FALSE(cached_sha256(changed).has_value());
  // An identity that changed while the file was hashed is not recorded.
  Sha256Digest other{};
  other[0] = 1;
  remember_sha256(model, fresh, other);
  EXPECT_EQ(*cached_sha256(fresh), digest);
}

TEST_F(DigestCache, IgnoresAGarbledCacheAndCanBeTurnedOff) {
  ASSERT_TRUE(write_file(dir_.file("x"), Bytes(10, 1)).ok());
  std::filesystem::create_directories(dir_.path() + "/lmz");
  std::ofstream(dir_.path() + "/lmz/sha256") << "garbage\n1 2 3\n1 2 3 4 5 zz\n\n";
  const FileIdentity id = *file_identity(dir_.file("x"));
  EXPECT_FALSE(cached_sha256(id).has_value());
  setenv("LMZ_CACHE", "0", 1);
  EXPECT_EQ(digest_cache_path(), "");
  unsetenv("LMZ_CACHE");
}

}  // namespace
}  // namespace lmz
