#include "core/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
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

namespace {

// Temporaries in progress, where a signal handler can find them without
// allocating or locking: a slot is 0 free, 1 being written, 2 listed.
constexpr int kTempSlots = 32;
constexpr size_t kTempPathBytes = 4096;
struct TempSlot {
  std::atomic<int> state{0};
  char path[kTempPathBytes];
};
TempSlot g_temp_slots[kTempSlots];

int list_temporary(const std::string& path) {
  if (path.size() >= kTempPathBytes) return -1;
  for (int i = 0; i < kTempSlots; ++i) {
    int expected = 0;
    if (g_temp_slots[i].state.compare_exchange_strong(expected, 1)) {
      std::memcpy(g_temp_slots[i].path, path.c_str(), path.size() + 1);
      g_temp_slots[i].state.store(2);
      return i;
    }
  }
  return -1;
}

void unlist_temporary(int slot) {
  if (slot >= 0) g_temp_slots[slot].state.store(0);
}

// The file descriptor among our stdout and stderr that `st` names, or -1.
int standard_stream_of(const struct stat& st) {
  for (int fd : {1, 2}) {
    struct stat s {};
    if (fstat(fd, &s) == 0 && s.st_dev == st.st_dev && s.st_ino == st.st_ino) return fd;
  }
  return -1;
}

// A temporary name beside `path`: PATH.lmztmp.XXXXXX, or a short
// DIR/.lmztmp.XXXXXX where the long form would pass the file system's limit
// on a name's length.
std::string temporary_pattern(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const size_t base_bytes = slash == std::string::npos ? path.size() : path.size() - slash - 1;
  long name_max = pathconf(dir.c_str(), _PC_NAME_MAX);
  if (name_max <= 0) name_max = 255;
  constexpr size_t kSuffixBytes = sizeof(".lmztmp.XXXXXX") - 1;
  if (base_bytes + kSuffixBytes <= static_cast<size_t>(name_max)) return path + ".lmztmp.XXXXXX";
  return (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + ".lmztmp.XXXXXX";
}

}  // namespace

void remove_pending_temporaries() noexcept {
  for (TempSlot& slot : g_temp_slots) {
    if (slot.state.load() == 2) ::unlink(slot.path);
  }
}

Result<OutputFile> OutputFile::create(const std::string& path, bool overwrite) {
  OutputFile out;
  out.final_path_ = path;
  if (path == "-") {
    out.fd_ = 1;
    out.is_stdout_ = true;
    return out;
  }
  std::string destination = path;
  struct stat link {};
  if (lstat(path.c_str(), &link) == 0) {
    struct stat st {};
    const bool is_link = S_ISLNK(link.st_mode);
    if (is_link && stat(path.c_str(), &st) != 0) {
      return make_error(ErrorCode::kExists, path + ": is a symbolic link to nothing; not replaced");
    }
    if (!is_link) st = link;
    if (S_ISDIR(st.st_mode)) return make_error(ErrorCode::kInvalidArgument, path + ": is a directory");
    const int stream = standard_stream_of(st);
    if (stream >= 0) {
      out.fd_ = stream;
      out.is_stdout_ = true;
      return out;
    }
    if (!S_ISREG(st.st_mode)) {
      // A device, FIFO or socket is written in place, never replaced; a
      // block device holds data, so only when told to.
      if (S_ISBLK(st.st_mode) && !overwrite) {
        return make_error(ErrorCode::kExists, path + ": is a block device (use -f to write to it)");
      }
      const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd < 0) return io_error("cannot open", path);
      out.fd_ = fd;
      out.in_place_ = true;
      return out;
    }
    if (!overwrite) return make_error(ErrorCode::kExists, path + ": already exists (use -f to overwrite)");
    if (is_link) {
      // The file at the link's end is replaced; the link stays.
      char* resolved = realpath(path.c_str(), nullptr);
      if (resolved == nullptr) return io_error("cannot resolve the symbolic link", path);
      destination = resolved;
      std::free(resolved);
    }
  }
  std::string pattern = temporary_pattern(destination);
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return io_error("cannot create temporary file", path);
  out.temp_slot_ = list_temporary(name.data());
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
  out.destination_ = destination;
  return out;
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : fd_(other.fd_),
      is_stdout_(other.is_stdout_),
      in_place_(other.in_place_),
      temp_slot_(other.temp_slot_),
      committed_(other.committed_),
      final_path_(std::move(other.final_path_)),
      destination_(std::move(other.destination_)),
      temp_path_(std::move(other.temp_path_)),
      bytes_written_(other.bytes_written_) {
  other.fd_ = -1;
  other.temp_slot_ = -1;
  other.temp_path_.clear();
}

OutputFile& OutputFile::operator=(OutputFile&& other) noexcept {
  if (this != &other) {
    discard();
    fd_ = other.fd_;
    is_stdout_ = other.is_stdout_;
    in_place_ = other.in_place_;
    temp_slot_ = other.temp_slot_;
    committed_ = other.committed_;
    final_path_ = std::move(other.final_path_);
    destination_ = std::move(other.destination_);
    temp_path_ = std::move(other.temp_path_);
    bytes_written_ = other.bytes_written_;
    other.fd_ = -1;
    other.temp_slot_ = -1;
    other.temp_path_.clear();
  }
  return *this;
}

OutputFile::~OutputFile() {
  discard();
}

void OutputFile::discard() {
  if (is_stdout_ || fd_ < 0) return;
  ::close(fd_);
  fd_ = -1;
  if (!committed_ && !temp_path_.empty()) ::unlink(temp_path_.c_str());
  unlist_temporary(temp_slot_);
  temp_slot_ = -1;
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
  if (is_stdout_ || in_place_ || fd_ < 0) return;
  struct stat st {};
  if (stat(source.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
  fchmod(fd_, st.st_mode & 07777);
  const struct timespec times[2] = {st.st_atim, st.st_mtim};
  futimens(fd_, times);
}

Status OutputFile::commit() {
  if (is_stdout_) return Status::success();
  if (fd_ < 0 || committed_) return make_error(ErrorCode::kInternal, final_path_ + ": committed twice");
  if (in_place_) {
    const int closed = ::close(fd_);
    fd_ = -1;
    committed_ = true;
    if (closed != 0) return io_error("write error", final_path_);
    return Status::success();
  }
  if (::close(fd_) != 0) {
    fd_ = -1;
    ::unlink(temp_path_.c_str());
    unlist_temporary(temp_slot_);
    temp_slot_ = -1;
    return io_error("cannot close", final_path_);
  }
  fd_ = -1;
  if (std::rename(temp_path_.c_str(), destination_.c_str()) != 0) {
    Status s = io_error("cannot rename into place", final_path_);
    ::unlink(temp_path_.c_str());
    unlist_temporary(temp_slot_);
    temp_slot_ = -1;
    return s;
  }
  unlist_temporary(temp_slot_);
  temp_slot_ = -1;
  committed_ = true;
  return Status::success();
}

bool path_exists(const std::string& path) {
  struct stat st {};
  return lstat(path.c_str(), &st) == 0;
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {
  }, sb{};
  return stat(a.c_str(), &sa) == 0 && stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
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
  LMZ_ASSIGN_OR_RETURN(InputFile in, InputFile::open(path));
  Bytes data;
  constexpr size_t kStep = 1 << 20;
  for (;;) {
    const size_t at = data.size();
    data.resize(at + kStep);
    LMZ_ASSIGN_OR_RETURN(size_t got, in.read(data.data() + at, kStep));
    data.resize(at + got);
    if (got < kStep) break;
  }
  return data;
}

Status write_file(const std::string& path, ByteSpan data) {
  LMZ_ASSIGN_OR_RETURN(OutputFile out, OutputFile::create(path, true));
  LMZ_RETURN_IF_ERROR(out.write(data));
  return out.commit();
}

}  // namespace lmz
