#pragma once
// Exact nearest-neighbour search under cosine, dot product or Euclidean distance: one matrix product
// per block of rows (Eigen), blocks spread over threads.
#include <cstdint>
#include <string>
#include <vector>

#include "wordvec/core/eigen.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/query/similarity_index.hpp"

namespace wordvec {

/// How closeness is measured.
enum class Metric {
  Cosine,     ///< cosine similarity, larger = closer
  Dot,        ///< dot product, larger = closer
  Euclidean,  ///< Euclidean distance, smaller = closer (reported as the distance)
};

/// The metric named `name` ("cosine", "dot", "euclidean"); throws OptionError.
Metric parse_metric(const std::string& name);
/// Its name.
std::string metric_name(Metric metric);

/// One answer: a row and its score (similarity, or distance for Euclidean).
struct ScoredRow {
  std::int32_t row = 0;
  float score = 0.0f;
};

/// Exact search over the rows of a matrix it keeps a reference to (it must outlive the search).
class ExactSearch {
 public:
  /// Precomputes the norms the metric needs.
  ExactSearch(const Matrix& rows, Metric metric);
  /// The `topn` closest rows of each query (row q of `queries`), closest first, ties to the lower row;
  /// `exclude[q]` (when given) lists rows query q must not return.
  std::vector<std::vector<ScoredRow>> search(const Matrix& queries, std::size_t topn,
                                             const std::vector<std::vector<std::int32_t>>& exclude = {},
                                             int threads = 1) const;
  /// Number of rows searched.
  std::size_t size() const { return static_cast<std::size_t>(rows_.rows()); }
  /// The metric.
  Metric metric() const { return metric_; }

 private:
  const Matrix& rows_;
  Metric metric_;
  Eigen::VectorXf scale_;    // cosine: 1 / |row| (0 for a zero row)
  Eigen::VectorXf squared_;  // euclidean: |row|^2
};

/// The `topn` words closest to `query` (a raw vector) under `metric` over the vectors as they were read
/// (cosine as SimilarityIndex ranks them); rows in `exclude` are left out.
std::vector<Neighbor> metric_neighbors(const SimilarityIndex& index, const Eigen::VectorXf& query, Metric metric,
                                       std::size_t topn, const std::vector<std::int32_t>& exclude = {});

}  // namespace wordvec
