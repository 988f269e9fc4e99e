#include "codec/chunk_codec.h"

#include "coder/binary_coder.h"

namespace lmz::codec {

Bytes cm_encode(cm::CmModel& model, ByteSpan input) {
  Bytes out;
  out.reserve(input.size() / 3 + 16);
  BinaryEncoder encoder(out);
  for (const uint8_t byte : input) {
    int shift = 7;
    model.code_byte([&](uint32_t p1) {
      const int bit = (byte >> shift--) & 1;
      encoder.encode(bit, p1);
      return bit;
    });
  }
  encoder.flush();
  return out;
}

Status cm_decode(cm::CmModel& model, ByteSpan payload, std::span<uint8_t> out) {
  BinaryDecoder decoder(payload);
  for (uint8_t& byte : out) {
    int value = 0;
    model.code_byte([&](uint32_t p1) {
      const int bit = decoder.decode(p1);
      value = (value << 1) | bit;
      return bit;
    });
    byte = static_cast<uint8_t>(value);
  }
  return Status::success();
}

}  // namespace lmz::codec
