// The reference compressors lmz is measured against, each through its own
// library at its strongest common setting: gzip -9, bzip2 -9, xz -9e,
// zstd -19 and brotli -q 11.
#pragma once

#include <string>
#include <vector>

#include "core/bytes.h"
#include "lmz/status.h"

namespace lmz::bench {

struct Baseline {
  std::string name;  // as the command line would say it, e.g. "xz -9e"
  Result<Bytes> (*compress)(ByteSpan input);
  Result<Bytes> (*decompress)(ByteSpan archive, size_t original_bytes);
};

const std::vector<Baseline>& baselines();

}  // namespace lmz::bench
