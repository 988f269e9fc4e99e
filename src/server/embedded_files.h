// The page's files (src/server/page), built into the program by
// cmake/embed_files.cmake: the server reads nothing from disk to serve them.
#pragma once

#include <string_view>
#include <vector>

namespace lmz::server {

struct EmbeddedFile {
  std::string_view name;  // "index.html", "app.js", ...
  std::string_view bytes;
};

const std::vector<EmbeddedFile>& embedded_files();

}  // namespace lmz::server
