// The interface every bitwise model implements, after paq's Predictor:
// p() gives the probability that the next bit is 1, update(bit) tells the
// model what the bit was. Bits of a byte come most significant first. A model
// must be a pure function of the bits it has been shown: the decoder repeats
// the encoder's calls exactly.
#pragma once

#include <cstdint>

namespace lmz {

class BitPredictor {
 public:
  virtual ~BitPredictor() = default;
  // Probability that the next bit is 1, scaled to (0, 2^16).
  virtual uint32_t p() = 0;
  virtual void update(int bit) = 0;
  // Forget everything learned; the model behaves as freshly constructed.
  virtual void reset() = 0;
};

}  // namespace lmz
