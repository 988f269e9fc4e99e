#include "codec/container.h"

#include <algorithm>
#include <cstring>

#include "core/checksum.h"
#include "lmz/version.h"

namespace lmz::codec {
namespace {

Status corrupt(const std::string& what) {
  return make_error(ErrorCode::kCorrupt, what);
}

// The fields a chunk frame and a table entry share, in that order.
void write_chunk_fields(ByteWriter& w, const ChunkInfo& chunk) {
  w.u8(static_cast<uint8_t>(chunk.method));
  w.u32(chunk.original_bytes);
  w.u32(chunk.compressed_bytes);
  w.u64(chunk.checksum);
  w.u64(chunk.payload_checksum);
}

// Reads and validates those fields; `where` names the frame or entry.
Status read_chunk_fields(ByteReader& r, const FileHeader& header, const std::string& where, ChunkInfo& chunk) {
  uint8_t method = 0;
  r.u8(method);
  r.u32(chunk.original_bytes);
  r.u32(chunk.compressed_bytes);
  r.u64(chunk.checksum);
  r.u64(chunk.payload_checksum);
  if (method > static_cast<uint8_t>(ChunkMethod::kModel)) {
    return corrupt(where + "unknown coding method " + std::to_string(method));
  }
  chunk.method = static_cast<ChunkMethod>(method);
  if (chunk.original_bytes == 0 || chunk.original_bytes > header.chunk_size) {
    return corrupt(where + "original size " + std::to_string(chunk.original_bytes) + " is out of range 1.." +
                   std::to_string(header.chunk_size));
  }
  if (chunk.method == ChunkMethod::kStored && chunk.compressed_bytes != chunk.original_bytes) {
    return corrupt(where + "stored chunk of " + std::to_string(chunk.original_bytes) + " bytes claims " +
                   std::to_string(chunk.compressed_bytes) + " payload bytes");
  }
  if (chunk.compressed_bytes > max_payload_bytes(chunk.original_bytes)) {
    return corrupt(where + "payload size " + std::to_string(chunk.compressed_bytes) + " exceeds the bound " +
                   std::to_string(max_payload_bytes(chunk.original_bytes)));
  }
  if (header.model == ModelKind::kCm && chunk.method == ChunkMethod::kModel &&
      chunk.original_bytes > max_cm_chunk_bytes(chunk.compressed_bytes)) {
    return corrupt(where + "declares " + std::to_string(chunk.original_bytes) + " bytes from a payload of " +
                   std::to_string(chunk.compressed_bytes) + ", more than the built-in model can code in it");
  }
  return Status::success();
}

}  // namespace

const char* model_kind_name(ModelKind kind) {
  switch (kind) {
    case ModelKind::kCm:
      return "cm";
    case ModelKind::kLlm:
      return "llm";
  }
  return "unknown";
}

void write_header(const FileHeader& header, Bytes& out) {
  const size_t start = out.size();
  ByteWriter w(out);
  w.bytes(kMagic);
  w.u16(header.version);
  const bool input_bytes = header.lossy && header.has_input_bytes;
  w.u16(static_cast<uint16_t>((header.lossy ? kFlagLossy : 0) | (header.single_chunk ? kFlagSingleChunk : 0) |
                              (input_bytes ? kFlagInputBytes : 0)));
  w.u8(static_cast<uint8_t>(header.model));
  w.u8(0);
  w.u16(static_cast<uint16_t>(header.model_params.size() + (header.lossy ? 1 : 0) + (input_bytes ? 8 : 0)));
  w.u32(header.chunk_size);
  w.bytes(header.model_params);
  if (header.lossy) w.u8(header.quality);
  if (input_bytes) w.u64(header.input_bytes);
  w.u32(static_cast<uint32_t>(xxh64(ByteSpan(out).subspan(start))));
}

void write_chunk_frame_header(const ChunkInfo& chunk, Bytes& out) {
  ByteWriter w(out);
  w.bytes(kChunkTag);
  write_chunk_fields(w, chunk);
}

void write_table(const ChunkTable& table, Bytes& out) {
  const size_t start = out.size();
  ByteWriter w(out);
  w.bytes(kTableTag);
  w.u64(table.chunks.size());
  for (const ChunkInfo& c : table.chunks) write_chunk_fields(w, c);
  w.u64(table.total_bytes);
  w.u64(table.content_checksum);
  w.u64(xxh64(ByteSpan(out).subspan(start)));
}

void write_trailer(const Trailer& trailer, Bytes& out) {
  ByteWriter w(out);
  w.u64(trailer.table_offset);
  w.u64(trailer.table_bytes);
  w.bytes(kTrailerTag);
}

Result<size_t> parse_fixed_header(ByteSpan fixed, FileHeader& header) {
  if (fixed.size() < kFixedHeaderBytes) {
    if (fixed.size() >= kMagic.size() && !std::equal(kMagic.begin(), kMagic.end(), fixed.begin())) {
      return make_error(ErrorCode::kBadMagic, "not an .lmz archive (bad magic)");
    }
    return make_error(ErrorCode::kTruncated, "truncated archive: file header is " + std::to_string(fixed.size()) +
                                                 " bytes, needs " + std::to_string(kFixedHeaderBytes));
  }
  if (!std::equal(kMagic.begin(), kMagic.end(), fixed.begin())) {
    return make_error(ErrorCode::kBadMagic, "not an .lmz archive (bad magic)");
  }
  ByteReader r(fixed.subspan(kMagic.size()));
  uint16_t version = 0, flags = 0, params_size = 0;
  uint8_t model = 0, reserved = 0;
  r.u16(version);
  r.u16(flags);
  r.u8(model);
  r.u8(reserved);
  r.u16(params_size);
  r.u32(header.chunk_size);
  if (version == 0 || version > kFormatVersion) {
    return make_error(ErrorCode::kUnsupportedVersion, "archive format version " + std::to_string(version) +
                                                          " is not supported (this lmz reads 1.." +
                                                          std::to_string(kFormatVersion) + ")");
  }
  header.version = version;
  const uint16_t defined = version == 1   ? kFlagLossy
                           : version == 2 ? kFlagLossy | kFlagSingleChunk
                                          : kFlagLossy | kFlagSingleChunk | kFlagInputBytes;
  if ((flags & ~defined) != 0) {
    return corrupt("header flags " + std::to_string(flags) + " are not defined in version " + std::to_string(version));
  }
  header.lossy = (flags & kFlagLossy) != 0;
  header.single_chunk = (flags & kFlagSingleChunk) != 0;
  header.has_input_bytes = (flags & kFlagInputBytes) != 0;
  if (version == 2 && !header.single_chunk) return corrupt("a version 2 header without the single-chunk flag");
  if (version == 3 && !(header.lossy && header.has_input_bytes)) {
    return corrupt("a version 3 header without the lossy and input-size flags");
  }
  if (model != static_cast<uint8_t>(ModelKind::kCm) && model != static_cast<uint8_t>(ModelKind::kLlm)) {
    return make_error(ErrorCode::kUnsupportedModel,
                      "archive uses model kind " + std::to_string(model) + ", which this lmz does not have");
  }
  header.model = static_cast<ModelKind>(model);
  if (reserved != 0) return corrupt("header reserved byte is " + std::to_string(reserved) + ", must be 0");
  if (params_size == 0 || params_size > kMaxParamsSize) {
    return corrupt("header model params size " + std::to_string(params_size) + " is out of range 1.." +
                   std::to_string(kMaxParamsSize));
  }
  if (header.chunk_size < kMinChunkSize || header.chunk_size > kMaxChunkSize) {
    return corrupt("header chunk size " + std::to_string(header.chunk_size) + " is out of range " +
                   std::to_string(kMinChunkSize) + ".." + std::to_string(kMaxChunkSize));
  }
  return static_cast<size_t>(params_size) + 4;
}

Status parse_header_rest(ByteSpan whole, FileHeader& header) {
  const size_t params_size = whole.size() - kFixedHeaderBytes - 4;
  const uint32_t stored = static_cast<uint32_t>(load_le(whole.data() + whole.size() - 4, 4));
  const uint32_t actual = static_cast<uint32_t>(xxh64(whole.first(whole.size() - 4)));
  if (stored != actual) return make_error(ErrorCode::kChecksumMismatch, "file header checksum mismatch");
  const ByteSpan params = whole.subspan(kFixedHeaderBytes, params_size);
  header.model_params.assign(params.begin(), params.end());
  if (header.has_input_bytes) {
    if (header.model_params.size() < 10) return corrupt("lossy header lacks its input size");
    header.input_bytes = load_le(header.model_params.data() + header.model_params.size() - 8, 8);
    header.model_params.resize(header.model_params.size() - 8);
  }
  if (header.lossy) {
    if (header.model_params.size() < 2) return corrupt("lossy header lacks its quality");
    header.quality = header.model_params.back();
    header.model_params.pop_back();
    if (header.quality < 1 || header.quality > 99) {
      return corrupt("lossy quality " + std::to_string(header.quality) + " is out of range 1..99");
    }
  }
  return Status::success();
}

Status parse_chunk_frame(ByteSpan fields, const FileHeader& header, uint64_t index, ChunkInfo& chunk) {
  ByteReader r(fields);
  return read_chunk_fields(r, header, "chunk " + std::to_string(index) + ": ", chunk);
}

Result<uint64_t> parse_table_count(ByteSpan count_field, uint64_t chunks_seen) {
  const uint64_t n = load_le(count_field.data(), 8);
  if (n != chunks_seen) {
    return corrupt("chunk table lists " + std::to_string(n) + " chunks, the archive holds " +
                   std::to_string(chunks_seen));
  }
  return n;
}

Status parse_table_body(ByteSpan tag_and_count, ByteSpan body, uint64_t n_chunks, const FileHeader& header,
                        ChunkTable& table) {
  Xxh64Stream h;
  h.update(tag_and_count);
  h.update(body.first(body.size() - 8));
  if (h.digest() != load_le(body.data() + body.size() - 8, 8)) {
    return make_error(ErrorCode::kChecksumMismatch, "chunk table checksum mismatch");
  }
  ByteReader r(body);
  table.chunks.clear();
  table.chunks.reserve(static_cast<size_t>(n_chunks));
  uint64_t total = 0;
  for (uint64_t i = 0; i < n_chunks; ++i) {
    ChunkInfo c;
    LMZ_RETURN_IF_ERROR(read_chunk_fields(r, header, "chunk table entry " + std::to_string(i) + ": ", c));
    total += c.original_bytes;
    table.chunks.push_back(c);
  }
  r.u64(table.total_bytes);
  r.u64(table.content_checksum);
  if (total != table.total_bytes) {
    return corrupt("chunk table total " + std::to_string(table.total_bytes) + " differs from the sum of its chunks " +
                   std::to_string(total));
  }
  return Status::success();
}

Status parse_trailer(ByteSpan bytes, Trailer& trailer) {
  if (bytes.size() < kTrailerBytes) {
    return make_error(ErrorCode::kTruncated, "truncated archive: trailer is " + std::to_string(bytes.size()) +
                                                 " bytes, needs " + std::to_string(kTrailerBytes));
  }
  ByteReader r(bytes);
  r.u64(trailer.table_offset);
  r.u64(trailer.table_bytes);
  if (!std::equal(kTrailerTag.begin(), kTrailerTag.end(), bytes.begin() + 16)) {
    return corrupt("trailer tag is wrong");
  }
  return Status::success();
}

}  // namespace lmz::codec
