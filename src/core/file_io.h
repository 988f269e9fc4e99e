// Files and standard streams for the command line and the codec.
//
// OutputFile writes to a temporary file beside its destination and renames it
// into place only on commit(); destroying an uncommitted OutputFile removes the
// temporary, so a failure never leaves a partial output behind. Temporaries
// are also listed where a signal handler can remove them
// (remove_pending_temporaries), so an interrupted run leaves none either.
//
// What an output path may be:
// - a regular file or nothing: written through a temporary, replaced only
//   with `overwrite`;
// - a character device, FIFO or socket (/dev/null, /dev/stdout, a named
//   pipe): written in place, as zstd does, never replaced; a block device
//   only with `overwrite`;
// - a symbolic link: with `overwrite` and a regular file at its end, the
//   file it points to is replaced and the link kept; to a device or FIFO,
//   written in place; otherwise refused;
// - our own standard output or error (/dev/stdout when stdout is a file):
//   written to that descriptor.
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
  // Whether this writes to our standard output or error (-, /dev/stdout).
  bool is_standard_stream() const { return is_stdout_; }
  uint64_t bytes_written() const { return bytes_written_; }

 private:
  OutputFile() = default;
  void discard();
  int fd_ = -1;
  bool is_stdout_ = false;
  bool in_place_ = false;  // a device, FIFO or our stdout/stderr: written directly, never renamed
  int temp_slot_ = -1;     // where the temporary is listed for signal handlers
  bool committed_ = false;
  std::string final_path_;
  std::string destination_;  // where the temporary is renamed to (a link's target)
  std::string temp_path_;
  uint64_t bytes_written_ = 0;
};

// Removes every temporary an OutputFile holds. Async-signal-safe: for the
// handlers of SIGINT, SIGTERM and the like, which then end the process.
void remove_pending_temporaries() noexcept;

bool path_exists(const std::string& path);
// Whether two paths name the same file (device and inode), following links.
bool same_file(const std::string& a, const std::string& b);
bool is_regular_file(const std::string& path);
Status remove_file(const std::string& path);
// Whole-file helpers for tests and small inputs.
Result<Bytes> read_file(const std::string& path);
Status write_file(const std::string& path, ByteSpan data);

}  // namespace lmz
