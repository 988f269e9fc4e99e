#include "core/cpu.h"

#include <cpuid.h>

#include <cstdlib>
#include <cstring>

namespace lmz {

bool cpu_has_avx2() {
#if defined(LMZ_NO_SIMD)
  return false;  // a build without SIMD kernels (cmake -DLMZ_SIMD=OFF)
#elif defined(__x86_64__) || defined(__i386__)
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

bool simd_avx2_enabled() {
  static const bool enabled = [] {
    const char* env = std::getenv("LMZ_SIMD");
    if (env != nullptr && std::strcmp(env, "0") == 0) return false;
    return cpu_has_avx2();
  }();
  return enabled;
}

bool simd_avx2_fma_enabled() {
#if !defined(LMZ_NO_SIMD) && (defined(__x86_64__) || defined(__i386__))
  static const bool enabled = simd_avx2_enabled() && __builtin_cpu_supports("fma");
  return enabled;
#else
  return false;
#endif
}

bool simd_avx512_enabled() {
#if !defined(LMZ_NO_SIMD) && (defined(__x86_64__) || defined(__i386__))
  static const bool enabled = [] {
    const char* env = std::getenv("LMZ_SIMD");
    if (env != nullptr && std::strcmp(env, "avx2") == 0) return false;
    // libgcc's checks include the system's support for the registers (XCR0).
    return simd_avx2_fma_enabled() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  }();
  return enabled;
#else
  return false;
#endif
}

bool simd_f16c_enabled() {
#if !defined(LMZ_NO_SIMD) && (defined(__x86_64__) || defined(__i386__))
  static const bool enabled = [] {
    unsigned a = 0, b = 0, c = 0, d = 0;
    // CPUID leaf 1: ECX bit 29 is F16C.
    return simd_avx2_fma_enabled() && __get_cpuid(1, &a, &b, &c, &d) != 0 && (c & (1u << 29)) != 0;
  }();
  return enabled;
#else
  return false;
#endif
}

}  // namespace lmz
