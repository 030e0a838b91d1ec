#pragma once
// Predicting and testing a classifier on text in fastText's format, as `fasttext predict` and
// `fasttext test` / `test-label` do.
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "wordvec/train/supervised_model.hpp"

namespace wordvec {

/// Hits of one label, or of all together (fastText's Meter::Metrics).
struct LabelCounts {
  std::uint64_t gold = 0;            ///< lines that carry the label
  std::uint64_t predicted = 0;       ///< predictions of it
  std::uint64_t predicted_gold = 0;  ///< predictions of it on lines that carry it
  /// predicted_gold / predicted; NaN when nothing was predicted.
  double precision() const;
  /// predicted_gold / gold; NaN when no line carries it.
  double recall() const;
  /// Harmonic mean of both; NaN when both are 0 or undefined.
  double f1() const;
};

/// What testing measured.
struct ClassifierTest {
  std::uint64_t examples = 0;        ///< lines with at least one label and some input
  LabelCounts all;                   ///< over all labels: P@k = all.precision(), R@k = all.recall()
  std::vector<LabelCounts> labels;   ///< per label id
};

/// Calls `on_line` for every line of `in` (without its newline) and whether a newline ended it, as
/// fastText reads its input (a last line without a newline counts; nothing after the last newline does).
void for_each_input_line(std::istream& in, const std::function<void(const std::string& line, bool newline)>& on_line);

/// For every line of `in`, the k most probable labels with probability >= threshold, most
/// probable first, handed to `on_line` (empty for a line without input, as fastText prints an empty line).
void predict_lines(const SupervisedModel& model, std::istream& in, int k, float threshold,
                   const std::function<void(const std::vector<LabelScore>&)>& on_line);

/// Predicts the labels of every line of `in` that has labels and input and counts the hits, as
/// `fasttext test MODEL FILE k threshold`.
ClassifierTest test_classifier(const SupervisedModel& model, std::istream& in, int k, float threshold);

}  // namespace wordvec
