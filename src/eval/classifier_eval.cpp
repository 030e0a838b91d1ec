#include "wordvec/eval/classifier_eval.hpp"

#include <algorithm>
#include <limits>

namespace wordvec {

double LabelCounts::precision() const {
  return predicted == 0 ? std::numeric_limits<double>::quiet_NaN()
                        : static_cast<double>(predicted_gold) / static_cast<double>(predicted);
}

double LabelCounts::recall() const {
  return gold == 0 ? std::numeric_limits<double>::quiet_NaN()
                   : static_cast<double>(predicted_gold) / static_cast<double>(gold);
}

double LabelCounts::f1() const {
  const double p = precision(), r = recall();
  return p + r != 0 ? 2 * p * r / (p + r) : std::numeric_limits<double>::quiet_NaN();
}

void for_each_input_line(std::istream& in, const std::function<void(const std::string& line, bool newline)>& on_line) {
  std::string line;
  while (in.peek() != std::char_traits<char>::eof()) {
    std::getline(in, line);
    on_line(line, !in.eof());
  }
}

void predict_lines(const SupervisedModel& model, std::istream& in, int k, float threshold,
                   const std::function<void(const std::vector<LabelScore>&)>& on_line) {
  Classifier classifier(model);
  LineInput input;
  std::vector<LabelScore> predictions;
  for_each_input_line(in, [&](const std::string& line, bool newline) {
    input.clear();
    model.read_line(line, newline, input);
    classifier.predict(input.rows, k, threshold, predictions);
    on_line(predictions);
  });
}

ClassifierTest test_classifier(const SupervisedModel& model, std::istream& in, int k, float threshold) {
  Classifier classifier(model);
  ClassifierTest test;
  test.labels.resize(model.labels.size());
  LineInput input;
  std::vector<LabelScore> predictions;
  for_each_input_line(in, [&](const std::string& line, bool newline) {
    input.clear();
    model.read_line(line, newline, input);
    if (input.labels.empty() || input.rows.empty()) return;
    classifier.predict(input.rows, k, threshold, predictions);
    // fastText's Meter::log.
    ++test.examples;
    test.all.gold += input.labels.size();
    test.all.predicted += predictions.size();
    for (const auto& p : predictions) {
      auto& counts = test.labels[static_cast<std::size_t>(p.label)];
      ++counts.predicted;
      if (std::find(input.labels.begin(), input.labels.end(), p.label) != input.labels.end()) {
        ++counts.predicted_gold;
        ++test.all.predicted_gold;
      }
    }
    for (const auto l : input.labels) ++test.labels[static_cast<std::size_t>(l)].gold;
  });
  return test;
}

}  // namespace wordvec
