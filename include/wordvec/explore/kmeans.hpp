#pragma once
// k-means clustering of word vectors (Lloyd iterations after k-means++ seeding), like word2vec -classes.
#include <cstdint>
#include <vector>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/progress.hpp"
#include "wordvec/embeddings/embeddings.hpp"

namespace wordvec {

/// How to cluster.
struct KMeansOptions {
  int k = 100;              ///< number of clusters
  int iterations = 20;      ///< at most this many Lloyd iterations after seeding
  std::uint64_t seed = 1;   ///< seed of the k-means++ draws; same seed, same clusters, whatever `threads`
  int threads = 1;          ///< worker threads
  CancellationToken cancel; ///< stops clustering with Cancelled once set (default: never)
  /// Throws OptionError naming the first bad value.
  void validate() const;
};

/// What clustering found.
struct KMeansResult {
  std::vector<std::int32_t> assignment;  ///< cluster of each point, 0..k-1; cluster 0 holds point 0
  Matrix centroids;                      ///< k x dim, row c is the mean of cluster c
  std::vector<std::size_t> sizes;        ///< points per cluster
  double inertia = 0.0;                  ///< sum of squared distances of points to their centroid
  int iterations = 0;                    ///< Lloyd iterations run
  bool converged = false;                ///< true when the last iteration changed no assignment
};

/// Clusters the rows of `points` into options.k clusters by squared Euclidean distance.
/// Seeds with k-means++ (D² sampling), then runs Lloyd iterations until no point changes cluster or
/// options.iterations is reached; an empty cluster is re-seeded with the point farthest from its centroid.
/// Every sum is taken in a fixed order, so the result depends on the seed only, not on the thread count.
/// Clusters are numbered by their first point (cluster 0 holds row 0, the most frequent word).
/// Throws OptionError when k exceeds the number of points; honours options.cancel between iterations.
KMeansResult kmeans(const Matrix& points, const KMeansOptions& options, const ProgressCallback& progress = {});

}  // namespace wordvec
