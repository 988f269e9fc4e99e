#include "cm/match_model.h"


namespace lmz::cm {
namespace {

int length_to_bucket(uint32_t length) {
  if (length == 0) return 0;
  if (length < 12) return static_cast<int>(length);       // 1..11 as is
  if (length < 16) return 12;
  if (length < 24) return 13;
  if (length < 32) return 14;
  return 15;
}

}  // namespace

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
  pos_ = match_ptr_ = length_ = 0;
  expected_bit_ = 0;
  active_ = false;
  map_.reset();
}

int MatchModel::length_bucket() const { return length_to_bucket(length_); }

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
  if (pos_ < static_cast<uint32_t>(kMinLength)) return;
  uint32_t h = 0;
  for (int i = kMinLength; i >= 1; --i) h = (h + history_[(pos_ - i) & history_mask_] + 1) * 0x2f0b4ca3u;
  h = (h ^ (h >> 15)) & table_mask_;
  if (length_ == 0) {
    const uint32_t candidate = table_[h];
    if (candidate > 0 && pos_ - candidate < history_mask_) {
      uint32_t n = 0;
      while (n < 64 && n < candidate &&
             history_[(candidate - 1 - n) & history_mask_] == history_[(pos_ - 1 - n) & history_mask_]) {
        ++n;
      }
      if (n >= static_cast<uint32_t>(kMinLength)) {
        length_ = n;
        match_ptr_ = candidate;
      }
    }
  }
  table_[h] = pos_;
}

}  // namespace lmz::cm
