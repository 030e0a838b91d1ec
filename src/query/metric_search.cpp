#include "wordvec/query/metric_search.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "wordvec/core/error.hpp"

namespace wordvec {

namespace {

constexpr Eigen::Index kBlockRows = 8192;
constexpr float kExcluded = -std::numeric_limits<float>::infinity();

// Keeps the best `topn` of `cand` (larger key = better, ties to the lower row).
void keep_best(std::vector<std::pair<float, std::int32_t>>& cand, std::size_t topn) {
  const auto better = [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); };
  if (cand.size() > topn) {
    std::nth_element(cand.begin(), cand.begin() + static_cast<std::ptrdiff_t>(topn), cand.end(), better);
    cand.resize(topn);
  }
  std::sort(cand.begin(), cand.end(), better);
}

}  // namespace

Metric parse_metric(const std::string& name) {
  if (name == "cosine") return Metric::Cosine;
  if (name == "dot") return Metric::Dot;
  if (name == "euclidean") return Metric::Euclidean;
  throw OptionError(fmt::format("option --metric: expected cosine, dot or euclidean, got '{}'", name));
}

std::string metric_name(Metric metric) {
  switch (metric) {
    case Metric::Cosine: return "cosine";
    case Metric::Dot: return "dot";
    case Metric::Euclidean: return "euclidean";
  }
  return "?";
}

ExactSearch::ExactSearch(const Matrix& rows, Metric metric) : rows_(rows), metric_(metric) {
  if (metric == Metric::Cosine) {
    scale_ = rows.rowwise().norm();
    for (Eigen::Index i = 0; i < scale_.size(); ++i) scale_[i] = scale_[i] > 0 ? 1.0f / scale_[i] : 0.0f;
  } else if (metric == Metric::Euclidean) {
    squared_ = rows.rowwise().squaredNorm();
  }
}

std::vector<std::vector<ScoredRow>> ExactSearch::search(const Matrix& queries, std::size_t topn,
                                                        const std::vector<std::vector<std::int32_t>>& exclude,
                                                        int threads) const {
  const Eigen::Index nq = queries.rows(), n = rows_.rows();
  require_option(queries.cols() == rows_.cols(), "query", fmt::format("vectors of {} dimensions", rows_.cols()), queries.cols());
  Matrix q = queries;
  if (metric_ == Metric::Cosine) normalize_rows(q);
  const Eigen::VectorXf q_squared = queries.rowwise().squaredNorm();
  const Eigen::Index blocks = (n + kBlockRows - 1) / kBlockRows;
  const int workers = std::max(1, std::min<int>(threads, static_cast<int>(std::max<Eigen::Index>(1, blocks))));
  // Per worker, per query: the best candidates of the blocks it scored.
  std::vector<std::vector<std::vector<std::pair<float, std::int32_t>>>> best(
      static_cast<std::size_t>(workers), std::vector<std::vector<std::pair<float, std::int32_t>>>(static_cast<std::size_t>(nq)));
#pragma omp parallel for num_threads(workers) schedule(dynamic, 1)
  for (Eigen::Index b = 0; b < blocks; ++b) {
    auto& mine = best[static_cast<std::size_t>(omp_get_thread_num())];
    const Eigen::Index first = b * kBlockRows, count = std::min(kBlockRows, n - first);
    // scores(r, j): row first+r against query j; turned into "larger is closer".
    Eigen::MatrixXf scores = rows_.middleRows(first, count) * q.transpose();
    if (metric_ == Metric::Cosine) scores.array().colwise() *= scale_.segment(first, count).array();
    if (metric_ == Metric::Euclidean) {
      // -(|r|^2 - 2 r.q): the same order as -|r - q|^2 for a fixed query.
      scores = (2.0f * scores).colwise() - squared_.segment(first, count);
    }
    for (Eigen::Index j = 0; j < nq; ++j) {
      if (!exclude.empty())
        for (const auto r : exclude[static_cast<std::size_t>(j)])
          if (r >= first && r < first + count) scores(r - first, j) = kExcluded;
      auto& cand = mine[static_cast<std::size_t>(j)];
      for (const auto& [s, r] : top_k(scores.col(j).data(), static_cast<std::size_t>(count), topn))
        if (s != kExcluded) cand.emplace_back(s, static_cast<std::int32_t>(r + first));
      keep_best(cand, topn);
    }
  }
  std::vector<std::vector<ScoredRow>> out(static_cast<std::size_t>(nq));
  for (Eigen::Index j = 0; j < nq; ++j) {
    std::vector<std::pair<float, std::int32_t>> all;
    for (auto& w : best) all.insert(all.end(), w[static_cast<std::size_t>(j)].begin(), w[static_cast<std::size_t>(j)].end());
    keep_best(all, topn);
    for (const auto& [s, r] : all) {
      float score = s;
      if (metric_ == Metric::Euclidean) score = std::sqrt(std::max(0.0f, q_squared[j] - s));
      out[static_cast<std::size_t>(j)].push_back({r, score});
    }
  }
  return out;
}

std::vector<Neighbor> metric_neighbors(const SimilarityIndex& index, const Eigen::VectorXf& query, Metric metric,
                                       std::size_t topn, const std::vector<std::int32_t>& exclude) {
  Eigen::VectorXf s = index.similarities(query);  // cosines
  const float qn = query.norm();
  const std::size_t n = index.size();
  for (std::size_t r = 0; r < n; ++r) {
    const float dot = s[static_cast<Eigen::Index>(r)] * qn * index.norm(r);
    const float rn = index.norm(r);
    if (metric == Metric::Dot) s[static_cast<Eigen::Index>(r)] = dot;
    if (metric == Metric::Euclidean) s[static_cast<Eigen::Index>(r)] = -(rn * rn - 2.0f * dot);
  }
  std::vector<Neighbor> out;
  for (const auto& [score, row] : top_k(s.data(), n, topn, exclude)) {
    float v = score;
    if (metric == Metric::Euclidean) v = std::sqrt(std::max(0.0f, qn * qn - score));
    out.push_back({index.vocab().word(static_cast<std::size_t>(row)), row, v});
  }
  return out;
}

}  // namespace wordvec
