#pragma once
// Eigen, included through this header only, so one pragma can silence a compiler bug inside it.
//
// GCC 12 with -march=native on an AVX-512 machine warns "'__Y' may be used uninitialized
// [-Wmaybe-uninitialized]" in avx512fintrin.h's _mm512_undefined_ps() wherever Eigen's matrix products
// are inlined (hundreds of times per build). It is a false positive of the compiler, GCC bug 105593
// ("avx512 math function raises uninitialized variable warning"), fixed in GCC 13. GCC applies a
// diagnostic pragma by source location, so ignoring the warning around these includes covers the
// code of Eigen and of the intrinsics headers it pulls in, and none of ours. Include this before any
// other Eigen module (<Eigen/Eigenvalues>, ...): the intrinsics headers are then already inside it.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <Eigen/Core>
#pragma GCC diagnostic pop
#else
#include <Eigen/Core>
#endif
