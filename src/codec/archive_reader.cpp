#include "codec/archive_reader.h"

#include <algorithm>
#include <string>

#include "core/checksum.h"

namespace lmz::codec {

Result<size_t> ArchiveStream::read(uint8_t* data, size_t n) {
  more_ = false;
  const size_t from_pending = std::min(n, pending_.size());
  std::copy_n(pending_.begin(), from_pending, data);
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(from_pending));
  if (from_pending == n) return n;
  size_t done = from_pending;
  while (done < n) {
    LMZ_ASSIGN_OR_RETURN(size_t got, in_(data + done, n - done));
    if (got == 0) break;
    done += got;
  }
  return done;
}

void ArchiveStream::unread(ByteSpan bytes, bool another_archive) {
  pending_.insert(pending_.begin(), bytes.begin(), bytes.end());
  more_ = another_archive;
}

Status ArchiveReader::read_exact(uint8_t* data, size_t n, const std::string& what) {
  LMZ_ASSIGN_OR_RETURN(size_t got, in_.read(data, n));
  offset_ += got;
  if (got < n) {
    return make_error(ErrorCode::kTruncated, "truncated archive: " + what + " ends at byte " +
                                                 std::to_string(base_ + offset_) + ", " + std::to_string(n - got) +
                                                 " bytes short");
  }
  return Status::success();
}

Status ArchiveReader::read_header(FileHeader& header) {
  Bytes head(kFixedHeaderBytes);
  LMZ_ASSIGN_OR_RETURN(size_t got, in_.read(head.data(), kCompactMagic.size()));
  offset_ += got;
  if (got == 0) return make_error(ErrorCode::kTruncated, "empty file: not an .lmz archive");
  if (got == kCompactMagic.size() && std::equal(kCompactMagic.begin(), kCompactMagic.end(), head.begin())) {
    const ExactReader read = [this](uint8_t* data, size_t n, const std::string& what) {
      return read_exact(data, n, what);
    };
    LMZ_RETURN_IF_ERROR(read_compact_archive(read, header, compact_has_chunk_, compact_chunk_, compact_payload_));
    header_ = header;
    return Status::success();
  }
  if (got == kCompactMagic.size()) {
    LMZ_ASSIGN_OR_RETURN(size_t more, in_.read(head.data() + got, head.size() - got));
    offset_ += more;
    got += more;
  }
  head.resize(got);
  LMZ_ASSIGN_OR_RETURN(size_t rest, parse_fixed_header(head, header));
  const size_t fixed = head.size();
  head.resize(fixed + rest);
  LMZ_RETURN_IF_ERROR(read_exact(head.data() + fixed, rest, "file header"));
  LMZ_RETURN_IF_ERROR(parse_header_rest(head, header));
  header_ = header;
  return Status::success();
}

Status ArchiveReader::next_chunk(ChunkInfo& chunk, Bytes* payload, bool& done) {
  done = false;
  const uint64_t index = seen_.size();
  if (header_.compact) {
    if (index == 0 && compact_has_chunk_) {
      chunk = compact_chunk_;
      if (payload != nullptr) *payload = std::move(compact_payload_);
      seen_.push_back(chunk);
      return Status::success();
    }
    done = true;
    table_.chunks = seen_;
    table_.total_bytes = compact_chunk_.original_bytes;
    table_.content_checksum = compact_chunk_.checksum;
    return expect_end();
  }
  if (header_.single_chunk && index == 1) {
    done = true;
    table_.chunks = seen_;
    table_.total_bytes = seen_[0].original_bytes;
    table_.content_checksum = seen_[0].checksum;
    return expect_end();
  }
  uint8_t tag[4];
  LMZ_RETURN_IF_ERROR(
      read_exact(tag, 4, header_.single_chunk ? "the archive's chunk" : "the archive before its chunk table"));
  if (!header_.single_chunk && std::equal(kTableTag.begin(), kTableTag.end(), tag)) {
    done = true;
    return finish(ByteSpan(tag, 4));
  }
  if (!std::equal(kChunkTag.begin(), kChunkTag.end(), tag)) {
    return make_error(ErrorCode::kCorrupt, "chunk " + std::to_string(index) + ": bad frame tag at byte " +
                                               std::to_string(base_ + offset_ - 4));
  }
  uint8_t fields[kChunkFrameBytes - 4];
  const std::string where = "chunk " + std::to_string(index);
  LMZ_RETURN_IF_ERROR(read_exact(fields, sizeof(fields), where + " header"));
  LMZ_RETURN_IF_ERROR(parse_chunk_frame(ByteSpan(fields, sizeof(fields)), header_, index, chunk));
  // The payload is checked as it is read, so a damaged archive fails here,
  // before any decoding, even where the damage would not change the output.
  Xxh64Stream payload_hash;
  if (payload != nullptr) {
    payload->resize(chunk.compressed_bytes);
    LMZ_RETURN_IF_ERROR(read_exact(payload->data(), payload->size(), where + " payload"));
    payload_hash.update(*payload);
  } else {
    Bytes skip(std::min<size_t>(chunk.compressed_bytes, 1 << 20));
    for (uint64_t left = chunk.compressed_bytes; left > 0;) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(left, skip.size()));
      LMZ_RETURN_IF_ERROR(read_exact(skip.data(), n, where + " payload"));
      payload_hash.update(ByteSpan(skip).first(n));
      left -= n;
    }
  }
  if (payload_hash.digest() != chunk.payload_checksum) {
    return make_error(ErrorCode::kChecksumMismatch, where + ": payload checksum mismatch (the archive is corrupt)");
  }
  seen_.push_back(chunk);
  return Status::success();
}

Status ArchiveReader::finish(ByteSpan tag) {
  const uint64_t table_offset = offset_ - 4;
  uint8_t count[8];
  LMZ_RETURN_IF_ERROR(read_exact(count, 8, "chunk table"));
  LMZ_ASSIGN_OR_RETURN(uint64_t n, parse_table_count(ByteSpan(count, 8), seen_.size()));
  Bytes body(table_body_bytes(n));
  LMZ_RETURN_IF_ERROR(read_exact(body.data(), body.size(), "chunk table"));
  Bytes tag_and_count(tag.begin(), tag.end());
  tag_and_count.insert(tag_and_count.end(), count, count + 8);
  LMZ_RETURN_IF_ERROR(parse_table_body(tag_and_count, body, n, header_, table_));
  for (size_t i = 0; i < seen_.size(); ++i) {
    const ChunkInfo& a = seen_[i];
    const ChunkInfo& b = table_.chunks[i];
    if (a.method != b.method || a.original_bytes != b.original_bytes || a.compressed_bytes != b.compressed_bytes ||
        a.checksum != b.checksum || a.payload_checksum != b.payload_checksum) {
      return make_error(ErrorCode::kCorrupt, "chunk table entry " + std::to_string(i) + " disagrees with its frame");
    }
  }
  const uint64_t table_bytes = offset_ - table_offset;
  uint8_t trailer_bytes[kTrailerBytes];
  LMZ_RETURN_IF_ERROR(read_exact(trailer_bytes, kTrailerBytes, "trailer"));
  Trailer trailer;
  LMZ_RETURN_IF_ERROR(parse_trailer(ByteSpan(trailer_bytes, kTrailerBytes), trailer));
  if (trailer.table_offset != table_offset || trailer.table_bytes != table_bytes) {
    return make_error(ErrorCode::kCorrupt, "trailer points to a chunk table at byte " +
                                               std::to_string(trailer.table_offset) + ", it is at " +
                                               std::to_string(table_offset));
  }
  return expect_end();
}

Status ArchiveReader::expect_end() {
  uint8_t next[kMagic.size()];
  LMZ_ASSIGN_OR_RETURN(size_t got, in_.read(next, sizeof next));
  if (got == 0) return Status::success();
  const bool compact_next = got >= kCompactMagic.size() && std::equal(kCompactMagic.begin(), kCompactMagic.end(), next);
  if (compact_next || (got == sizeof next && std::equal(kMagic.begin(), kMagic.end(), next))) {
    in_.unread(ByteSpan(next, got), true);
    return Status::success();
  }
  return make_error(ErrorCode::kCorrupt, "trailing data after the archive at byte " + std::to_string(base_ + offset_));
}

}  // namespace lmz::codec
