#include "codec/compact_archive.h"

#include <algorithm>

#include "core/checksum.h"

namespace lmz::codec {
namespace {

constexpr uint8_t kKindMask = 3;
constexpr uint8_t kFlagCompactLossy = 4;
constexpr uint8_t kFlagCompactStored = 8;
constexpr uint8_t kKnownFlags = kKindMask | kFlagCompactLossy | kFlagCompactStored;

Status corrupt(const std::string& what) {
  return make_error(ErrorCode::kCorrupt, "compact archive: " + what);
}

uint32_t low32(uint64_t v) {
  return static_cast<uint32_t>(v);
}

}  // namespace

Bytes write_compact_archive(const FileHeader& header, const ChunkInfo* chunk, ByteSpan payload, ByteSpan content) {
  Bytes out;
  ByteWriter w(out);
  w.bytes(kCompactMagic);
  const bool stored = chunk != nullptr && chunk->method == ChunkMethod::kStored;
  w.u8(static_cast<uint8_t>(static_cast<uint8_t>(header.model) | (header.lossy ? kFlagCompactLossy : 0) |
                            (stored ? kFlagCompactStored : 0)));
  w.u8(static_cast<uint8_t>(header.model_params.size()));
  w.bytes(header.model_params);
  if (header.lossy) {
    w.u8(header.quality);
    w.varint(header.input_bytes);
  }
  w.varint(chunk != nullptr ? chunk->original_bytes : 0);
  if (chunk != nullptr && !stored) {
    Bytes body(payload.begin(), payload.end());
    if (header.model == ModelKind::kLlm) {
      body.erase(body.begin() + 1, body.begin() + 1 + static_cast<std::ptrdiff_t>(kLlmCodeLengthBytes));
    }
    w.varint(body.size());
    w.bytes(body);
  } else if (chunk != nullptr) {
    w.bytes(content);
  }
  w.u32(low32(xxh64(out)));
  w.u32(low32(xxh64(content)));
  return out;
}

Status read_compact_archive(const ExactReader& read, FileHeader& header, bool& has_chunk, ChunkInfo& chunk,
                            Bytes& payload) {
  Bytes seen(kCompactMagic.begin(), kCompactMagic.end());  // every byte the archive check covers
  auto take = [&](size_t n, const std::string& what) -> Status {
    const size_t at = seen.size();
    seen.resize(at + n);
    return read(seen.data() + at, n, what);
  };
  auto take_varint = [&](uint64_t limit, const std::string& what, uint64_t& v) -> Status {
    const size_t at = seen.size();
    for (int i = 0; i < 9; ++i) {
      LMZ_RETURN_IF_ERROR(take(1, what));
      if ((seen.back() & 0x80) == 0) {
        ByteReader r(ByteSpan(seen).subspan(at));
        if (!r.varint(v)) return corrupt(what + " is not a valid varint");
        if (v > limit) return corrupt(what + " " + std::to_string(v) + " is out of range 0.." + std::to_string(limit));
        return Status::success();
      }
    }
    return corrupt(what + " is longer than 9 bytes");
  };

  LMZ_RETURN_IF_ERROR(take(2, "the compact header"));
  const uint8_t flags = seen[4];
  const uint8_t params_size = seen[5];
  if ((flags & ~kKnownFlags) != 0) return corrupt("unknown flags " + std::to_string(flags));
  const uint8_t kind = flags & kKindMask;
  if (kind != static_cast<uint8_t>(ModelKind::kCm) && kind != static_cast<uint8_t>(ModelKind::kLlm)) {
    return make_error(ErrorCode::kUnsupportedModel, "compact archive: unknown model kind " + std::to_string(kind));
  }
  if (params_size == 0) return corrupt("no model parameters");
  LMZ_RETURN_IF_ERROR(take(params_size, "the model parameters"));
  header = FileHeader{};
  header.version = kCompactVersion;
  header.compact = true;
  header.single_chunk = true;
  header.model = static_cast<ModelKind>(kind);
  header.model_params.assign(seen.begin() + 6, seen.end());
  header.lossy = (flags & kFlagCompactLossy) != 0;
  uint64_t max_size = kMaxCompactInput;
  if (header.lossy) {
    LMZ_RETURN_IF_ERROR(take(1, "the quality"));
    header.quality = seen.back();
    if (header.quality < 1 || header.quality > 99) {
      return corrupt("lossy quality " + std::to_string(header.quality) + " is out of range 1..99");
    }
    LMZ_RETURN_IF_ERROR(take_varint(kMaxCompactInput, "the input size", header.input_bytes));
    header.has_input_bytes = true;
    max_size = kMaxCompactOutput;
  }
  header.chunk_size = static_cast<uint32_t>(max_size);
  uint64_t size = 0;
  LMZ_RETURN_IF_ERROR(take_varint(max_size, "the decoded size", size));
  const bool stored = (flags & kFlagCompactStored) != 0;
  has_chunk = size > 0;
  if (!has_chunk && stored) return corrupt("an empty archive marked stored");
  uint64_t payload_size = size;
  if (has_chunk && !stored) {
    LMZ_RETURN_IF_ERROR(take_varint(size - 1, "the payload size", payload_size));
    if (header.model == ModelKind::kLlm && payload_size == 0) return corrupt("the payload lacks its flags");
    if (header.model == ModelKind::kCm && size > max_cm_chunk_bytes(payload_size)) {
      return corrupt("declares " + std::to_string(size) + " bytes from a payload of " + std::to_string(payload_size) +
                     ", more than the built-in model can code in it");
    }
  }
  const size_t body_at = seen.size();
  LMZ_RETURN_IF_ERROR(take(static_cast<size_t>(payload_size), "the payload"));
  const uint32_t actual = low32(xxh64(seen));
  uint8_t checks[8];
  LMZ_RETURN_IF_ERROR(read(checks, sizeof checks, "the checks"));
  if (static_cast<uint32_t>(load_le(checks, 4)) != actual) {
    return make_error(ErrorCode::kChecksumMismatch, "compact archive: checksum mismatch (the archive is corrupt)");
  }
  payload.assign(seen.begin() + static_cast<std::ptrdiff_t>(body_at), seen.end());
  if (has_chunk && !stored && header.model == ModelKind::kLlm) {
    payload.insert(payload.begin() + 1, kLlmCodeLengthBytes, 0);
  }
  chunk = ChunkInfo{};
  chunk.method = stored ? ChunkMethod::kStored : ChunkMethod::kModel;
  chunk.original_bytes = static_cast<uint32_t>(size);
  chunk.compressed_bytes = static_cast<uint32_t>(payload.size());
  chunk.checksum = load_le(checks + 4, 4);
  chunk.payload_checksum = xxh64(payload);
  return Status::success();
}

}  // namespace lmz::codec
