// Binary arithmetic coder (carry-less, 32-bit range) for bit predictors.
//
// The coder keeps an interval [x1, x2] of 32-bit values. To code a bit whose
// probability of being 1 is p / 2^16, the interval is split at
//   xmid = x1 + floor((x2 - x1) * p / 2^16),
// keeping [x1, xmid] for a 1 and [xmid + 1, x2] for a 0. Whenever x1 and x2
// agree in their top byte, that byte is final and is shifted out. The split
// uses one 64-bit product, so encoder and decoder agree exactly on every
// machine. The cost of a bit is within a tiny fraction of -log2 p because the
// range rarely falls below 2^24.
#pragma once

#include <cstdint>

#include "core/bytes.h"

namespace lmz {

inline constexpr int kProbBits = 16;
inline constexpr uint32_t kProbOne = 1u << kProbBits;
static_assert(32 + kProbBits <= 64, "the interval split must fit in 64 bits");

class BinaryEncoder {
 public:
  explicit BinaryEncoder(Bytes& out) : out_(out) {}

  // p1: probability that `bit` is 1, in (0, 2^16).
  void encode(int bit, uint32_t p1) {
    const uint32_t xmid = x1_ + static_cast<uint32_t>((static_cast<uint64_t>(x2_ - x1_) * p1) >> kProbBits);
    narrow(bit, xmid);
    while (((x1_ ^ x2_) & 0xff000000u) == 0) {
      out_.push_back(static_cast<uint8_t>(x2_ >> 24));
      x1_ <<= 8;
      x2_ = (x2_ << 8) | 255;
    }
  }

  // Writes the bytes that pin the final interval; call once at the end.
  void flush() {
    for (int i = 0; i < 4; ++i) {
      out_.push_back(static_cast<uint8_t>(x1_ >> 24));
      x1_ <<= 8;
    }
  }

 private:
  // Keeps [x1, xmid] for a 1, [xmid + 1, x2] for a 0, without a branch on
  // the bit, which no predictor can guess.
  void narrow(int bit, uint32_t xmid) {
    const uint32_t one = 0u - static_cast<uint32_t>(bit);
    x2_ = (xmid & one) | (x2_ & ~one);
    x1_ = (x1_ & one) | ((xmid + 1) & ~one);
  }
  Bytes& out_;
  uint32_t x1_ = 0;
  uint32_t x2_ = 0xffffffffu;
};

class BinaryDecoder {
 public:
  // Reads past the end of `in` yield zero bytes; exhausted() then says so.
  // The decoder reads in step with the encoder's output, so a whole payload
  // is never read past its end: a caller stops with an error as soon as
  // exhausted() is true (a truncated or forged payload).
  explicit BinaryDecoder(ByteSpan in) : in_(in) {
    for (int i = 0; i < 4; ++i) x_ = (x_ << 8) | next_byte();
  }

  int decode(uint32_t p1) {
    const uint32_t xmid = x1_ + static_cast<uint32_t>((static_cast<uint64_t>(x2_ - x1_) * p1) >> kProbBits);
    const int bit = x_ <= xmid;
    narrow(bit, xmid);
    while (((x1_ ^ x2_) & 0xff000000u) == 0) {
      x1_ <<= 8;
      x2_ = (x2_ << 8) | 255;
      x_ = (x_ << 8) | next_byte();
    }
    return bit;
  }

  // Bytes consumed so far, counting none past the end.
  size_t position() const { return pos_ < in_.size() ? pos_ : in_.size(); }
  // Whether the decoder needed bytes past the end of its input.
  bool exhausted() const { return pos_ > in_.size(); }

 private:
  void narrow(int bit, uint32_t xmid) {  // as in BinaryEncoder
    const uint32_t one = 0u - static_cast<uint32_t>(bit);
    x2_ = (xmid & one) | (x2_ & ~one);
    x1_ = (x1_ & one) | ((xmid + 1) & ~one);
  }
  uint32_t next_byte() { return pos_ < in_.size() ? in_[pos_++] : (++pos_, 0u); }
  ByteSpan in_;
  size_t pos_ = 0;
  uint32_t x1_ = 0;
  uint32_t x2_ = 0xffffffffu;
  uint32_t x_ = 0;
};

}  // namespace lmz
