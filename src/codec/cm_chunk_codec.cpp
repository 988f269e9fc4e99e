#include "codec/cm_chunk_codec.h"

#include "coder/binary_coder.h"
#include "core/cancel.h"

namespace lmz::codec {
namespace {

constexpr size_t kProgressStep = 64 << 10;

void count(std::atomic<uint64_t>* done, size_t n) {
  if (done != nullptr) done->fetch_add(n, std::memory_order_relaxed);
}

}  // namespace

Bytes cm_encode(cm::CmModel& model, ByteSpan input, std::atomic<uint64_t>* done) {
  Bytes out;
  out.reserve(input.size() / 3 + 16);
  BinaryEncoder encoder(out);
  for (size_t i = 0; i < input.size(); ++i) {
    const uint8_t byte = input[i];
    int shift = 7;
    model.code_byte([&](uint32_t p1) {
      const int bit = (byte >> shift--) & 1;
      encoder.encode(bit, p1);
      return bit;
    });
    if ((i + 1) % kProgressStep == 0) {
      count(done, kProgressStep);
      if (stop_requested()) break;  // the caller discards the chunk
    }
  }
  count(done, input.size() % kProgressStep);
  encoder.flush();
  pad_cm_payload(out, input.size());
  return out;
}

void pad_cm_payload(Bytes& payload, uint64_t chunk_bytes) {
  // Never more bytes per payload byte than a reader accepts (codec/container.h).
  while (max_cm_chunk_bytes(payload.size()) < chunk_bytes) payload.push_back(0);
}

Status cm_decode(cm::CmModel& model, ByteSpan payload, std::span<uint8_t> out, std::atomic<uint64_t>* done) {
  BinaryDecoder decoder(payload);
  for (size_t i = 0; i < out.size(); ++i) {
    int value = 0;
    model.code_byte([&](uint32_t p1) {
      const int bit = decoder.decode(p1);
      value = (value << 1) | bit;
      return bit;
    });
    out[i] = static_cast<uint8_t>(value);
    if (decoder.exhausted()) {
      return make_error(ErrorCode::kCorrupt, "the payload ends after " + std::to_string(i) + " of " +
                                                 std::to_string(out.size()) + " bytes (the archive is corrupt)");
    }
    if ((i + 1) % kProgressStep == 0) {
      count(done, kProgressStep);
      if (stop_requested()) return cancelled_error();
    }
  }
  count(done, out.size() % kProgressStep);
  return Status::success();
}

}  // namespace lmz::codec
