// The .lmz container, format versions 1 to 3 (docs/FORMAT.md is the
// specification; version 4, the compact form, is codec/compact_archive.h).
//
//   file header | chunk frame * | chunk table | trailer     (version 1)
//   file header | chunk frame                                (version 2, one chunk)
//
// Version 2 adds only the single-chunk form; version 3 only the input's size
// in a lossy archive's header (which a lossy archive cannot derive: it
// decodes to a reconstruction). Each archive is written with the lowest
// version that holds it, so older readers read every lossless archive.
//
// Every reader function validates each field and bound before it is used and
// names the field in its error. All integers are little-endian.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/bytes.h"
#include "lmz/status.h"

namespace lmz::codec {

inline constexpr std::array<uint8_t, 8> kMagic = {0x89, 'L', 'M', 'Z', '\r', '\n', 0x1a, '\n'};
inline constexpr std::array<uint8_t, 4> kChunkTag = {'C', 'H', 'N', 'K'};
inline constexpr std::array<uint8_t, 4> kTableTag = {'C', 'T', 'B', 'L'};
inline constexpr std::array<uint8_t, 8> kTrailerTag = {'L', 'M', 'Z', 'E', 'N', 'D', 0, 1};

inline constexpr uint32_t kMinChunkSize = 4096;
inline constexpr uint32_t kMaxChunkSize = 1u << 30;
inline constexpr uint16_t kMaxParamsSize = 1024;
inline constexpr size_t kFixedHeaderBytes = 20;  // before the params
inline constexpr size_t kChunkFrameBytes = 29;   // before the payload
inline constexpr size_t kTableEntryBytes = 25;
inline constexpr size_t kTrailerBytes = 24;

enum class ModelKind : uint8_t { kCm = 1, kLlm = 2 };
enum class ChunkMethod : uint8_t { kStored = 0, kModel = 1 };

const char* model_kind_name(ModelKind kind);

inline constexpr uint16_t kFlagLossy = 1;        // header flag: the archive holds a lossy reconstruction
inline constexpr uint16_t kFlagSingleChunk = 2;  // header flag (version 2): one chunk frame, nothing after it
inline constexpr uint16_t kFlagInputBytes =
    4;  // header flag (version 3, lossy only): the input's size follows the quality

struct FileHeader {
  uint16_t version = 1;
  // Lossy archives (--quality below 100) decode to a reconstruction, not the
  // input; the quality is stored after the model params.
  bool lossy = false;
  // One chunk frame and nothing after it: no table, no trailer (version 2).
  bool single_chunk = false;
  // The compact form (version 4, codec/compact_archive.h); single_chunk too.
  // model_params then holds the model's compact parameters.
  bool compact = false;
  uint8_t quality = 100;
  // Lossy archives of version 3: the size of the input the reconstruction stands for.
  bool has_input_bytes = false;
  uint64_t input_bytes = 0;
  ModelKind model = ModelKind::kCm;
  uint32_t chunk_size = 0;
  Bytes model_params;  // interpreted by the model named in `model`
};

struct ChunkInfo {
  ChunkMethod method = ChunkMethod::kModel;
  uint32_t original_bytes = 0;
  uint32_t compressed_bytes = 0;
  uint64_t checksum = 0;          // xxh64 of the chunk's original bytes
  uint64_t payload_checksum = 0;  // xxh64 of the payload as stored
};

struct ChunkTable {
  std::vector<ChunkInfo> chunks;
  uint64_t total_bytes = 0;       // sum of original sizes
  uint64_t content_checksum = 0;  // xxh64 of the whole original
};

struct Trailer {
  uint64_t table_offset = 0;
  uint64_t table_bytes = 0;
};

// Largest payload a chunk of `original_bytes` may have (a stored chunk is
// exactly its size; a modelled one is used only when smaller).
inline uint64_t max_payload_bytes(uint32_t original_bytes) {
  return original_bytes;
}

// The most bytes a built-in model payload of `payload_bytes` may code
// (codec/cm_chunk_codec.h says why: its probabilities stop at 65503/2^16, so a
// payload byte codes at most about 1,420 bytes). The encoder pads a payload
// to respect it; readers refuse frames that declare more, so a forged size
// cannot make a decoder allocate or run beyond what its payload justifies.
inline constexpr uint64_t kMaxCmBytesPerPayloadByte = 2048;
inline constexpr uint64_t kCmPayloadSlackBytes = 64;
inline uint64_t max_cm_chunk_bytes(uint64_t payload_bytes) {
  return payload_bytes * kMaxCmBytesPerPayloadByte + kCmPayloadSlackBytes;
}

void write_header(const FileHeader& header, Bytes& out);
void write_chunk_frame_header(const ChunkInfo& chunk, Bytes& out);
void write_table(const ChunkTable& table, Bytes& out);
void write_trailer(const Trailer& trailer, Bytes& out);

// Parses the fixed part of a header: the first kFixedHeaderBytes; returns the
// number of params bytes (plus the 4-byte header check) that follow.
Result<size_t> parse_fixed_header(ByteSpan fixed, FileHeader& header);
// Parses the params and checks the header's checksum over `whole` (the fixed
// part, the params and the check).
Status parse_header_rest(ByteSpan whole, FileHeader& header);
// Parses a chunk frame's fields after its 4-byte tag.
Status parse_chunk_frame(ByteSpan fields, const FileHeader& header, uint64_t index, ChunkInfo& chunk);
// Parses the table's count (the 8 bytes after its tag); bounds it by what the
// archive can hold.
Result<uint64_t> parse_table_count(ByteSpan count_field, uint64_t chunks_seen);
// Parses the table body after the tag and count: entries, totals and check.
Status parse_table_body(ByteSpan tag_and_count, ByteSpan body, uint64_t n_chunks, const FileHeader& header,
                        ChunkTable& table);
Status parse_trailer(ByteSpan bytes, Trailer& trailer);

inline size_t table_body_bytes(uint64_t n_chunks) {
  return static_cast<size_t>(n_chunks) * kTableEntryBytes + 24;
}

}  // namespace lmz::codec
