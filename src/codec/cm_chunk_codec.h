// Coding of one chunk with the built-in model: each byte's bits, most
// significant first, through the binary arithmetic coder.
//
// The model never gives a bit a probability above 65503/2^16, so each bit
// costs at least 7e-4 bits of payload and a byte of payload codes at most
// about 1,420 bytes of input (measured: 1,417 on zeros at every level). A
// chunk's payload is therefore at least its size / kMaxCmBytesPerPayloadByte
// (the encoder pads it with zeros where it would not be, which the decoder
// never reads), and a reader refuses a frame that declares more: a forged
// size cannot make a decoder allocate or run beyond what its payload
// justifies.
#pragma once

#include <atomic>

#include "cm/cm_model.h"
#include "codec/container.h"
#include "core/bytes.h"
#include "lmz/status.h"

namespace lmz::codec {

// `model` must be fresh (constructed or reset). `done`, when given, counts
// the bytes coded as they are (for progress within a chunk).
Bytes cm_encode(cm::CmModel& model, ByteSpan input, std::atomic<uint64_t>* done = nullptr);
// Pads `payload` with zero bytes until it may code `chunk_bytes` bytes
// (max_cm_chunk_bytes); the decoder never reads the padding.
void pad_cm_payload(Bytes& payload, uint64_t chunk_bytes);
// Decodes exactly `out.size()` bytes. Fails as soon as the decoder needs a
// byte past the payload's end.
Status cm_decode(cm::CmModel& model, ByteSpan payload, std::span<uint8_t> out, std::atomic<uint64_t>* done = nullptr);

}  // namespace lmz::codec
