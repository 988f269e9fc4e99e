// Files and standard streams for the command line and the codec.
//
// OutputFile writes to a temporary file beside its destination and renames it
// into place only on commit(); destroying an uncommitted OutputFile removes the
// temporary, so a failure never leaves a partial output behind.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/bytes.h"
#include "lmz/status.h"

namespace lmz {

class InputFile {
 public:
  // "-" opens standard input.
  static Result<InputFile> open(const std::string& path);
  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&& other) noexcept;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();

  // Reads until `n` bytes or end of input; returns the count read.
  Result<size_t> read(uint8_t* data, size_t n);
  // Size in bytes where the input is a regular file; -1 for pipes and terminals.
  int64_t size_bytes() const { return size_bytes_; }
  bool seekable() const { return size_bytes_ >= 0; }
  Status seek(uint64_t offset);
  const std::string& name() const { return name_; }

 private:
  InputFile(int fd, std::string name, int64_t size_bytes, bool owned)
      : fd_(fd), name_(std::move(name)), size_bytes_(size_bytes), owned_(owned) {}
  int fd_ = -1;
  std::string name_;
  int64_t size_bytes_ = -1;
  bool owned_ = false;
};

class OutputFile {
 public:
  // "-" writes to standard output (no temporary, nothing to remove on failure).
  // Refuses with kExists when `path` exists and `overwrite` is false.
  static Result<OutputFile> create(const std::string& path, bool overwrite);
  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&& other) noexcept;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();

  Status write(ByteSpan data);
  // Flushes and moves the finished file into place.
  Status commit();
  // Copies permission bits and modification time from `source` (a regular file).
  void copy_metadata_from(const std::string& source);
  const std::string& name() const { return final_path_; }
  uint64_t bytes_written() const { return bytes_written_; }

 private:
  OutputFile() = default;
  void discard();
  int fd_ = -1;
  bool is_stdout_ = false;
  bool committed_ = false;
  std::string final_path_;
  std::string temp_path_;
  uint64_t bytes_written_ = 0;
};

bool path_exists(const std::string& path);
bool is_regular_file(const std::string& path);
Status remove_file(const std::string& path);
// Whole-file helpers for tests and small inputs.
Result<Bytes> read_file(const std::string& path);
Status write_file(const std::string& path, ByteSpan data);

}  // namespace lmz
