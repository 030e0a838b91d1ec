#include "wordvec/explore/kmeans.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/random.hpp"

namespace wordvec {

void KMeansOptions::validate() const {
  require_option(k >= 1, "k", "at least 1 cluster", k);
  require_option(iterations >= 1, "iterations", "at least 1 iteration", iterations);
  require_option(threads >= 1, "threads", "at least 1 thread", threads);
}

namespace {

using Clock = std::chrono::steady_clock;

// Determinism: every per-point value is computed by the same code whichever thread runs it, and
// every sum over points runs in index order on one thread, so the thread count never changes a bit.
class Lloyd {
 public:
  Lloyd(const Matrix& points, const KMeansOptions& options, const ProgressCallback& progress)
      : x_(points), opt_(options), progress_(progress), n_(points.rows()), k_(options.k),
        assignment_(static_cast<std::size_t>(n_), -1), dist_(static_cast<std::size_t>(n_), 0.0f) {
    norms_.resize(n_);
    for (Eigen::Index i = 0; i < n_; ++i) norms_[i] = x_.row(i).squaredNorm();
  }

  KMeansResult run() {
    const auto start = Clock::now();
    seed();
    assign();
    KMeansResult out;
    for (int it = 1; it <= opt_.iterations; ++it) {
      opt_.cancel.throw_if_requested();
      update(/*reseed_empty=*/true);
      const auto changed = assign();
      out.iterations = it;
      report(it, false, start);
      if (changed == 0) {
        out.converged = true;
        break;
      }
    }
    // Centroids are the means of the final assignment (a no-op when it converged).
    if (!out.converged) update(/*reseed_empty=*/false);
    relabel(out);
    out.inertia = inertia();
    report(out.iterations, true, start);
    return out;
  }

 private:
  // k-means++ (Arthur & Vassilvitskii 2007): each new centre is drawn with probability
  // proportional to the squared distance to the nearest centre chosen so far.
  void seed() {
    centroids_.resize(k_, x_.cols());
    Random rng(opt_.seed);
    std::vector<double> d2(static_cast<std::size_t>(n_), std::numeric_limits<double>::infinity());
    std::vector<char> chosen(static_cast<std::size_t>(n_), 0);
    Eigen::Index pick = static_cast<Eigen::Index>(rng.below(static_cast<std::uint32_t>(n_)));
    for (Eigen::Index c = 0; c < k_; ++c) {
      opt_.cancel.throw_if_requested();
      centroids_.row(c) = x_.row(pick);
      chosen[static_cast<std::size_t>(pick)] = 1;
      if (c + 1 == k_) break;
      const auto centre = centroids_.row(c);
#pragma omp parallel for num_threads(opt_.threads) schedule(static)
      for (Eigen::Index i = 0; i < n_; ++i) {
        const double d = static_cast<double>((x_.row(i) - centre).squaredNorm());
        auto& slot = d2[static_cast<std::size_t>(i)];
        if (d < slot) slot = d;
      }
      pick = draw(d2, chosen, rng);
    }
  }

  // One D² draw; when every remaining point sits on a centre (duplicates), the first unchosen point.
  Eigen::Index draw(const std::vector<double>& d2, const std::vector<char>& chosen, Random& rng) const {
    double total = 0.0;
    for (double d : d2) total += d;
    if (total > 0.0) {
      const double r = static_cast<double>(rng.next() >> 11) * 0x1.0p-53 * total;
      double cumulative = 0.0;
      Eigen::Index last_positive = -1;
      for (std::size_t i = 0; i < d2.size(); ++i) {
        if (d2[i] <= 0.0) continue;
        cumulative += d2[i];
        last_positive = static_cast<Eigen::Index>(i);
        if (cumulative > r) return last_positive;
      }
      if (last_positive >= 0) return last_positive;  // rounding at the very end of the scan
    }
    for (std::size_t i = 0; i < chosen.size(); ++i)
      if (!chosen[i]) return static_cast<Eigen::Index>(i);
    return 0;
  }

  // Nearest centroid of every point (ties: the lower cluster); returns how many points moved.
  std::size_t assign() {
    Eigen::VectorXf cnorm(k_);
    for (Eigen::Index c = 0; c < k_; ++c) cnorm[c] = centroids_.row(c).squaredNorm();
    std::size_t changed = 0;
#pragma omp parallel num_threads(opt_.threads) reduction(+ : changed)
    {
      Eigen::VectorXf dots(k_);
#pragma omp for schedule(dynamic, 256)
      for (Eigen::Index i = 0; i < n_; ++i) {
        dots.noalias() = centroids_ * x_.row(i).transpose();
        std::int32_t best = 0;
        float best_d = std::numeric_limits<float>::infinity();
        for (Eigen::Index c = 0; c < k_; ++c) {
          const float d = norms_[i] + cnorm[c] - 2.0f * dots[c];
          if (d < best_d) {
            best_d = d;
            best = static_cast<std::int32_t>(c);
          }
        }
        const auto s = static_cast<std::size_t>(i);
        if (assignment_[s] != best) ++changed;
        assignment_[s] = best;
        dist_[s] = std::max(best_d, 0.0f);
      }
    }
    return changed;
  }

  // Centroids become the means of their points, summed in point order per cluster.
  void update(bool reseed_empty) {
    std::vector<std::size_t> start(static_cast<std::size_t>(k_) + 1, 0);
    for (auto a : assignment_) ++start[static_cast<std::size_t>(a) + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<Eigen::Index> members(static_cast<std::size_t>(n_));
    auto fill = start;
    for (Eigen::Index i = 0; i < n_; ++i) members[fill[static_cast<std::size_t>(assignment_[static_cast<std::size_t>(i)])]++] = i;
#pragma omp parallel num_threads(opt_.threads)
    {
      Eigen::VectorXd sum(x_.cols());
#pragma omp for schedule(dynamic, 1)
      for (Eigen::Index c = 0; c < k_; ++c) {
        const auto b = start[static_cast<std::size_t>(c)], e = start[static_cast<std::size_t>(c) + 1];
        if (b == e) continue;
        sum.setZero();
        for (auto m = b; m < e; ++m) sum += x_.row(members[m]).transpose().cast<double>();
        centroids_.row(c) = (sum / static_cast<double>(e - b)).cast<float>().transpose();
      }
    }
    if (reseed_empty) reseed(start);
  }

  // An empty cluster restarts at the point farthest from its centroid (each such point used once).
  void reseed(const std::vector<std::size_t>& start) {
    std::vector<char> taken(static_cast<std::size_t>(n_), 0);
    for (Eigen::Index c = 0; c < k_; ++c) {
      if (start[static_cast<std::size_t>(c)] != start[static_cast<std::size_t>(c) + 1]) continue;
      std::size_t far = 0;
      float far_d = -1.0f;
      for (std::size_t i = 0; i < dist_.size(); ++i)
        if (!taken[i] && dist_[i] > far_d) {
          far_d = dist_[i];
          far = i;
        }
      taken[far] = 1;
      centroids_.row(c) = x_.row(static_cast<Eigen::Index>(far));
    }
  }

  // Renumbers clusters in order of their first point; empty clusters (only with duplicate points) go last.
  void relabel(KMeansResult& out) {
    std::vector<std::int32_t> label(static_cast<std::size_t>(k_), -1);
    std::int32_t next = 0;
    for (auto a : assignment_)
      if (label[static_cast<std::size_t>(a)] < 0) label[static_cast<std::size_t>(a)] = next++;
    for (auto& l : label)
      if (l < 0) l = next++;
    out.assignment.resize(assignment_.size());
    out.sizes.assign(static_cast<std::size_t>(k_), 0);
    for (std::size_t i = 0; i < assignment_.size(); ++i) {
      out.assignment[i] = label[static_cast<std::size_t>(assignment_[i])];
      ++out.sizes[static_cast<std::size_t>(out.assignment[i])];
    }
    out.centroids.resize(k_, x_.cols());
    for (Eigen::Index c = 0; c < k_; ++c) out.centroids.row(label[static_cast<std::size_t>(c)]) = centroids_.row(c);
  }

  double inertia() const {
    double total = 0.0;
    for (Eigen::Index i = 0; i < n_; ++i)
      total += static_cast<double>((x_.row(i) - centroids_.row(assignment_[static_cast<std::size_t>(i)])).squaredNorm());
    return total;
  }

  void report(int iteration, bool finished, Clock::time_point start) const {
    if (!progress_) return;
    Progress p;
    p.stage = ProgressStage::KMeans;
    p.done = static_cast<std::uint64_t>(iteration);
    p.total = static_cast<std::uint64_t>(opt_.iterations);
    p.fraction = finished ? 1.0 : static_cast<double>(iteration) / opt_.iterations;
    double sum = 0.0;
    for (float d : dist_) sum += d;
    p.loss = sum / static_cast<double>(n_);
    p.elapsed_sec = std::chrono::duration<double>(Clock::now() - start).count();
    p.units_per_sec = p.elapsed_sec > 0 ? iteration / p.elapsed_sec : 0.0;
    p.finished = finished;
    progress_(p);
  }

  const Matrix& x_;
  const KMeansOptions& opt_;
  const ProgressCallback& progress_;
  const Eigen::Index n_, k_;
  Eigen::VectorXf norms_;
  Matrix centroids_;
  std::vector<std::int32_t> assignment_;
  std::vector<float> dist_;
};

}  // namespace

KMeansResult kmeans(const Matrix& points, const KMeansOptions& options, const ProgressCallback& progress) {
  options.validate();
  if (points.rows() == 0) throw DataError("kmeans: there are no vectors to cluster");
  require_option(static_cast<Eigen::Index>(options.k) <= points.rows(), "k",
                 fmt::format("at most the number of vectors ({})", points.rows()), options.k);
  return Lloyd(points, options, progress).run();
}

}  // namespace wordvec
