#include "core/cpu.h"

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

}  // namespace lmz
