// Turns logits into the integer weights the coder's frequency table takes:
// weight[i] = max(1, floor(exp(logit[i] - max) * 2^32)), with det_exp, so the
// weights are the same bits on every machine. A NaN logit counts as -inf.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lmz::llm {

inline constexpr double kWeightOne = 4294967296.0;  // 2^32: the weight of the most likely token

void logit_weights(const float* logits, size_t n, uint64_t* weights);

}  // namespace lmz::llm
