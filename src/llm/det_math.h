// Elementary functions built from IEEE basic operations (add, multiply,
// divide, fused multiply-add) in one fixed order, so they return the same bits
// on every machine and compiler. The C library's exp, log, sin and cos may
// differ between versions and CPUs; nothing that feeds the coder uses them.
//
// All work in double and are accurate to about 1 ulp of double over the
// ranges the engine uses (|x| < 700 for exp, |x| < 1e6 for sin and cos).
#pragma once

namespace lmz::llm {

double det_exp(double x);
double det_log(double x);  // x > 0
double det_sin(double x);
double det_cos(double x);
double det_log2(double x);

// exp for the float kernels: det_exp rounded to float.
inline float det_expf(float x) {
  return static_cast<float>(det_exp(static_cast<double>(x)));
}

}  // namespace lmz::llm
