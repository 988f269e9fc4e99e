// The page at `/` (src/server/page): which built-in file a path names, with
// its media type and the headers every page response carries.
#pragma once

#include <string>
#include <string_view>

namespace lmz::server {

struct PageFile {
  std::string_view bytes;
  const char* content_type = "";
};

// The file for `path` ("/" is index.html), or null when the page has none.
const PageFile* page_file(const std::string& path);

// The page's Content-Security-Policy: everything from this server, nothing
// from elsewhere, no inline script.
inline constexpr const char* kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'";

}  // namespace lmz::server
