#pragma once

#include <gtest/gtest.h>

#include "codec/stream_codec.h"
#include "test_util.h"

namespace lmz::codec::test_support {

// Small models and chunks keep the corruption sweeps fast.
inline CompressOptions small_options(uint32_t chunk_size = kMinChunkSize) {
  CompressOptions o;
  o.cm.level = 1;
  o.chunk_size = chunk_size;
  o.threads = 1;
  return o;
}

inline Bytes compress_or_die(ByteSpan data, const CompressOptions& o) {
  Result<Bytes> packed = compress_bytes(data, o);
  EXPECT_TRUE(packed.ok()) << packed.status().message();
  return packed.ok() ? *packed : Bytes{};
}

}  // namespace lmz::codec::test_support
