// Feeds arbitrary bytes to the archive structure reader (header, frames,
// table, trailer). It must reject bad input with an error, never crash.
#include <cstddef>
#include <cstdint>

#include "codec/stream_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const lmz::ByteSpan bytes(data, size);
  lmz::Result<lmz::codec::ArchiveInfo> info = lmz::codec::read_archive_info(lmz::codec::source_of(bytes));
  if (info.ok() && info->archive_bytes != size) __builtin_trap();
  return 0;
}
