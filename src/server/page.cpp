#include "server/page.h"

#include <map>

#include "server/embedded_files.h"

namespace lmz::server {
namespace {

const char* media_type(std::string_view name) {
  const auto ends = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

}  // namespace

const PageFile* page_file(const std::string& path) {
  static const std::map<std::string, PageFile> files = [] {
    std::map<std::string, PageFile> m;
    for (const EmbeddedFile& f : embedded_files()) {
      const std::string at = f.name == "index.html" ? "/" : "/" + std::string(f.name);
      m[at] = {f.bytes, media_type(f.name)};
    }
    return m;
  }();
  const auto it = files.find(path);
  return it == files.end() ? nullptr : &it->second;
}

}  // namespace lmz::server
