// Turns logits into the integer weights the coder's frequency table takes:
// weight[i] = max(1, floor(exp(logit[i] - max) * 2^32)), with det_exp, so the
// weights are the same bits on every machine. A NaN logit counts as -inf.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lmz::llm {

inline constexpr double kWeightOne = 4294967296.0;  // 2^32: the weight of the most likely token

void logit_weights(const float* logits, size_t n, uint64_t* weights);

// The weights' total as a double, exactly what adding them one by one in
// doubles gives: below 2^21 weights of at most 2^32 every partial sum is an
// integer below 2^53, so an integer total (no chain of dependent double
// additions) is the same number.
double weight_total(const uint64_t* weights, size_t n);

}  // namespace lmz::llm
