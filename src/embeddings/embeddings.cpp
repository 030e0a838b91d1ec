#include "wordvec/embeddings/embeddings.hpp"

#include <algorithm>
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
    subwords->rows_of(word, -1, size(), rows);
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
