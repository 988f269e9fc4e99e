// Errors as values: every fallible library call returns a Status or a
// Result<T>. Codes are stable (they appear in JSON output and scripts rely on
// them); messages are for people and name the file, field or chunk at fault.
#pragma once

#include <string>
#include <utility>
#include <variant>

// What the shared library exports: the public interface and nothing else.
#define LMZ_API __attribute__((visibility("default")))

namespace lmz {

enum class ErrorCode : int {
  kOk = 0,
  kInvalidArgument = 1,  // a caller passed something out of range
  kIo = 2,               // the operating system refused a read or write
  kExists = 3,           // an output file exists and overwriting was not asked for
  kBadMagic = 4,         // not an .lmz archive
  kUnsupportedVersion = 5,
  kTruncated = 6,         // the archive ends before a field it needs
  kCorrupt = 7,           // a field is out of bounds or inconsistent
  kChecksumMismatch = 8,  // decoded bytes differ from what was compressed
  kUnsupportedModel = 9,  // the archive names a model this build lacks
  kModelMismatch = 10,    // a model was given but it is not the archive's
  kOutOfMemory = 11,
  kInternal = 12,
  kCancelled = 13,  // stopped by its caller, or past its time limit (lmz::Cancel)
};

// Stable lower-case name of a code, e.g. "checksum_mismatch".
LMZ_API const char* error_code_name(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status success() { return {}; }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

inline Status make_error(ErrorCode code, std::string message) {
  return Status(code, std::move(message));
}

// A value or the Status that explains why there is none.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kSuccess;
    return ok() ? kSuccess : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace lmz

// Returns early from the enclosing function with the error of a Status.
#define LMZ_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::lmz::Status lmz_status_ = (expr);        \
    if (!lmz_status_.ok()) return lmz_status_; \
  } while (0)

// Declares (or assigns) `lhs` from a Result's value, or returns early from
// the enclosing function with the Result's error:
//   LMZ_ASSIGN_OR_RETURN(Bytes data, read_file(path));
#define LMZ_ASSIGN_OR_RETURN(lhs, ...) LMZ_ASSIGN_OR_RETURN_(LMZ_CONCAT_(lmz_result_, __LINE__), lhs, __VA_ARGS__)
#define LMZ_ASSIGN_OR_RETURN_(result, lhs, ...) \
  auto result = (__VA_ARGS__);                  \
  if (!result.ok()) return result.status();     \
  lhs = std::move(result).value()
#define LMZ_CONCAT_(a, b) LMZ_CONCAT_INNER_(a, b)
#define LMZ_CONCAT_INNER_(a, b) a##b
