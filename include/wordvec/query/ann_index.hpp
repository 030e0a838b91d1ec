#pragma once
// Approximate nearest neighbours for large collections and vocabularies: an HNSW graph (hnswlib,
// Debian's header-only libhnswlib-dev), saved beside the data it indexes.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/eigen.hpp"
#include "wordvec/query/metric_search.hpp"

namespace wordvec {

/// True when this build has hnswlib (else building or loading an index throws DataError).
bool ann_available();

/// How the graph is built and searched.
struct AnnOptions {
  int m = 16;                ///< links per node (hnswlib's M)
  int ef_construction = 200; ///< candidate list while building
  int ef_search = 64;        ///< candidate list while searching (at least the number of answers)
  int threads = 1;           ///< building and searching threads
  std::uint64_t seed = 100;  ///< hnswlib's level generator seed
  /// Throws OptionError naming the first bad value.
  void validate() const;
};

/// An HNSW index over rows 0..n-1 of a matrix, under cosine (rows normalised), dot or Euclidean.
class AnnIndex {
 public:
  /// Builds over the rows of `rows`; throws DataError without hnswlib.
  static AnnIndex build(const Matrix& rows, Metric metric, const AnnOptions& options);
  /// Loads a saved index of `dim`-dimensional rows; throws FormatError when the file does not hold one.
  static AnnIndex load(const std::filesystem::path& path, std::size_t dim, Metric metric);
  ~AnnIndex();
  AnnIndex(AnnIndex&&) noexcept;
  AnnIndex& operator=(AnnIndex&&) noexcept;

  /// Writes the index atomically (core/atomic_file); throws IoError, or Cancelled (nothing written) once
  /// `cancel` is set.
  void save(const std::filesystem::path& path, const CancellationToken& cancel = {}) const;
  /// The `topn` nearest rows of each query row, closest first (scores as ExactSearch reports them);
  /// `exclude[q]` (when given) lists rows query q must not return; `ef` 0 = the options' ef_search.
  std::vector<std::vector<ScoredRow>> search(const Matrix& queries, std::size_t topn,
                                             const std::vector<std::vector<std::int32_t>>& exclude = {}, int threads = 1,
                                             std::size_t ef = 0) const;
  /// Number of rows indexed.
  std::size_t size() const;
  /// The metric.
  Metric metric() const { return metric_; }

 private:
  struct Impl;
  explicit AnnIndex(std::unique_ptr<Impl> impl, Metric metric);
  std::unique_ptr<Impl> impl_;
  Metric metric_;
};

}  // namespace wordvec
