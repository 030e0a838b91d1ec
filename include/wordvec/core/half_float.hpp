#pragma once
// IEEE 754 half precision (binary16) as raw bits, for messages that need half the bytes of float32
// (distributed training's model averaging, --sync-wire float16). Eigen's half does the rounding
// (to nearest even, with the F16C instructions where the build targets them).
#include <bit>
#include <cstdint>

#include "wordvec/core/eigen.hpp"

namespace wordvec {

static_assert(sizeof(Eigen::half) == sizeof(std::uint16_t));

/// The half-precision value nearest to `x`, as its bits (inf beyond +-65504).
inline std::uint16_t to_half(float x) { return std::bit_cast<std::uint16_t>(Eigen::half(x)); }

/// The float a half-precision value's bits stand for (exact).
inline float from_half(std::uint16_t bits) { return static_cast<float>(std::bit_cast<Eigen::half>(bits)); }

}  // namespace wordvec
