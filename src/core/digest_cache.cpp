#include "core/digest_cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace lmz {
namespace {

constexpr size_t kMaxEntries = 256;
constexpr int64_t kRacyNs = 2'000'000'000;  // times younger than this are not trusted

struct Entry {
  FileIdentity id;
  Sha256Digest digest{};
};

std::string hex(const Sha256Digest& d) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : d) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

bool parse_hex(const std::string& s, Sha256Digest& d) {
  if (s.size() != 64) return false;
  for (size_t i = 0; i < 32; ++i) {
    unsigned v = 0;
    for (size_t k = 0; k < 2; ++k) {
      const char c = s[2 * i + k];
      const int nibble = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (nibble < 0) return false;
      v = v * 16 + static_cast<unsigned>(nibble);
    }
    d[i] = static_cast<uint8_t>(v);
  }
  return true;
}

// The entries of the cache file; malformed lines are skipped, and a file
// larger than any cache we write is ignored.
std::vector<Entry> read_entries(const std::string& path) {
  std::vector<Entry> entries;
  std::ifstream in(path);
  if (!in) return entries;
  std::string line;
  size_t read = 0;
  while (std::getline(in, line) && read < 2 * kMaxEntries) {
    ++read;
    std::istringstream fields(line);
    Entry e;
    std::string digest;
    if (fields >> e.id.device >> e.id.inode >> e.id.size >> e.id.mtime_ns >> e.id.ctime_ns >> digest &&
        parse_hex(digest, e.digest)) {
      entries.push_back(e);
    }
  }
  return entries;
}

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string digest_cache_path() {
  const char* off = std::getenv("LMZ_CACHE");
  if (off != nullptr && std::strcmp(off, "0") == 0) return "";
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg != nullptr && xdg[0] == '/') return std::string(xdg) + "/lmz/sha256";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') return std::string(home) + "/.cache/lmz/sha256";
  return "";
}

std::optional<Sha256Digest> cached_sha256(const FileIdentity& id) {
  const std::string path = digest_cache_path();
  if (path.empty()) return std::nullopt;
  for (const Entry& e : read_entries(path)) {
    if (e.id == id) return e.digest;
  }
  return std::nullopt;
}

void remember_sha256(const std::string& file, const FileIdentity& id, const Sha256Digest& digest) {
  const std::string path = digest_cache_path();
  if (path.empty()) return;
  const int64_t now = now_ns();
  if (now - id.mtime_ns < kRacyNs || now - id.ctime_ns < kRacyNs) return;
  const std::optional<FileIdentity> after = file_identity(file);
  if (!after || !(*after == id)) return;

  std::vector<Entry> entries = read_entries(path);
  std::vector<Entry> kept;
  for (const Entry& e : entries) {
    // One entry per file: a newer identity of the same file replaces it.
    if (!(e.id.device == id.device && e.id.inode == id.inode)) kept.push_back(e);
  }
  kept.push_back({id, digest});
  if (kept.size() > kMaxEntries) kept.erase(kept.begin(), kept.end() - kMaxEntries);

  // Create the folders (private), write a temporary, rename it into place.
  const std::string dir = path.substr(0, path.rfind('/'));
  const std::string parent = dir.substr(0, dir.rfind('/'));
  ::mkdir(parent.c_str(), 0700);
  ::mkdir(dir.c_str(), 0700);
  char temp[4096];
  if (std::snprintf(temp, sizeof temp, "%s.%ld.tmp", path.c_str(), static_cast<long>(::getpid())) >=
      static_cast<int>(sizeof temp)) {
    return;
  }
  {
    std::ofstream out(temp, std::ios::trunc);
    if (!out) return;
    for (const Entry& e : kept) {
      out << e.id.device << ' ' << e.id.inode << ' ' << e.id.size << ' ' << e.id.mtime_ns << ' ' << e.id.ctime_ns << ' '
          << hex(e.digest) << '\n';
    }
    if (!out.flush()) {
      out.close();
      std::remove(temp);
      return;
    }
  }
  if (std::rename(temp, path.c_str()) != 0) std::remove(temp);
}

}  // namespace lmz
