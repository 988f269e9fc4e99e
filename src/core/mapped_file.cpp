#include "core/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <utility>

namespace lmz {
namespace {

FileIdentity identity_of(const struct stat& info) {
  FileIdentity id;
  id.device = static_cast<uint64_t>(info.st_dev);
  id.inode = static_cast<uint64_t>(info.st_ino);
  id.size = static_cast<uint64_t>(info.st_size);
  id.mtime_ns = static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
  id.ctime_ns = static_cast<int64_t>(info.st_ctim.tv_sec) * 1000000000 + info.st_ctim.tv_nsec;
  return id;
}

}  // namespace

std::optional<FileIdentity> file_identity(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return identity_of(info);
}

uint64_t available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  uint64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib) {
    std::getline(meminfo, unit);
    if (key == "MemAvailable:") return kib * 1024;
  }
  return 0;
}

namespace {

bool reads(FileLoading loading, size_t size) {
  if (loading != FileLoading::kAuto) return loading == FileLoading::kRead;
  const char* env = std::getenv("LMZ_MMAP");
  if (env != nullptr && std::strcmp(env, "1") == 0) return false;
  return size <= available_memory_bytes() / 2;
}

constexpr size_t kHugePage = size_t{2} << 20;

// The whole file in private memory, or an error (no memory, a read error, or
// a file that shrank while it was read). Whole 2 MiB spans are backed by huge
// pages where the kernel allows; the tail past the last one is not, so the
// memory used is the file's size, not rounded up to 2 MiB.
Result<const uint8_t*> read_whole(int fd, size_t size, const std::string& path) {
  void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return make_error(ErrorCode::kIo, path + ": not enough memory to read the file");
#ifdef MADV_HUGEPAGE
  if (size >= kHugePage) ::madvise(p, size / kHugePage * kHugePage, MADV_HUGEPAGE);  // advice only
#endif
  auto* data = static_cast<uint8_t*>(p);
  size_t done = 0;
  while (done < size) {
    const ssize_t got = ::pread(fd, data + done, size - done, static_cast<off_t>(done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      const std::string why = got < 0 ? std::strerror(errno) : "the file shrank while it was read";
      ::munmap(p, size);
      return make_error(ErrorCode::kIo, path + ": " + why);
    }
    done += static_cast<size_t>(got);
  }
  ::mprotect(p, size, PROT_READ);  // read-only from here, as a mapping of the file is
  return static_cast<const uint8_t*>(data);
}

}  // namespace

Result<MappedFile> MappedFile::open(const std::string& path, FileLoading loading) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(ErrorCode::kIo, path + ": " + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return make_error(ErrorCode::kIo, path + ": not a regular file");
  }
  const size_t size = static_cast<size_t>(info.st_size);
  if (size > 0 && reads(loading, size)) {
    Result<const uint8_t*> data = read_whole(fd, size, path);
    ::close(fd);
    if (!data.ok()) return data.status();
    return MappedFile(*data, size, path, identity_of(info), true);
  }
  const uint8_t* data = nullptr;
  if (size > 0) {
    void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped == MAP_FAILED) {
      const int err = errno;
      ::close(fd);
      return make_error(ErrorCode::kIo, path + ": cannot map: " + std::strerror(err));
    }
    data = static_cast<const uint8_t*>(mapped);
  }
  ::close(fd);
  return MappedFile(data, size, path, identity_of(info), false);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      path_(std::move(other.path_)),
      identity_(other.identity_),
      read_(std::exchange(other.read_, false)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    path_ = std::move(other.path_);
    identity_ = other.identity_;
    read_ = std::exchange(other.read_, false);
  }
  return *this;
}

MappedFile::~MappedFile() {
  release();
}

void MappedFile::release() {
  // A mapping of the file or of the memory it was read into: unmapped alike.
  if (data_ != nullptr) ::munmap(const_cast<uint8_t*>(data_), size_);
  data_ = nullptr;
  read_ = false;
}

}  // namespace lmz
