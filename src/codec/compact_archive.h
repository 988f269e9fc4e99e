// The compact form of an archive (format version 4; docs/FORMAT.md): one
// chunk of an input under 64 KiB, with as little container as its decoding
// and checking need. The usual header's fixed fields, the chunk frame's
// 64-bit checksums and the informational code lengths of a token model's
// payload give way to varints, a 32-bit check of the whole archive and a
// 32-bit check of what it decodes to; a token model is named by the first
// bytes of its hash (codec/model_params.h).
//
//   magic 89 4C 7A 04 | flags | P | params (P) | [quality | input size] |
//   size | [payload size] | payload | archive check (4) | content check (4)
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "codec/container.h"
#include "core/bytes.h"
#include "lmz/status.h"

namespace lmz::codec {

inline constexpr std::array<uint8_t, 4> kCompactMagic = {0x89, 'L', 'z', 0x04};
inline constexpr uint16_t kCompactVersion = 4;
// Inputs of at most this many bytes are written in the compact form.
inline constexpr uint64_t kMaxCompactInput = 65535;
// A compact archive's decoded size: a lossy reconstruction may be longer than its input.
inline constexpr uint64_t kMaxCompactOutput = 16 * (kMaxCompactInput + 1);
// The bytes of a token model's payload header the compact form leaves out:
// its two informational code lengths (codec/llm_chunk_codec.h).
inline constexpr size_t kLlmCodeLengthBytes = 16;

// The archive for `header` (model, compact model params, lossy, quality,
// input size) holding one chunk of `content` (none for an empty input),
// coded as `payload` unless chunk.method says stored.
Bytes write_compact_archive(const FileHeader& header, const ChunkInfo* chunk, ByteSpan payload, ByteSpan content);

// Reads what follows the magic, each field validated before use: `read`
// fills n bytes or fails naming the field. Fills the header (compact, version
// 4, single chunk), and the chunk and its payload when the archive holds one;
// the chunk's checksum and the table's are the 32-bit content check.
using ExactReader = std::function<Status(uint8_t* data, size_t n, const std::string& what)>;
Status read_compact_archive(const ExactReader& read, FileHeader& header, bool& has_chunk, ChunkInfo& chunk,
                            Bytes& payload);

// The checksum comparisons of a compact archive keep 32 bits.
inline uint64_t checksum_mask(const FileHeader& header) {
  return header.compact ? 0xffffffffull : ~0ull;
}

}  // namespace lmz::codec
