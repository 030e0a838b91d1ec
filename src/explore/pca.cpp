#include "wordvec/explore/pca.hpp"  // first: Eigen/Core through core/eigen.hpp (see there)

#include <Eigen/Eigenvalues>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

Eigen::VectorXd Pca::explained_ratio() const {
  if (total_variance <= 0.0) return Eigen::VectorXd::Zero(variance.size());
  return variance / total_variance;
}

Eigen::MatrixXd Pca::project(const Matrix& points) const {
  if (points.cols() != axes.rows())
    throw OptionError(fmt::format("pca: the vectors have {} dimensions, the axes {}", points.cols(), axes.rows()));
  return (points.cast<double>().rowwise() - mean.transpose()) * axes;
}

Pca fit_pca(const Matrix& points, int components, bool centre) {
  const auto dim = points.cols();
  require_option(components >= 1 && components <= dim, "dim",
                 fmt::format("between 1 and the vector dimension {}", dim), components);
  if (points.rows() == 0) throw DataError("pca: there are no vectors");
  Pca pca;
  pca.mean = centre ? Eigen::VectorXd(points.cast<double>().colwise().mean().transpose()) : Eigen::VectorXd::Zero(dim);
  const Eigen::MatrixXd centred = points.cast<double>().rowwise() - pca.mean.transpose();
  const double denominator = points.rows() > 1 && centre ? static_cast<double>(points.rows() - 1) : static_cast<double>(points.rows());
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(dim, dim);
  cov.selfadjointView<Eigen::Lower>().rankUpdate(centred.transpose(), 1.0 / denominator);
  cov.triangularView<Eigen::StrictlyUpper>() = cov.transpose();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(cov);
  if (solver.info() != Eigen::Success) throw DataError("pca: the eigen decomposition did not converge");
  // Eigenvalues come in increasing order: take the last `components`, strongest first.
  pca.axes.resize(dim, components);
  pca.variance.resize(components);
  for (int j = 0; j < components; ++j) {
    const auto src = dim - 1 - j;
    Eigen::VectorXd axis = solver.eigenvectors().col(src);
    Eigen::Index largest = 0;
    axis.cwiseAbs().maxCoeff(&largest);
    if (axis[largest] < 0) axis = -axis;
    pca.axes.col(j) = axis;
    pca.variance[j] = std::max(solver.eigenvalues()[src], 0.0);
  }
  pca.total_variance = cov.trace();
  return pca;
}

}  // namespace wordvec
