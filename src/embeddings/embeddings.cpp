#include "wordvec/embeddings/embeddings.hpp"

#include <algorithm>
#include <functional>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

bool Embeddings::vector_for(std::string_view word, float* out) const {
  const auto id = vocab.find(word);
  if (id >= 0) {
    const auto row = vectors.row(id);
    std::copy(row.data(), row.data() + dim(), out);
    return true;
  }
  if (subwords) {
    std::vector<std::int32_t> rows;
    subwords->rows_of(word, -1, rows);
    subwords->mean_of(rows, out);
    if (!rows.empty()) return true;
  }
  std::fill(out, out + dim(), 0.0f);
  return false;
}

void Embeddings::check_consistent() const {
  if (vocab.size() != size())
    throw FormatError(fmt::format("embeddings: {} words but {} vectors", vocab.size(), size()));
}

void Embeddings::truncate(std::size_t n) {
  check_consistent();
  if (n >= size()) return;
  vocab.truncate(n);
  vectors.conservativeResize(static_cast<Eigen::Index>(n), vectors.cols());
}

void Embeddings::keep_most_frequent(std::size_t n) {
  check_consistent();
  const auto& counts = vocab.counts();
  if (std::is_sorted(counts.begin(), counts.end(), std::greater<>())) {
    truncate(n);
    return;
  }
  std::vector<std::size_t> order(size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
  order.resize(std::min(n, order.size()));
  Vocab kept;
  Matrix rows(static_cast<Eigen::Index>(order.size()), vectors.cols());
  for (std::size_t i = 0; i < order.size(); ++i) {
    kept.add(vocab.word(order[i]), counts[order[i]]);
    rows.row(static_cast<Eigen::Index>(i)) = vectors.row(static_cast<Eigen::Index>(order[i]));
  }
  vocab = std::move(kept);
  vectors = std::move(rows);
}

Eigen::VectorXf normalize_rows(Matrix& m) {
  Eigen::VectorXf norms(m.rows());
#pragma omp parallel for schedule(static)
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    const float norm = m.row(r).norm();
    norms[r] = norm;
    if (norm > 0.0f) m.row(r) /= norm;
  }
  return norms;
}

}  // namespace wordvec
