// A whole file in memory, read-only (model weights), in one of two ways:
// read into private memory backed by 2 MiB pages where the kernel allows,
// or mapped from the page cache in 4 KiB pages, loaded on first touch and
// shared with other processes mapping the same file. The products of a
// model's weights read every page of them at each step; with 4 KiB pages
// the address translations miss the TLB on nearly every row, which costs
// most on virtual machines (a 512-token scoring of a 500 MB model ran 1.35
// times as fast read in; bench/results.md). Both give the same bytes.
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

enum class FileLoading {
  kRead,  // read into private memory
  kMap,   // mapped from the page cache
  // Read where the file takes at most half the memory available now and
  // LMZ_MMAP is not 1; else mapped, so a model larger than memory, or many
  // processes sharing one, still work.
  kAuto,
};

class MappedFile {
 public:
  static Result<MappedFile> open(const std::string& path, FileLoading loading = FileLoading::kMap);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  ByteSpan bytes() const { return {data_, size_}; }
  const std::string& path() const { return path_; }
  // The file's identity when it was opened.
  const FileIdentity& identity() const { return identity_; }
  // Whether the bytes were read into private memory rather than mapped.
  bool is_read() const { return read_; }

 private:
  MappedFile(const uint8_t* data, size_t size, std::string path, FileIdentity identity, bool read)
      : data_(data), size_(size), path_(std::move(path)), identity_(identity), read_(read) {}
  void release();
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  std::string path_;
  FileIdentity identity_;
  bool read_ = false;  // data_ maps private memory the bytes were read into, else the file
};

// Bytes of memory available to a new allocation without swapping, as the
// kernel estimates (MemAvailable), or 0 when unknown.
uint64_t available_memory_bytes();

}  // namespace lmz
