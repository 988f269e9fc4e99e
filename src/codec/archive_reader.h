// Sequential reader of an .lmz archive's structure: header, chunk frames,
// table and trailer (a single-chunk archive has neither: its table is made
// from its one frame), each validated before use. Used by decompression, -t and
// -l; it works on pipes, reading every byte once.
#pragma once

#include <functional>
#include <vector>

#include "codec/container.h"
#include "lmz/status.h"

namespace lmz::codec {

class ArchiveReader {
 public:
  using SourceFn = std::function<Result<size_t>(uint8_t* data, size_t n)>;
  explicit ArchiveReader(const SourceFn& in) : in_(in) {}

  Status read_header(FileHeader& header);
  // Reads the next chunk frame into `chunk` and its payload into `payload`
  // (skipped when payload is null). Sets `done` instead when the chunk table
  // comes next, having read and checked table and trailer against the frames.
  Status next_chunk(ChunkInfo& chunk, Bytes* payload, bool& done);
  const ChunkTable& table() const { return table_; }
  uint64_t offset() const { return offset_; }

 private:
  Status read_exact(uint8_t* data, size_t n, const std::string& what);
  Status finish(ByteSpan tag);
  Status expect_end();  // nothing may follow the archive

  const SourceFn& in_;
  FileHeader header_;
  std::vector<ChunkInfo> seen_;
  ChunkTable table_;
  uint64_t offset_ = 0;
};

}  // namespace lmz::codec
