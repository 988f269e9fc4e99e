// Decompresses arbitrary bytes. A result that decodes must match its
// checksums; anything else must fail cleanly.
#include <cstddef>
#include <cstdint>

#include "codec/stream_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lmz::codec::DecompressOptions options;
  options.threads = 1;
  lmz::Result<lmz::Bytes> out = lmz::codec::decompress_bytes(lmz::ByteSpan(data, size), options);
  (void)out;
  return 0;
}
