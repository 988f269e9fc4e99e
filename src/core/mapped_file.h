// A whole file mapped read-only into memory (model weights: the pages are
// shared with the page cache and loaded on first touch).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/bytes.h"
#include "lmz/status.h"

namespace lmz {

// What identifies a file's contents without reading them: where it lives
// and its size and times as the system keeps them (nanoseconds). A change
// of contents changes the modification and status-change times; the
// status-change time cannot be set back by any user.
struct FileIdentity {
  uint64_t device = 0;
  uint64_t inode = 0;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;
  bool operator==(const FileIdentity&) const = default;
};

// The identity of the file at `path` now, or nullopt when it cannot be read.
std::optional<FileIdentity> file_identity(const std::string& path);

class MappedFile {
 public:
  static Result<MappedFile> open(const std::string& path);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  ByteSpan bytes() const { return {data_, size_}; }
  const std::string& path() const { return path_; }
  // The file's identity when it was opened.
  const FileIdentity& identity() const { return identity_; }

 private:
  MappedFile(const uint8_t* data, size_t size, std::string path, FileIdentity identity)
      : data_(data), size_(size), path_(std::move(path)), identity_(identity) {}
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  std::string path_;
  FileIdentity identity_;
};

}  // namespace lmz
