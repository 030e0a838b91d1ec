// PCA recovers known axes and variances of synthetic data.
// GCC 12 flags the AVX-512 intrinsics of Eigen's double products as maybe-uninitialised (a false positive).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <catch2/catch.hpp>

#include <cmath>

#include "wordvec/core/error.hpp"
#include "wordvec/core/random.hpp"
#include "wordvec/explore/pca.hpp"

using namespace wordvec;

TEST_CASE("PCA recovers the axes of an elongated, rotated cloud", "[pca]") {
  // Points = mean + 5 a u + 2 b v + 0.1 noise with u, v orthonormal in 6 dimensions.
  Eigen::VectorXf u(6), v(6), mean(6);
  u << 1, 2, 0, -1, 0, 1;
  v << 2, -1, 1, 0, 1, 0;
  v -= v.dot(u.normalized()) * u.normalized();
  u.normalize();
  v.normalize();
  mean << 3, -2, 1, 0, 7, 1;
  Random rng(21);
  auto gauss = [&] {  // Box-Muller
    const double a = std::max(1e-12, static_cast<double>(rng.uniform())), b = rng.uniform();
    return static_cast<float>(std::sqrt(-2.0 * std::log(a)) * std::cos(2.0 * 3.14159265358979 * b));
  };
  Matrix x(4000, 6);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    Eigen::VectorXf p = mean + 5.0f * gauss() * u + 2.0f * gauss() * v;
    for (Eigen::Index j = 0; j < 6; ++j) p[j] += 0.1f * gauss();
    x.row(i) = p.transpose();
  }
  const Pca pca = fit_pca(x, 2);
  REQUIRE(pca.components() == 2);
  CHECK(std::abs(pca.axes.col(0).dot(u.cast<double>())) > 0.999);
  CHECK(std::abs(pca.axes.col(1).dot(v.cast<double>())) > 0.995);
  CHECK(pca.axes.col(0).dot(pca.axes.col(1)) == Approx(0.0).margin(1e-9));
  CHECK(pca.variance[0] == Approx(25.0).epsilon(0.08));
  CHECK(pca.variance[1] == Approx(4.0).epsilon(0.08));
  CHECK((pca.mean - mean.cast<double>()).norm() < 0.3);
  const Eigen::VectorXd ratio = pca.explained_ratio();
  CHECK(ratio[0] == Approx(25.0 / (25.0 + 4.0 + 6 * 0.01)).epsilon(0.03));
  // Projections are centred and carry the variances.
  const Eigen::MatrixXd coords = pca.project(x);
  CHECK(coords.col(0).mean() == Approx(0.0).margin(1e-6));
  CHECK(coords.col(0).squaredNorm() / (x.rows() - 1) == Approx(pca.variance[0]).epsilon(1e-6));
  // The sign convention makes the largest coordinate of each axis positive.
  Eigen::Index largest = 0;
  pca.axes.col(0).cwiseAbs().maxCoeff(&largest);
  CHECK(pca.axes(largest, 0) > 0);
}

TEST_CASE("PCA without centring finds the common direction", "[pca]") {
  // Every row is 10 w + small noise: the first uncentred axis is w.
  Eigen::VectorXf w(4);
  w << 0.5f, 0.5f, 0.5f, -0.5f;
  Random rng(3);
  Matrix x(200, 4);
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (Eigen::Index j = 0; j < 4; ++j) x(i, j) = 10.0f * w[j] + (rng.uniform() - 0.5f);
  const Pca pca = fit_pca(x, 1, /*centre=*/false);
  CHECK(pca.mean.isZero());
  CHECK(std::abs(pca.axes.col(0).dot(w.cast<double>())) > 0.999);
}

TEST_CASE("PCA refuses impossible component counts", "[pca]") {
  Matrix x = Matrix::Random(10, 3);
  CHECK_THROWS_AS(fit_pca(x, 0), OptionError);
  CHECK_THROWS_AS(fit_pca(x, 4), OptionError);
  CHECK_THROWS_AS(fit_pca(Matrix(0, 3), 2), DataError);
  const Pca pca = fit_pca(x, 3);
  CHECK_THROWS_AS(pca.project(Matrix::Zero(2, 5)), OptionError);
}
