#pragma once
// How the trainers start their input matrix.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "wordvec/core/random.hpp"
#include "train/hogwild_matrix.hpp"

namespace wordvec {

/// Fills `m` uniform in [-range, range), in parallel, the same for any thread count.
inline void init_input(HogwildMatrix& m, double range, std::uint64_t seed, int threads) {
  // Uniform in [-range, range); blocks of rows get their own seeds so the (2M-row, with subwords)
  // matrix fills in parallel, identically for any thread count.
  const auto scale = static_cast<float>(range);
  constexpr std::size_t kBlock = 1 << 14;
  const auto blocks = static_cast<std::int64_t>((m.rows() + kBlock - 1) / kBlock);
#pragma omp parallel for num_threads(threads) schedule(static)
  for (std::int64_t b = 0; b < blocks; ++b) {
    Random rng((seed ^ 0x5eed5eedULL) + static_cast<std::uint64_t>(b) * 0x9E3779B97F4A7C15ULL);
    const std::size_t end = std::min(m.rows(), static_cast<std::size_t>(b + 1) * kBlock);
    for (std::size_t r = static_cast<std::size_t>(b) * kBlock; r < end; ++r) {
      float* row = m.row(r);
      for (std::size_t c = 0; c < m.cols(); ++c) row[c] = rng.symmetric(scale);
    }
  }
}

}  // namespace wordvec
