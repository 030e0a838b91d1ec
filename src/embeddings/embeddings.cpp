#include "wordvec/embeddings/embeddings.hpp"

#include <algorithm>
#include <functional>
#include <numeric>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

Embeddings::Embeddings(Vocab vocab, Matrix vectors, Metadata metadata, std::shared_ptr<const SubwordVectors> subwords)
    : vocab_(std::move(vocab)), vectors_(std::move(vectors)), metadata_(std::move(metadata)), subwords_(std::move(subwords)) {
  if (vocab_.size() != size())
    throw FormatError(fmt::format("embeddings: {} words but {} vectors", vocab_.size(), size()));
  if (!subwords_) return;
  if (size() > 0 && subwords_->input.cols() != dim())
    throw FormatError(fmt::format("embeddings: {}-dimensional word vectors but {}-dimensional n-gram rows", dim(),
                                  subwords_->input.cols()));
  if (subwords_->words > subwords_->input.rows())
    throw FormatError(fmt::format("embeddings: the subword model has {} word rows but only {} input rows",
                                  subwords_->words, subwords_->input.rows()));
}

bool Embeddings::vector_for(std::string_view word, float* out) const {
  const auto id = vocab_.find(word);
  if (id >= 0) {
    const auto row = vectors_.row(id);
    std::copy(row.data(), row.data() + dim(), out);
    return true;
  }
  if (subwords_) {
    std::vector<std::int32_t> rows;
    subwords_->rows_of(word, -1, rows);
    subwords_->mean_of(rows, out);
    if (!rows.empty()) return true;
  }
  std::fill(out, out + dim(), 0.0f);
  return false;
}

void Embeddings::truncate(std::size_t n) {
  if (n >= size()) return;
  vocab_.truncate(n);
  vectors_.conservativeResize(static_cast<Eigen::Index>(n), vectors_.cols());
}

void Embeddings::keep_most_frequent(std::size_t n) {
  const auto& counts = vocab_.counts();
  if (std::is_sorted(counts.begin(), counts.end(), std::greater<>())) {
    truncate(n);
    return;
  }
  std::vector<std::size_t> order(size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
  order.resize(std::min(n, order.size()));
  Vocab kept;
  Matrix rows(static_cast<Eigen::Index>(order.size()), vectors_.cols());
  for (std::size_t i = 0; i < order.size(); ++i) {
    kept.add(vocab_.word(order[i]), counts[order[i]]);
    rows.row(static_cast<Eigen::Index>(i)) = vectors_.row(static_cast<Eigen::Index>(order[i]));
  }
  vocab_ = std::move(kept);
  vectors_ = std::move(rows);
}

Eigen::VectorXf Embeddings::normalize() { return normalize_rows(vectors_); }

Embeddings::Parts Embeddings::into_parts() && {
  Parts parts{std::move(vocab_), std::move(vectors_), std::move(metadata_), std::move(subwords_)};
  *this = Embeddings();
  return parts;
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
