#include "llm/token_weights.h"

#include "llm/det_math.h"

namespace lmz::llm {

void logit_weights(const float* logits, size_t n, uint64_t* weights) {
  float max = -3.4e38f;
  for (size_t i = 0; i < n; ++i) {
    if (logits[i] > max) max = logits[i];  // false for NaN
  }
  for (size_t i = 0; i < n; ++i) {
    const double delta = static_cast<double>(logits[i]) - static_cast<double>(max);
    uint64_t w = 1;
    if (delta > -40.0) {  // exp(-40) * 2^32 < 1: such tokens keep the floor
      const double scaled = det_exp(delta) * kWeightOne;
      w = scaled >= 1.0 ? static_cast<uint64_t>(scaled) : 1;
    }
    weights[i] = w;
  }
}

}  // namespace lmz::llm
