// Sequential reader of an .lmz archive's structure: header, chunk frames,
// table and trailer (a single-chunk archive has neither: its table is made
// from its one frame; a compact archive is read whole with its header), each validated before use. Used by
// decompression, -t and -l; it works on pipes, reading every byte once.
#pragma once

#include <functional>
#include <vector>

#include "codec/compact_archive.h"
#include "codec/container.h"
#include "lmz/status.h"

namespace lmz::codec {

using SourceFn = std::function<Result<size_t>(uint8_t* data, size_t n)>;

// A stream of one or more concatenated archives. A reader that finds the
// magic of another archive after its own hands those bytes back here, and
// more() says that one follows.
class ArchiveStream {
 public:
  explicit ArchiveStream(const SourceFn& in) : in_(in) {}
  Result<size_t> read(uint8_t* data, size_t n);
  void unread(ByteSpan bytes, bool another_archive);
  bool more() const { return more_; }

 private:
  const SourceFn& in_;
  Bytes pending_;
  bool more_ = false;
};

class ArchiveReader {
 public:
  // `base_offset`: where this archive starts in the stream, for messages.
  explicit ArchiveReader(ArchiveStream& in, uint64_t base_offset = 0) : in_(in), base_(base_offset) {}

  Status read_header(FileHeader& header);
  // Reads the next chunk frame into `chunk` and its payload into `payload`
  // (skipped when payload is null). Sets `done` instead when the chunk table
  // comes next, having read and checked table and trailer against the frames.
  Status next_chunk(ChunkInfo& chunk, Bytes* payload, bool& done);
  const ChunkTable& table() const { return table_; }
  // Bytes of this archive read so far.
  uint64_t offset() const { return offset_; }

 private:
  Status read_exact(uint8_t* data, size_t n, const std::string& what);
  Status finish(ByteSpan tag);
  // Nothing may follow the archive but the end of the stream or another archive.
  Status expect_end();

  ArchiveStream& in_;
  uint64_t base_;
  FileHeader header_;
  std::vector<ChunkInfo> seen_;
  ChunkTable table_;
  uint64_t offset_ = 0;
  // A compact archive is read whole with its header; its chunk waits here.
  bool compact_has_chunk_ = false;
  ChunkInfo compact_chunk_;
  Bytes compact_payload_;
};

}  // namespace lmz::codec
