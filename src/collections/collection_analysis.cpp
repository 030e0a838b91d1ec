#include "wordvec/collections/collection_analysis.hpp"

#include <algorithm>
#include <map>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wordvec/core/error.hpp"
#include "wordvec/query/metric_search.hpp"

namespace wordvec {

namespace {

Matrix unit_rows(const Matrix& m) {
  Matrix u = m;
  normalize_rows(u);
  return u;
}

constexpr Eigen::Index kQueryBlock = 1024;

}  // namespace

std::vector<Similarity> related_items(const CollectionRows& rows, const std::vector<std::int32_t>& which, std::size_t topn,
                                      int threads) {
  std::vector<std::int32_t> all = which;
  if (all.empty())
    for (std::int32_t i = 0; i < static_cast<std::int32_t>(rows.ids.size()); ++i) all.push_back(i);
  const ExactSearch search(rows.vectors, Metric::Cosine);
  std::vector<Similarity> out;
  for (std::size_t b = 0; b < all.size(); b += kQueryBlock) {
    const std::size_t n = std::min<std::size_t>(kQueryBlock, all.size() - b);
    Matrix q(static_cast<Eigen::Index>(n), rows.vectors.cols());
    std::vector<std::vector<std::int32_t>> exclude(n);
    for (std::size_t k = 0; k < n; ++k) {
      q.row(static_cast<Eigen::Index>(k)) = rows.vectors.row(all[b + k]);
      exclude[k] = {all[b + k]};
    }
    const auto found = search.search(q, topn, exclude, threads);
    for (std::size_t k = 0; k < n; ++k)
      for (const auto& r : found[k])
        out.push_back({rows.ids[static_cast<std::size_t>(all[b + k])], rows.ids[static_cast<std::size_t>(r.row)], r.score});
  }
  return out;
}

std::vector<std::int32_t> rows_to_relate(const CollectionRows& rows, const std::vector<std::int32_t>& changed,
                                         const std::vector<std::vector<std::pair<std::int32_t, float>>>& stored,
                                         std::size_t topn) {
  const auto n = static_cast<std::int32_t>(rows.ids.size());
  std::vector<char> redo(static_cast<std::size_t>(n), 0);
  std::unordered_set<std::int32_t> is_changed(changed.begin(), changed.end());
  for (auto c : changed) redo[static_cast<std::size_t>(c)] = 1;
  for (std::int32_t i = 0; i < n; ++i) {
    const auto& list = stored[static_cast<std::size_t>(i)];
    if (list.size() < std::min<std::size_t>(topn, static_cast<std::size_t>(n - 1))) redo[static_cast<std::size_t>(i)] = 1;
    for (const auto& [other, score] : list)
      if (other < 0 || is_changed.count(other)) redo[static_cast<std::size_t>(i)] = 1;
  }
  if (!changed.empty()) {
    // Cosines of every row with the changed ones, in blocks: a changed row enters a list it now beats the end of.
    const Matrix unit = unit_rows(rows.vectors);
    Matrix c(static_cast<Eigen::Index>(changed.size()), unit.cols());
    for (std::size_t k = 0; k < changed.size(); ++k) c.row(static_cast<Eigen::Index>(k)) = unit.row(changed[k]);
    for (Eigen::Index first = 0; first < n; first += 8192) {
      const Eigen::Index count = std::min<Eigen::Index>(8192, n - first);
      const Eigen::MatrixXf s = unit.middleRows(first, count) * c.transpose();
      for (Eigen::Index r = 0; r < count; ++r) {
        const auto row = static_cast<std::size_t>(first + r);
        if (redo[row] || stored[row].empty()) continue;
        const float last = stored[row].back().second;
        for (Eigen::Index k = 0; k < s.cols(); ++k)
          if (changed[static_cast<std::size_t>(k)] != static_cast<std::int32_t>(row) && s(r, k) >= last) {
            redo[row] = 1;
            break;
          }
      }
    }
  }
  std::vector<std::int32_t> out;
  for (std::int32_t i = 0; i < n; ++i)
    if (redo[static_cast<std::size_t>(i)]) out.push_back(i);
  return out;
}

std::optional<std::string> metadata_label(const std::optional<std::string>& metadata, const std::string& key) {
  if (!metadata) return std::nullopt;
  const auto j = nlohmann::json::parse(*metadata, nullptr, false);
  if (!j.is_object() || !j.contains(key)) return std::nullopt;
  const auto& v = j[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  return std::nullopt;
}

LabelledRows labelled_rows(const CollectionRows& rows, const std::string& key) {
  std::vector<std::pair<std::int32_t, std::string>> found;
  for (std::size_t i = 0; i < rows.metadata.size(); ++i)
    if (auto l = metadata_label(rows.metadata[i], key)) found.emplace_back(static_cast<std::int32_t>(i), *l);
  std::map<std::string, int> index;
  for (const auto& [row, l] : found) index.emplace(l, 0);
  if (index.size() < 2)
    throw DataError(fmt::format("metadata key '{}': {} labels among {} items (at least 2 are needed)", key, index.size(),
                                rows.ids.size()));
  LabelledRows out;
  for (auto& [name, i] : index) {
    i = static_cast<int>(out.names.size());
    out.names.push_back(name);
  }
  for (const auto& [row, l] : found) {
    out.rows.push_back(row);
    out.label.push_back(index[l]);
  }
  return out;
}

CentroidClassifier::CentroidClassifier(const Matrix& vectors, const LabelledRows& labelled) {
  centroids_ = Matrix::Zero(static_cast<Eigen::Index>(labelled.names.size()), vectors.cols());
  for (std::size_t i = 0; i < labelled.rows.size(); ++i) {
    const auto row = vectors.row(labelled.rows[i]);
    const float norm = row.norm();
    if (norm > 0) centroids_.row(labelled.label[i]) += row / norm;
  }
  normalize_rows(centroids_);
}

LabelPrediction CentroidClassifier::predict(const Eigen::VectorXf& v) const {
  const float norm = v.norm();
  const Eigen::VectorXf s = centroids_ * (norm > 0 ? Eigen::VectorXf(v / norm) : v);
  LabelPrediction p;
  float second = -2.0f;
  for (Eigen::Index i = 0; i < s.size(); ++i) {
    if (p.label < 0 || s[i] > p.score) {
      if (p.label >= 0) second = p.score;
      p.label = static_cast<int>(i);
      p.score = s[i];
    } else if (s[i] > second) {
      second = s[i];
    }
  }
  p.margin = p.score - second;
  return p;
}

float CentroidClassifier::axis(const Eigen::VectorXf& v, int a, int b) const {
  const float norm = v.norm();
  if (norm == 0) return 0.0f;
  const Eigen::VectorXf u = v / norm;
  return 0.5f * (centroids_.row(b).dot(u) - centroids_.row(a).dot(u));
}

KnnClassifier::KnnClassifier(const Matrix& vectors, const LabelledRows& labelled, int k)
    : label_(labelled.label), row_(labelled.rows), k_(k), classes_(static_cast<int>(labelled.names.size())) {
  require_option(k >= 1, "knn", "at least 1", k);
  unit_.resize(static_cast<Eigen::Index>(labelled.rows.size()), vectors.cols());
  for (std::size_t i = 0; i < labelled.rows.size(); ++i) unit_.row(static_cast<Eigen::Index>(i)) = vectors.row(labelled.rows[i]);
  normalize_rows(unit_);
}

LabelPrediction KnnClassifier::predict(const Eigen::VectorXf& v, std::int32_t skip) const {
  const float norm = v.norm();
  const Eigen::VectorXf s = unit_ * (norm > 0 ? Eigen::VectorXf(v / norm) : v);
  std::vector<std::int32_t> exclude;
  for (std::size_t i = 0; i < row_.size(); ++i)
    if (row_[i] == skip) exclude.push_back(static_cast<std::int32_t>(i));
  const auto best = top_k(s.data(), static_cast<std::size_t>(s.size()), static_cast<std::size_t>(k_), exclude);
  std::vector<int> votes(static_cast<std::size_t>(classes_), 0);
  std::vector<float> sums(static_cast<std::size_t>(classes_), 0.0f);
  for (const auto& [score, i] : best) {
    ++votes[static_cast<std::size_t>(label_[static_cast<std::size_t>(i)])];
    sums[static_cast<std::size_t>(label_[static_cast<std::size_t>(i)])] += score;
  }
  LabelPrediction p;
  int second = 0;
  for (int c = 0; c < classes_; ++c) {
    const auto cu = static_cast<std::size_t>(c);
    const bool better = p.label < 0 || votes[cu] > votes[static_cast<std::size_t>(p.label)] ||
                        (votes[cu] == votes[static_cast<std::size_t>(p.label)] && sums[cu] > sums[static_cast<std::size_t>(p.label)]);
    if (better) {
      if (p.label >= 0) second = std::max(second, votes[static_cast<std::size_t>(p.label)]);
      p.label = c;
    } else {
      second = std::max(second, votes[cu]);
    }
  }
  const float total = best.empty() ? 1.0f : static_cast<float>(best.size());
  p.score = static_cast<float>(votes[static_cast<std::size_t>(p.label)]) / total;
  p.margin = p.score - static_cast<float>(second) / total;
  return p;
}

ClassificationReport evaluate_labels(const std::vector<int>& truth, const std::vector<int>& predicted, int classes) {
  ClassificationReport r;
  const auto k = static_cast<std::size_t>(classes);
  r.confusion.assign(k, std::vector<std::size_t>(k, 0));
  r.count = truth.size();
  std::size_t right = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    ++r.confusion[static_cast<std::size_t>(truth[i])][static_cast<std::size_t>(predicted[i])];
    right += truth[i] == predicted[i];
  }
  r.accuracy = truth.empty() ? 0.0 : static_cast<double>(right) / static_cast<double>(truth.size());
  r.f1.assign(k, 0.0);
  double sum = 0.0;
  std::size_t present = 0;
  for (std::size_t c = 0; c < k; ++c) {
    std::size_t tp = r.confusion[c][c], row = 0, col = 0;
    for (std::size_t o = 0; o < k; ++o) {
      row += r.confusion[c][o];
      col += r.confusion[o][c];
    }
    if (row + col == 0) continue;
    r.f1[c] = 2.0 * static_cast<double>(tp) / static_cast<double>(row + col);
    sum += r.f1[c];
    ++present;
  }
  r.macro_f1 = present ? sum / static_cast<double>(present) : 0.0;
  return r;
}

}  // namespace wordvec
