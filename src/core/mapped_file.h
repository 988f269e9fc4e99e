// A whole file mapped read-only into memory (model weights: the pages are
// shared with the page cache and loaded on first touch).
#pragma once

#include <string>

#include "core/bytes.h"
#include "lmz/status.h"

namespace lmz {

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

 private:
  MappedFile(const uint8_t* data, size_t size, std::string path) : data_(data), size_(size), path_(std::move(path)) {}
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  std::string path_;
};

}  // namespace lmz
