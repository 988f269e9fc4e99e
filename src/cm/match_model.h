// Predicts the next bit from the longest recent repeat of the current context.
//
// At each byte boundary the model hashes the last kMinLength bytes and
// prefetches the index entry for that string; one byte later it reads the
// entry (by then in cache) and checks whether the earlier occurrence was
// followed by the byte just seen. A candidate is verified byte by byte, so a
// hash collision never yields a false match. While a match lasts, the byte
// that followed the earlier occurrence is the prediction; the first wrong bit
// ends the match until the next byte boundary.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "cm/logistic.h"
#include "cm/state_map.h"

namespace lmz::cm {

class MatchModel {
 public:
  static constexpr int kMinLength = 6;
  static constexpr uint32_t kMaxLength = 65535;

  // history_bits: log2 of the history ring; table_bits: log2 of the index.
  MatchModel(int history_bits, int table_bits);

  void reset();
  // Sets inputs `first` and `first + 1` of `m`; c0 is the partial byte with
  // a leading 1 bit.
  template <class Mixer>
  void set_inputs(Mixer& m, int first, int c0, int bit_position) {
    if (length_ > 0) {
      const int predicted = history_[match_ptr_ & history_mask_] | 256;
      // The match survives only while the bits so far agree with its byte.
      if ((predicted >> (8 - bit_position)) == c0) {
        expected_bit_ = (predicted >> (7 - bit_position)) & 1;
        active_ = true;
        const int cx = (length_bucket() * 2 + expected_bit_) * 8 + bit_position;
        m.set_input(first, stretch(map_.p(cx)));
        const int strength = static_cast<int>(length_ < 32 ? length_ : 32) * 32;
        m.set_input(first + 1, expected_bit_ ? strength : -strength);
        return;
      }
      length_ = 0;
    }
    active_ = false;
    m.set_input(first, 0);
    m.set_input(first + 1, 0);
  }
  void update(int bit);
  // Appends a finished byte to the history and finds the next match.
  void byte_update(uint8_t byte);

  // 0 when no match, else 1 + a bucket of the length (up to 15).
  int length_bucket() const { return kLengthBuckets[length_ < 32 ? length_ : 32]; }
  uint32_t length() const { return length_; }
  // The byte the match predicts (valid while length() > 0).
  int predicted_byte() const { return history_[match_ptr_ & history_mask_]; }

 private:
  static constexpr std::array<uint8_t, 33> kLengthBuckets = [] {
    std::array<uint8_t, 33> b{};
    for (uint32_t n = 0; n <= 32; ++n)
      b[n] = static_cast<uint8_t>(n < 12 ? n : n < 16 ? 12 : n < 24 ? 13 : n < 32 ? 14 : 15);
    return b;
  }();

  std::vector<uint8_t> history_;
  uint32_t history_mask_;
  std::vector<uint32_t> table_;
  uint32_t table_mask_;
  uint64_t recent_ = 0;     // the last 8 bytes, the newest in the low byte
  uint32_t pending_ = 0;    // index entry of the string before the newest byte
  uint32_t pos_ = 0;        // bytes seen
  uint32_t match_ptr_ = 0;  // position of the predicted byte
  uint32_t length_ = 0;
  int expected_bit_ = 0;
  bool active_ = false;
  StateMap map_;
};

}  // namespace lmz::cm
