// Helpers shared by the tests: data generators, temporary folders, running
// the lmz binary.
#pragma once

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "core/bytes.h"
#include "core/file_io.h"

namespace lmz::test {

inline std::string shared_dir() {
  return LMZ_SHARED_DIR;
}
inline bool have_shared() {
  return std::filesystem::is_directory(shared_dir() + "/corpus");
}
inline std::string lmz_binary() {
  return LMZ_BINARY;
}

#define LMZ_REQUIRE_SHARED()                                                                               \
  do {                                                                                                     \
    if (!::lmz::test::have_shared()) GTEST_SKIP() << "../shared is absent: " << ::lmz::test::shared_dir(); \
  } while (0)

inline Bytes random_bytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Bytes out(n);
  for (uint8_t& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

// English-like text: words from a fixed vocabulary, with punctuation and
// numbers, deterministic for a seed.
inline Bytes text_bytes(size_t n, uint64_t seed) {
  static const char* kWords[] = {"the",        "model", "predicts", "next",   "byte", "and",     "a",
                                 "compressor", "codes", "it",       "with",   "few",  "bits",    "when",
                                 "Alice",      "was",   "in",       "garden", "of",   "numbers", "1984",
                                 "3.14",       "per",   "cent",     "archive"};
  std::mt19937_64 rng(seed);
  Bytes out;
  out.reserve(n + 16);
  while (out.size() < n) {
    const char* w = kWords[rng() % (sizeof(kWords) / sizeof(kWords[0]))];
    out.insert(out.end(), w, w + std::char_traits<char>::length(w));
    const uint64_t r = rng() % 20;
    out.push_back(r == 0 ? '.' : r == 1 ? ',' : r == 2 ? '\n' : ' ');
  }
  out.resize(n);
  return out;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lmz-test.XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a shell command line, capturing its output.
inline CommandResult run_shell(const std::string& command) {
  CommandResult r;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) r.output.append(buf, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string quote(const std::string& s) {
  return "'" + s + "'";
}

}  // namespace lmz::test
