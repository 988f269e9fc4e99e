// splitmix64: a small pseudo-random sequence with the same values from every
// compiler and standard library (std::uniform_real_distribution and friends
// differ between them), for test models, golden archives and benchmarks.
#pragma once

#include <cstdint>

namespace lmz {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ull;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // A float in [-1, 1) from the top 24 bits.
  float uniform() { return static_cast<float>(next() >> 40) * (2.0f / 16777216.0f) - 1.0f; }

 private:
  uint64_t state_;
};

}  // namespace lmz
