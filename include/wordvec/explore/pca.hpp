#pragma once
// Principal component analysis of row vectors (eigenvectors of the covariance matrix).
#include "wordvec/core/eigen.hpp"

#include "wordvec/embeddings/embeddings.hpp"

namespace wordvec {

/// Principal axes of a set of points, strongest first.
struct Pca {
  Eigen::VectorXd mean;               ///< subtracted before projecting (zero when fitted uncentred)
  Eigen::MatrixXd axes;               ///< dim x m, column j is the unit axis of component j
  Eigen::VectorXd variance;           ///< m eigenvalues: the variance along each axis
  double total_variance = 0.0;        ///< trace of the covariance: the variance of all dimensions

  /// Number of components kept.
  int components() const { return static_cast<int>(axes.cols()); }
  /// Share of the total variance each component explains (0..1).
  Eigen::VectorXd explained_ratio() const;
  /// Coordinates of the rows of `points` on the axes: n x m.
  Eigen::MatrixXd project(const Matrix& points) const;
};

/// Fits the first `components` principal axes of the rows of `points` with Eigen's
/// SelfAdjointEigenSolver on the dim x dim covariance (accumulated in double). With `centre` false
/// the mean is not subtracted (the axes of the uncentred second-moment matrix, as SIF uses).
/// Each axis is signed so that its largest-magnitude coordinate is positive, so results are reproducible.
/// Throws OptionError unless 1 <= components <= dim, DataError when there are no points.
Pca fit_pca(const Matrix& points, int components, bool centre = true);

}  // namespace wordvec
