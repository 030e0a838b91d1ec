#pragma once
// Test vectors: n words w0..w{n-1} (counts n..1) with Gaussian directions and random lengths.
#include <cstddef>
#include <random>

#include <fmt/format.h>

#include "wordvec/embeddings/embeddings.hpp"

namespace wordvec::test {

/// Row i has a Gaussian direction and a length uniform in [min_length, max_length), except that
/// rows with i % zero_every == zero_at (when zero_every > 0) are all zeros.
inline Embeddings random_embeddings(std::size_t n, std::size_t dim, unsigned seed, float min_length, float max_length,
                                    std::size_t zero_every = 0, std::size_t zero_at = 0) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::uniform_real_distribution<float> length(min_length, max_length);
  Vocab vocab;
  Matrix matrix;
  matrix.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(dim));
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    vocab.add(fmt::format("w{}", i), n - i);
    for (Eigen::Index k = 0; k < matrix.cols(); ++k) matrix(r, k) = normal(rng);
    const bool zero = zero_every > 0 && i % zero_every == zero_at;
    matrix.row(r) *= zero ? 0.0f : length(rng) / matrix.row(r).norm();
  }
  return Embeddings(std::move(vocab), std::move(matrix));
}

}  // namespace wordvec::test
