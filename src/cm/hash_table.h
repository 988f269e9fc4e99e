// Hashed storage of bit-history states for one nibble of one context.
//
// A bucket is 16 bytes: an 8-bit check taken from the hash, then 15 states,
// one per node of the binary tree over the nibble's four bits (node 1 is the
// first bit, nodes 2-3 the second, 4-7 the third, 8-15 the fourth). A lookup
// probes the three neighbours of the home bucket inside one 64-byte line and
// takes the bucket whose check matches; on a miss it clears and claims the
// neighbour that has seen the fewest bits, judged by its first node's counts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "cm/state_table.h"
#include "core/large_buffer.h"

namespace lmz::cm {

class HashTable {
 public:
  static constexpr int kBucketBytes = 16;

  // The storage starts zeroed (mapped memory), so a new table needs no reset.
  explicit HashTable(int bucket_bits)
      : mask_((size_t{1} << bucket_bits) - 1), storage_((mask_ + 1) * kBucketBytes), state_table_(StateTable::get()) {}

  void reset() { storage_.clear(); }

  // Returns the 15 states (indexed 1..15 through the returned pointer) of the
  // bucket for `hash`.
  uint8_t* find(uint32_t hash) {
    const uint8_t check = static_cast<uint8_t>(hash);
    const size_t home = (hash >> 8) & mask_;
    uint8_t* base = line_start();
    uint8_t* victim = nullptr;
    int victim_priority = 1 << 30;
    for (size_t probe = 0; probe < 3; ++probe) {
      uint8_t* bucket = base + (home ^ probe) * kBucketBytes;
      if (bucket[0] == check) return bucket;
      const int priority = state_table_.n0(bucket[1]) + state_table_.n1(bucket[1]);
      if (priority < victim_priority) {
        victim_priority = priority;
        victim = bucket;
      }
    }
    std::memset(victim, 0, kBucketBytes);
    victim[0] = check;
    return victim;
  }

  // Takes the contents of a table of the same size.
  void copy_from(const HashTable& other) { std::memcpy(storage_.data(), other.storage_.data(), storage_.size()); }
  // This table's counterpart of a bucket of `other`.
  uint8_t* counterpart(const HashTable& other, const uint8_t* bucket) const {
    return storage_.data() + (bucket - other.storage_.data());
  }

  void prefetch(uint32_t hash) const { __builtin_prefetch(line_start() + ((hash >> 8) & mask_) * kBucketBytes); }

 private:
  // Mapped memory starts on a page boundary, so each probe group of four
  // buckets shares one 64-byte line.
  uint8_t* line_start() const { return storage_.data(); }
  size_t mask_;
  LargeBuffer storage_;
  const StateTable& state_table_;
};

}  // namespace lmz::cm
