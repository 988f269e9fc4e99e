// Which vector instructions the kernels may use. Every SIMD kernel in lmz
// computes exactly what its scalar twin computes (integer arithmetic, or a
// fixed reduction order), so this choice changes speed, never output. Setting
// LMZ_SIMD=0 in the environment forces the scalar kernels, which the
// determinism tests use to prove that.
#pragma once

namespace lmz {

bool cpu_has_avx2();
// True when SIMD kernels are allowed (LMZ_SIMD is not "0") and the CPU has AVX2.
bool simd_avx2_enabled();
// True when SIMD kernels are allowed and the CPU has both AVX2 and FMA (the
// float kernels of the LLM engine).
bool simd_avx2_fma_enabled();
// True when simd_avx2_fma_enabled() and the CPU converts halves (F16C).
bool simd_f16c_enabled();
// True when simd_avx2_fma_enabled(), LMZ_SIMD is not "avx2", and the CPU and
// the system support AVX-512 F and DQ (the wider float kernels, which keep
// the AVX2 kernels' lanes and order).
bool simd_avx512_enabled();

}  // namespace lmz
