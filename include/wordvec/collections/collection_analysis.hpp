#pragma once
// What can be computed over a whole collection: each item's related items (the similarities table),
// and labels from metadata for classification (centroids, an axis between two, k-NN votes).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wordvec/collections/collection_store.hpp"
#include "wordvec/core/eigen.hpp"

namespace wordvec {

/// The `topn` most similar items (cosine, itself left out) of each row in `which` (all when empty),
/// computed in blocks of rows, one matrix product each, over `threads`.
std::vector<Similarity> related_items(const CollectionRows& rows, const std::vector<std::int32_t>& which, std::size_t topn,
                                      int threads);

/// The rows whose related lists a change of `changed` can alter: the changed rows themselves, rows whose
/// stored list (`stored`, per row: scores best first; empty = never computed) names a changed row or is
/// shorter than `topn`, and rows to which some changed row is now closer than the last of their list.
std::vector<std::int32_t> rows_to_relate(const CollectionRows& rows, const std::vector<std::int32_t>& changed,
                                         const std::vector<std::vector<std::pair<std::int32_t, float>>>& stored,
                                         std::size_t topn);

/// Rows that carry a label: the string (or number) at `key` of each row's metadata object.
struct LabelledRows {
  std::vector<std::int32_t> rows;   ///< rows of the collection
  std::vector<int> label;           ///< index into names, per entry of rows
  std::vector<std::string> names;   ///< the labels, sorted
};

/// The label at `key` of a metadata JSON object; nullopt when absent (or not a string or number).
std::optional<std::string> metadata_label(const std::optional<std::string>& metadata, const std::string& key);

/// The labelled rows of `rows` (loaded with metadata). Throws DataError when fewer than two labels occur.
LabelledRows labelled_rows(const CollectionRows& rows, const std::string& key);

/// A nearest-label decision.
struct LabelPrediction {
  int label = -1;       ///< index into the label names
  float score = 0.0f;   ///< cosine to the label's centroid (k-NN: share of the votes)
  float margin = 0.0f;  ///< score minus the second best label's
};

/// Nearest centroid (cosine) over unit-normalised documents.
class CentroidClassifier {
 public:
  /// Centroids = normalised means of the unit rows of each label.
  CentroidClassifier(const Matrix& vectors, const LabelledRows& labelled);
  /// The label whose centroid is closest to `v`.
  LabelPrediction predict(const Eigen::VectorXf& v) const;
  /// Where `v` lies between labels a and b: (cos(v, b) - cos(v, a)) / 2, in [-1, 1]; -1 = a's side.
  float axis(const Eigen::VectorXf& v, int a, int b) const;
  /// Centroids, one unit row per label.
  const Matrix& centroids() const { return centroids_; }

 private:
  Matrix centroids_;
};

/// k nearest labelled documents (cosine) vote; ties go to the larger summed similarity.
class KnnClassifier {
 public:
  /// Keeps unit copies of the labelled rows of `vectors`.
  KnnClassifier(const Matrix& vectors, const LabelledRows& labelled, int k);
  /// The vote for `v`; `skip` (>= 0) is a row of `vectors` to leave out (the query itself).
  LabelPrediction predict(const Eigen::VectorXf& v, std::int32_t skip = -1) const;

 private:
  Matrix unit_;
  std::vector<int> label_;
  std::vector<std::int32_t> row_;
  int k_, classes_;
};

/// Accuracy, macro-F1 and the confusion matrix of predictions against the truth.
struct ClassificationReport {
  double accuracy = 0.0;
  double macro_f1 = 0.0;                     ///< mean over the labels that occur in the truth or the predictions
  std::vector<std::vector<std::size_t>> confusion;  ///< [true][predicted]
  std::vector<double> f1;                    ///< per label
  std::size_t count = 0;
};

/// Scores `predicted` against `truth` (label indexes < classes).
ClassificationReport evaluate_labels(const std::vector<int>& truth, const std::vector<int>& predicted, int classes);

}  // namespace wordvec
