#include "cli/report_output.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/file_io.h"

namespace lmz::cli {

int emit_report(const Options& o, const std::string& report) {
  if (o.output.empty() || o.output == "-") {
    errno = 0;
    std::fwrite(report.data(), 1, report.size(), stdout);
    if (std::fflush(stdout) == 0 && std::ferror(stdout) == 0) return 0;
    std::fprintf(stderr, "lmz: cannot write the report: %s\n", errno != 0 ? std::strerror(errno) : "write error");
    return 1;
  }
  Result<OutputFile> out = OutputFile::create(o.output, o.force);
  Status s =
      out.ok() ? out->write(ByteSpan(reinterpret_cast<const uint8_t*>(report.data()), report.size())) : out.status();
  if (s.ok()) s = out->commit();
  if (s.ok()) return 0;
  std::fprintf(stderr, "lmz: %s\n", s.message().c_str());
  return 1;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "lmz: %s\n", message.c_str());
  return 1;
}

Result<std::string> read_text(const std::string& path) {
  LMZ_ASSIGN_OR_RETURN(Bytes data, read_file(path));
  return std::string(data.begin(), data.end());
}

bool report_in_color(const Options& o) {
  const char* no_color = std::getenv("NO_COLOR");
  const bool to_terminal = (o.output.empty() || o.output == "-") && isatty(1);
  return o.color == "always" || (o.color == "auto" && to_terminal && (no_color == nullptr || *no_color == '\0'));
}

}  // namespace lmz::cli
