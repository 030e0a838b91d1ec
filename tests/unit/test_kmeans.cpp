// k-means: separable blobs are found, results do not depend on the thread count, bad k is refused.
#include <catch2/catch.hpp>

#include <map>

#include "wordvec/core/error.hpp"
#include "wordvec/core/random.hpp"
#include "wordvec/explore/kmeans.hpp"

using namespace wordvec;

namespace {

// `per` points around each of `centres` (rows), uniform noise of half-width `spread`, blobs interleaved.
Matrix blobs(const Matrix& centres, int per, float spread, std::uint64_t seed, std::vector<int>* truth) {
  Random rng(seed);
  Matrix x(centres.rows() * per, centres.cols());
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const auto c = i % centres.rows();
    for (Eigen::Index j = 0; j < x.cols(); ++j) x(i, j) = centres(c, j) + spread * (2.0f * rng.uniform() - 1.0f);
    if (truth) truth->push_back(static_cast<int>(c));
  }
  return x;
}

Matrix random_centres(int k, int dim, float scale, std::uint64_t seed) {
  Random rng(seed);
  Matrix c(k, dim);
  for (Eigen::Index i = 0; i < c.rows(); ++i)
    for (Eigen::Index j = 0; j < c.cols(); ++j) c(i, j) = scale * (2.0f * rng.uniform() - 1.0f);
  return c;
}

}  // namespace

TEST_CASE("kmeans finds separable blobs exactly", "[kmeans]") {
  const int k = 6;
  const Matrix centres = random_centres(k, 8, 10.0f, 5);
  std::vector<int> truth;
  const Matrix x = blobs(centres, 50, 0.5f, 11, &truth);
  KMeansOptions opt;
  opt.k = k;
  opt.threads = 2;
  opt.seed = 3;
  const auto r = kmeans(x, opt);
  REQUIRE(r.assignment.size() == truth.size());
  // The clustering equals the truth up to renaming: a one-to-one map between labels.
  std::map<int, int> to_found, to_truth;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const auto [a, fresh_a] = to_found.emplace(truth[i], r.assignment[i]);
    const auto [b, fresh_b] = to_truth.emplace(r.assignment[i], truth[i]);
    REQUIRE(a->second == r.assignment[i]);
    REQUIRE(b->second == truth[i]);
  }
  CHECK(to_found.size() == static_cast<std::size_t>(k));
  CHECK(r.converged);
  CHECK(r.assignment[0] == 0);  // clusters are numbered by first point
  for (auto s : r.sizes) CHECK(s == 50);
  // Each centroid sits near its true centre.
  for (const auto& [t, f] : to_found) CHECK((r.centroids.row(f) - centres.row(t)).norm() < 0.3f);
  // Inertia is the sum of squared distances to the centroids.
  double inertia = 0.0;
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    inertia += (x.row(i) - r.centroids.row(r.assignment[static_cast<std::size_t>(i)])).squaredNorm();
  CHECK(r.inertia == Approx(inertia).epsilon(1e-4));
}

TEST_CASE("kmeans gives the same result for a seed whatever the thread count", "[kmeans]") {
  // Overlapping blobs, so that many iterations and tie-prone sums are exercised.
  const Matrix x = blobs(random_centres(20, 16, 1.0f, 9), 40, 1.0f, 13, nullptr);
  KMeansOptions opt;
  opt.k = 20;
  opt.iterations = 15;
  opt.seed = 42;
  opt.threads = 1;
  const auto one = kmeans(x, opt);
  for (int threads : {2, 3, 7}) {
    opt.threads = threads;
    const auto many = kmeans(x, opt);
    CHECK(many.assignment == one.assignment);
    CHECK(many.centroids == one.centroids);
    CHECK(many.inertia == one.inertia);
    CHECK(many.iterations == one.iterations);
  }
  opt.seed = 43;
  opt.threads = 2;
  CHECK(kmeans(x, opt).assignment != one.assignment);  // the seed matters
}

TEST_CASE("kmeans handles duplicates, k = n and reports progress", "[kmeans]") {
  Matrix x(5, 2);
  x << 0, 0, 0, 0, 0, 0, 5, 5, 5, 5;
  KMeansOptions opt;
  opt.k = 2;
  const auto r = kmeans(x, opt);
  CHECK(r.assignment == std::vector<std::int32_t>{0, 0, 0, 1, 1});
  CHECK(r.inertia == Approx(0.0).margin(1e-9));
  opt.k = 5;  // more clusters than distinct points: no crash, every point assigned
  int reports = 0;
  const auto all = kmeans(x, opt, [&](const Progress& p) { reports += p.stage == ProgressStage::KMeans; });
  CHECK(all.assignment.size() == 5);
  CHECK(reports >= 2);
  CHECK(all.inertia == Approx(0.0).margin(1e-9));
}

TEST_CASE("kmeans refuses bad options", "[kmeans]") {
  Matrix x = Matrix::Zero(3, 2);
  KMeansOptions opt;
  opt.k = 4;
  CHECK_THROWS_AS(kmeans(x, opt), OptionError);
  opt.k = 0;
  CHECK_THROWS_AS(kmeans(x, opt), OptionError);
  opt.k = 2;
  opt.iterations = 0;
  CHECK_THROWS_AS(kmeans(x, opt), OptionError);
  opt.iterations = 5;
  CHECK_THROWS_AS(kmeans(Matrix(0, 2), opt), Error);
}
