// The logistic domain of the mixer, in integers only.
//
// squash(x) = 4096 / (1 + e^(-x/256)) maps a stretched value x in
// [-2047, 2047] to a 12-bit probability; stretch(p) is its inverse,
// ln(p / (1 - p)) * 256. squash interpolates 33 exact samples of the logistic
// curve, and stretch is built by inverting squash, so the pair involves no
// floating point and gives the same values on every machine.
#pragma once

#include <array>
#include <cstdint>

namespace lmz::cm {

inline constexpr int kStretchMax = 2047;

constexpr int squash(int x) {
  // 4096 / (1 + e^(-(i - 16) / 2)) for i = 0..32, rounded.
  constexpr int kSamples[33] = {1,    2,    4,    6,    10,   17,   27,   45,   74,   120,  194,
                                311,  488,  747,  1102, 1546, 2048, 2550, 2994, 3349, 3608, 3785,
                                3902, 3976, 4022, 4051, 4069, 4079, 4086, 4090, 4092, 4094, 4095};
  if (x > kStretchMax) return 4095;
  if (x < -kStretchMax) return 1;
  const int w = x & 127;
  const int i = (x >> 7) + 16;
  return (kSamples[i] * (128 - w) + kSamples[i + 1] * w + 64) >> 7;
}

struct StretchTable {
  std::array<int16_t, 4096> values{};
  constexpr StretchTable() {
    int p_next = 0;
    for (int x = -kStretchMax; x <= kStretchMax; ++x) {
      const int v = squash(x);
      for (int p = p_next; p <= v; ++p) values[p] = static_cast<int16_t>(x);
      p_next = v + 1;
    }
    for (int p = p_next; p < 4096; ++p) values[p] = kStretchMax;
  }
};

inline constexpr StretchTable kStretch{};

struct SquashTable {
  std::array<int16_t, 4096> values{};
  constexpr SquashTable() {
    for (int x = -2048; x < 2048; ++x) values[x + 2048] = static_cast<int16_t>(squash(x));
  }
};

inline constexpr SquashTable kSquash{};

// p: 12-bit probability in [0, 4095].
inline int stretch(int p) {
  return kStretch.values[p];
}

// squash() by table lookup; x must lie in [-2047, 2047].
inline int squash_fast(int x) {
  return kSquash.values[x + 2048];
}

}  // namespace lmz::cm
