#include "core/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace lmz {
namespace {

Status io_error(const std::string& what, const std::string& path) {
  return make_error(ErrorCode::kIo, path + ": " + what + ": " + std::strerror(errno));
}

}  // namespace

Result<InputFile> InputFile::open(const std::string& path) {
  if (path == "-") {
    struct stat st {};
    const int64_t size = (fstat(0, &st) == 0 && S_ISREG(st.st_mode)) ? st.st_size : -1;
    return InputFile(0, "stdin", size, false);
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open", path);
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    Status s = io_error("cannot stat", path);
    ::close(fd);
    return s;
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return make_error(ErrorCode::kInvalidArgument, path + ": is a directory");
  }
  return InputFile(fd, path, S_ISREG(st.st_mode) ? st.st_size : -1, true);
}

InputFile::InputFile(InputFile&& other) noexcept
    : fd_(other.fd_), name_(std::move(other.name_)), size_bytes_(other.size_bytes_), owned_(other.owned_) {
  other.fd_ = -1;
  other.owned_ = false;
}

InputFile& InputFile::operator=(InputFile&& other) noexcept {
  if (this != &other) {
    if (owned_ && fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    name_ = std::move(other.name_);
    size_bytes_ = other.size_bytes_;
    owned_ = other.owned_;
    other.fd_ = -1;
    other.owned_ = false;
  }
  return *this;
}

InputFile::~InputFile() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

Result<size_t> InputFile::read(uint8_t* data, size_t n) {
  size_t done = 0;
  while (done < n) {
    const ssize_t got = ::read(fd_, data + done, n - done);
    if (got < 0) {
      if (errno == EINTR) continue;
      return io_error("read error", name_);
    }
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  return done;
}

Status InputFile::seek(uint64_t offset) {
  if (lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) return io_error("cannot seek", name_);
  return Status::success();
}

Result<OutputFile> OutputFile::create(const std::string& path, bool overwrite) {
  OutputFile out;
  out.final_path_ = path;
  if (path == "-") {
    out.fd_ = 1;
    out.is_stdout_ = true;
    return out;
  }
  if (!overwrite && path_exists(path)) {
    return make_error(ErrorCode::kExists, path + ": already exists (use -f to overwrite)");
  }
  std::string pattern = path + ".lmztmp.XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return io_error("cannot create temporary file", path);
  // mkostemp makes the file private (0600); give it the permissions a plain
  // creation would (0666 less the umask). Callers may copy an input's instead.
  static const mode_t kUmask = [] {
    const mode_t mask = ::umask(022);
    ::umask(mask);
    return mask;
  }();
  fchmod(fd, 0666 & ~kUmask);
  out.fd_ = fd;
  out.temp_path_ = name.data();
  return out;
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : fd_(other.fd_),
      is_stdout_(other.is_stdout_),
      committed_(other.committed_),
      final_path_(std::move(other.final_path_)),
      temp_path_(std::move(other.temp_path_)),
      bytes_written_(other.bytes_written_) {
  other.fd_ = -1;
  other.temp_path_.clear();
}

OutputFile& OutputFile::operator=(OutputFile&& other) noexcept {
  if (this != &other) {
    discard();
    fd_ = other.fd_;
    is_stdout_ = other.is_stdout_;
    committed_ = other.committed_;
    final_path_ = std::move(other.final_path_);
    temp_path_ = std::move(other.temp_path_);
    bytes_written_ = other.bytes_written_;
    other.fd_ = -1;
    other.temp_path_.clear();
  }
  return *this;
}

OutputFile::~OutputFile() { discard(); }

void OutputFile::discard() {
  if (is_stdout_ || fd_ < 0) return;
  ::close(fd_);
  fd_ = -1;
  if (!committed_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
}

Status OutputFile::write(ByteSpan data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t put = ::write(fd_, data.data() + done, data.size() - done);
    if (put < 0) {
      if (errno == EINTR) continue;
      return io_error("write error", final_path_);
    }
    done += static_cast<size_t>(put);
  }
  bytes_written_ += data.size();
  return Status::success();
}

void OutputFile::copy_metadata_from(const std::string& source) {
  if (is_stdout_ || fd_ < 0) return;
  struct stat st {};
  if (stat(source.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
  fchmod(fd_, st.st_mode & 07777);
  const struct timespec times[2] = {st.st_atim, st.st_mtim};
  futimens(fd_, times);
}

Status OutputFile::commit() {
  if (is_stdout_) return Status::success();
  if (fd_ < 0 || committed_) return make_error(ErrorCode::kInternal, final_path_ + ": committed twice");
  if (::close(fd_) != 0) {
    fd_ = -1;
    ::unlink(temp_path_.c_str());
    return io_error("cannot close", final_path_);
  }
  fd_ = -1;
  if (std::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
    Status s = io_error("cannot rename into place", final_path_);
    ::unlink(temp_path_.c_str());
    return s;
  }
  committed_ = true;
  return Status::success();
}

bool path_exists(const std::string& path) {
  struct stat st {};
  return lstat(path.c_str(), &st) == 0;
}

bool is_regular_file(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Status remove_file(const std::string& path) {
  if (::unlink(path.c_str()) != 0) return io_error("cannot remove", path);
  return Status::success();
}

Result<Bytes> read_file(const std::string& path) {
  Result<InputFile> in = InputFile::open(path);
  if (!in.ok()) return in.status();
  Bytes data;
  constexpr size_t kStep = 1 << 20;
  for (;;) {
    const size_t at = data.size();
    data.resize(at + kStep);
    Result<size_t> got = in->read(data.data() + at, kStep);
    if (!got.ok()) return got.status();
    data.resize(at + *got);
    if (*got < kStep) break;
  }
  return data;
}

Status write_file(const std::string& path, ByteSpan data) {
  Result<OutputFile> out = OutputFile::create(path, true);
  if (!out.ok()) return out.status();
  LMZ_RETURN_IF_ERROR(out->write(data));
  return out->commit();
}

}  // namespace lmz
