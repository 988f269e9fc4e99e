// The finalizer of MurmurHash3's 64-bit hash: spreads every input bit over
// every output bit. For hashing contexts into tables; the same values on
// every machine.
#pragma once

#include <cstdint>

namespace lmz {

inline uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

}  // namespace lmz
