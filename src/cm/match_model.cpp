#include "cm/match_model.h"

#include <algorithm>

namespace lmz::cm {

MatchModel::MatchModel(int history_bits, int table_bits)
    : history_(size_t{1} << history_bits),
      history_mask_((1u << history_bits) - 1),
      table_(size_t{1} << table_bits),
      table_mask_((1u << table_bits) - 1),
      map_(16 * 2 * 8, 1023) {
  reset();
}

void MatchModel::reset() {
  std::fill(history_.begin(), history_.end(), 0);
  std::fill(table_.begin(), table_.end(), 0);
  recent_ = 0;
  pending_ = pos_ = match_ptr_ = length_ = 0;
  expected_bit_ = 0;
  active_ = false;
  map_.reset();
}

void MatchModel::update(int bit) {
  if (active_) map_.update(bit);
}

void MatchModel::byte_update(uint8_t byte) {
  if (length_ > 0) {
    if (history_[match_ptr_ & history_mask_] == byte) {
      ++match_ptr_;
      if (length_ < kMaxLength) ++length_;
    } else {
      length_ = 0;
    }
  }
  history_[pos_ & history_mask_] = byte;
  ++pos_;
  recent_ = recent_ << 8 | byte;
  if (pos_ > static_cast<uint32_t>(kMinLength)) {
    // The entry for the kMinLength bytes before `byte`, prefetched one byte
    // ago: where that string was last followed by a byte.
    uint32_t& entry = table_[pending_];
    const uint32_t candidate = entry + 1;  // just past that byte
    if (length_ == 0 && entry > 0 && pos_ - candidate < history_mask_) {
      uint32_t n = 0;
      while (n < 64 && n < candidate &&
             history_[(candidate - 1 - n) & history_mask_] == history_[(pos_ - 1 - n) & history_mask_]) {
        ++n;
      }
      if (n > static_cast<uint32_t>(kMinLength)) {
        length_ = n;
        match_ptr_ = candidate;
      }
    }
    entry = pos_ - 1;
  }
  if (pos_ >= static_cast<uint32_t>(kMinLength)) {
    constexpr uint64_t kMask = (uint64_t{1} << (8 * kMinLength)) - 1;
    pending_ = static_cast<uint32_t>(((recent_ & kMask) * 0x9e3779b97f4a7c15ull) >> 32) & table_mask_;
    __builtin_prefetch(&table_[pending_]);
  }
}

}  // namespace lmz::cm
