// What gzip -9 and xz -9e make of a body, for the page's comparison with
// lmz's archive (POST /v1/compress?compare=true).
#pragma once

#include <cstdint>
#include <string_view>

#include "lmz/status.h"

namespace lmz::server {

struct ComparedSizes {
  uint64_t gzip = 0;  // a gzip file's bytes (zlib level 9, gzip framing)
  uint64_t xz = 0;    // an .xz file's bytes (liblzma preset 9 extreme)
};

Result<ComparedSizes> compare_sizes(std::string_view data);

}  // namespace lmz::server
