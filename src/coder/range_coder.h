// Multi-symbol range coder for token models, with carry propagation.
//
// The encoder keeps `low` (56 bits plus a carry bit) and `range` in
// (2^48, 2^56]. To code a symbol occupying [cum, cum + freq) of a total
// 2^total_bits, the range is divided by the total once, r = range >> bits,
// and the interval becomes [low + r cum, low + r (cum + freq)); the last
// symbol of the alphabet also takes the remainder range - r total, so no
// code space is wasted at the top. Whenever range falls to 2^48 or below, the
// top byte of low is settled and shifted out. A carry out of low ripples into
// the bytes already settled; runs of 0xff are held back until it is known
// whether a carry reaches them (the scheme of LZMA's coder, widened to 64
// bits so that totals up to 2^30 keep r >= 2^18 and the coding loss is below
// 2^-17 bits per symbol).
#pragma once

#include <cstdint>

#include "core/bytes.h"

namespace lmz {

inline constexpr int kRangeTopBits = 56;
inline constexpr int kRangeBottomBits = 48;
inline constexpr int kMaxTotalBits = 30;
static_assert(kRangeBottomBits - kMaxTotalBits >= 18, "r = range >> total_bits must keep precision");
static_assert(kRangeTopBits + 1 <= 64, "low and its carry must fit in 64 bits");

class RangeEncoder {
 public:
  explicit RangeEncoder(Bytes& out) : out_(out) {}

  // Codes [cum, cum + freq) of 2^total_bits; freq >= 1, cum + freq <= total.
  void encode(uint32_t cum, uint32_t freq, int total_bits) {
    const uint64_t r = range_ >> total_bits;
    low_ += r * cum;
    if (cum + freq == (uint32_t{1} << total_bits)) {
      range_ -= r * cum;
    } else {
      range_ = r * freq;
    }
    while (range_ <= kBottom) {
      shift_low();
      range_ <<= 8;
    }
  }

  // Ends the stream; call once. It picks the value in [low, low + range)
  // whose bits below the top byte are all zero, so only the bytes settled so
  // far and that top byte need writing: the decoder reads the missing bytes
  // as zeros.
  void flush() {
    constexpr uint64_t kLowMask = (uint64_t{1} << (kRangeTopBits - 8)) - 1;
    low_ = (low_ + kLowMask) & ~kLowMask;  // < low + range, since range > 2^48
    shift_low();
    shift_low();
  }

 private:
  static constexpr uint64_t kTop = uint64_t{1} << kRangeTopBits;
  static constexpr uint64_t kBottom = uint64_t{1} << kRangeBottomBits;

  void shift_low() {
    const int shift = kRangeTopBits - 8;
    if (low_ < (uint64_t{0xff} << shift) || low_ >= kTop) {
      const uint8_t carry = static_cast<uint8_t>(low_ >> kRangeTopBits);
      if (started_) out_.push_back(static_cast<uint8_t>(cache_ + carry));
      for (; pending_ff_ > 0; --pending_ff_) out_.push_back(static_cast<uint8_t>(0xff + carry));
      cache_ = static_cast<uint8_t>(low_ >> shift);
      started_ = true;
    } else {
      ++pending_ff_;
    }
    low_ = (low_ << 8) & (kTop - 1);
  }

  Bytes& out_;
  uint64_t low_ = 0;
  uint64_t range_ = kTop;
  uint8_t cache_ = 0;
  bool started_ = false;
  uint64_t pending_ff_ = 0;
};

class RangeDecoder {
 public:
  explicit RangeDecoder(ByteSpan in) : in_(in) {
    for (int i = 0; i < kRangeTopBits / 8; ++i) code_ = (code_ << 8) | next_byte();
  }

  // The position of the next symbol within 2^total_bits; the caller finds
  // the symbol whose [cum, cum + freq) holds it and calls consume().
  uint32_t target(int total_bits) {
    r_ = range_ >> total_bits;
    const uint64_t t = code_ / r_;
    const uint64_t max = (uint64_t{1} << total_bits) - 1;
    return static_cast<uint32_t>(t < max ? t : max);
  }

  void consume(uint32_t cum, uint32_t freq, int total_bits) {
    code_ -= r_ * cum;
    if (cum + freq == (uint32_t{1} << total_bits)) {
      range_ -= r_ * cum;
    } else {
      range_ = r_ * freq;
    }
    while (range_ <= kBottom) {
      code_ = ((code_ << 8) | next_byte()) & (kTop - 1);
      range_ <<= 8;
    }
  }

  // True when decoding read past the end of the payload by more than the
  // encoder's short flush explains: the data is corrupt or truncated.
  bool overrun() const { return overrun_bytes_ > kFlushSlackBytes; }
  // True when code lies outside the range: only a corrupt payload gets here.
  bool invalid() const { return code_ >= range_; }

 private:
  static constexpr uint64_t kTop = uint64_t{1} << kRangeTopBits;
  static constexpr uint64_t kBottom = uint64_t{1} << kRangeBottomBits;
  static constexpr uint64_t kFlushSlackBytes = kRangeTopBits / 8 - 1;

  uint8_t next_byte() {
    if (pos_ < in_.size()) return in_[pos_++];
    ++overrun_bytes_;
    return 0;
  }

  ByteSpan in_;
  size_t pos_ = 0;
  uint64_t code_ = 0;
  uint64_t range_ = kTop;
  uint64_t r_ = 1;
  uint64_t overrun_bytes_ = 0;
};

}  // namespace lmz
