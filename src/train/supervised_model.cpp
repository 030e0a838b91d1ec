// Built with -ffp-contract=off (CMakeLists.txt): prediction sums in float in fastText's order,
// and a fused multiply-add would change the last bits of the probabilities fastText prints.
#include "wordvec/train/supervised_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "train/huffman_tree.hpp"

namespace wordvec {

namespace {

// fastText separates tokens at these bytes (Dictionary::readWord); '\n' ends the line.
bool is_fasttext_separator(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f' || c == '\0';
}

// fastText's std_log: log(x + 1e-5), in double, kept as float.
float std_log(float x) { return static_cast<float>(std::log(static_cast<double>(x) + 1e-5)); }

// fastText's Loss::sigmoid: a 513-entry table over [-8, 8] (prediction with ns and ova uses it).
class FastTextSigmoid {
 public:
  FastTextSigmoid() {
    for (int i = 0; i <= kSize; ++i) {
      const float x = static_cast<float>(i * 2 * kMax) / kSize - kMax;
      table_[static_cast<std::size_t>(i)] = static_cast<float>(1.0 / (1.0 + std::exp(-x)));
    }
  }
  float operator()(float x) const {
    if (x < -kMax) return 0.0f;
    if (x > kMax) return 1.0f;
    const float scaled = (x + static_cast<float>(kMax)) * static_cast<float>(kSize) / static_cast<float>(kMax) / 2.0f;
    return table_[static_cast<std::size_t>(static_cast<std::int64_t>(scaled))];
  }

 private:
  static constexpr int kSize = 512;
  static constexpr int kMax = 8;
  std::array<float, kSize + 1> table_{};
};

// fastText's ordering of predictions: a min-heap on the score.
bool heap_order(const LabelScore& a, const LabelScore& b) { return a.log_prob > b.log_prob; }

// fastText's findKBest over label probabilities.
void k_best(int k, float threshold, const std::vector<float>& output, std::vector<LabelScore>& heap) {
  const auto cap = static_cast<std::size_t>(k);
  for (std::size_t i = 0; i < output.size(); ++i) {
    if (output[i] < threshold) continue;
    const float score = std_log(output[i]);
    if (heap.size() == cap && score < heap.front().log_prob) continue;
    heap.push_back({score, static_cast<std::int32_t>(i)});
    std::push_heap(heap.begin(), heap.end(), heap_order);
    if (heap.size() > cap) {
      std::pop_heap(heap.begin(), heap.end(), heap_order);
      heap.pop_back();
    }
  }
}

float dot(const float* row, const std::vector<float>& v) {
  float d = 0.0f;
  for (std::size_t j = 0; j < v.size(); ++j) d += row[j] * v[j];
  return d;
}

}  // namespace

void SupervisedModel::add_token(std::string_view token, LineInput& line) const {
  ++line.tokens;
  const std::int32_t wid = words.find(token);
  if (wid < 0) {
    const std::int32_t lid = labels.find(token);
    if (lid >= 0) {
      line.labels.push_back(lid);
      return;
    }
    if (token.starts_with(label_prefix)) return;  // a label the model does not know
  }
  // A word, known or not: its rows (an unknown word has only its n-grams), and its hash for the word n-grams.
  if (wid >= 0 || token != kEndOfLine) params.append_rows(token, wid, line.rows);
  line.hashes.push_back(static_cast<std::int32_t>(fasttext_hash(token)));
}

void SupervisedModel::end_line(LineInput& line) const {
  const int n = word_ngrams;
  const auto bucket = static_cast<std::uint64_t>(params.options.bucket);
  if (n <= 1 || bucket == 0) return;
  // fastText's addWordNgrams, to the bit: the int32 hashes widen with their sign.
  const auto& h = line.hashes;
  for (std::size_t i = 0; i < h.size(); ++i) {
    auto acc = static_cast<std::uint64_t>(static_cast<std::int64_t>(h[i]));
    for (std::size_t j = i + 1; j < h.size() && j < i + static_cast<std::size_t>(n); ++j) {
      acc = acc * 116049371u + static_cast<std::uint64_t>(static_cast<std::int64_t>(h[j]));
      const std::int32_t row = params.bucket_row(static_cast<std::int32_t>(acc % bucket));
      if (row >= 0) line.rows.push_back(row);
    }
  }
}

void SupervisedModel::read_line(std::string_view text, bool newline, LineInput& line) const {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_fasttext_separator(text[i])) ++i;
    std::size_t j = i;
    while (j < text.size() && !is_fasttext_separator(text[j])) ++j;
    if (j > i) add_token(text.substr(i, j - i), line);
    i = j;
  }
  if (newline) add_token(kEndOfLine, line);
  end_line(line);
}

std::vector<float> SupervisedModel::sentence_vector(std::string_view text) const {
  LineInput line;
  read_line(text, true, line);
  std::vector<float> out(dim(), 0.0f);
  for (const auto r : line.rows) {
    const float* row = params.input.row(static_cast<std::size_t>(r));
    for (std::size_t j = 0; j < out.size(); ++j) out[j] += row[j];
  }
  if (line.rows.empty()) return out;
  // fastText's Vector::mul(1.0 / n): the factor is rounded to float first.
  const auto scale = static_cast<float>(1.0 / static_cast<double>(line.rows.size()));
  for (auto& x : out) x *= scale;
  return out;
}

void SupervisedModel::check(const std::string& source) const {
  if (labels.empty()) throw FormatError(fmt::format("{}: the model has no labels (not a supervised model)", source));
  if (params.input.cols() != params.output.cols())
    throw FormatError(fmt::format("{}: input and output matrices have {} and {} columns", source, params.input.cols(),
                                  params.output.cols()));
  if (params.input.rows() < words.size())
    throw FormatError(fmt::format("{}: input matrix: expected at least {} rows (one per word), got {}", source,
                                  words.size(), params.input.rows()));
  if (params.output.rows() != labels.size())
    throw FormatError(fmt::format("{}: output matrix: expected {} rows (one per label), got {}", source, labels.size(),
                                  params.output.rows()));
}

Classifier::Classifier(const SupervisedModel& model)
    : model_(model), hidden_(model.dim()), output_(model.labels.size()) {
  if (model.loss != SupervisedLoss::HierarchicalSoftmax || model.labels.size() < 2) return;
  // The label tree's children, from the paths (fastText keeps the tree itself; the paths fix it).
  const std::size_t n = model.labels.size();
  const HuffmanTree tree(model.labels.counts());
  left_.assign(n - 1, -1);
  right_.assign(n - 1, -1);
  for (std::size_t l = 0; l < n; ++l) {
    const auto points = tree.points(l);
    const auto codes = tree.codes(l);
    for (std::size_t d = 0; d < points.size(); ++d) {
      const std::int32_t child = d + 1 < points.size() ? static_cast<std::int32_t>(n) + points[d + 1]
                                                       : static_cast<std::int32_t>(l);
      (codes[d] ? right_ : left_)[static_cast<std::size_t>(points[d])] = child;
    }
  }
}

void Classifier::predict(const std::vector<std::int32_t>& rows, int k, float threshold, std::vector<LabelScore>& out) {
  out.clear();
  if (rows.empty() || k <= 0) return;
  // fastText's computeHidden: the rows summed in order, then scaled by 1/n.
  std::fill(hidden_.begin(), hidden_.end(), 0.0f);
  const std::size_t dim = hidden_.size();
  for (const std::int32_t r : rows) {
    const float* row = model_.params.input.row(static_cast<std::size_t>(r));
    for (std::size_t j = 0; j < dim; ++j) hidden_[j] += row[j];
  }
  const auto scale = static_cast<float>(1.0 / static_cast<double>(rows.size()));
  for (float& h : hidden_) h *= scale;

  const MatrixBuffer& wo = model_.params.output;
  switch (model_.loss) {
    case SupervisedLoss::HierarchicalSoftmax: {
      const auto n = static_cast<std::int32_t>(output_.size());
      dfs(k, threshold, n == 1 ? 0 : n + (n - 2), 0.0f, out);
      break;
    }
    case SupervisedLoss::Softmax: {
      for (std::size_t i = 0; i < output_.size(); ++i) output_[i] = dot(wo.row(i), hidden_);
      float max = output_[0], z = 0.0f;
      for (const float o : output_) max = std::max(o, max);
      for (float& o : output_) {
        o = static_cast<float>(std::exp(static_cast<double>(o - max)));
        z += o;
      }
      for (float& o : output_) o /= z;
      k_best(k, threshold, output_, out);
      break;
    }
    case SupervisedLoss::NegativeSampling:
    case SupervisedLoss::OneVsAll: {
      static const FastTextSigmoid sigmoid;
      for (std::size_t i = 0; i < output_.size(); ++i) output_[i] = sigmoid(dot(wo.row(i), hidden_));
      k_best(k, threshold, output_, out);
      break;
    }
  }
  std::sort_heap(out.begin(), out.end(), heap_order);
}

void Classifier::dfs(int k, float threshold, std::int32_t node, float score, std::vector<LabelScore>& heap) const {
  // fastText's HierarchicalSoftmaxLoss::dfs: left (code 0) first, scores log(1 - f) and log(f).
  if (score < std_log(threshold)) return;
  const auto cap = static_cast<std::size_t>(k);
  if (heap.size() == cap && score < heap.front().log_prob) return;
  const auto n = static_cast<std::int32_t>(output_.size());
  if (node < n) {
    heap.push_back({score, node});
    std::push_heap(heap.begin(), heap.end(), heap_order);
    if (heap.size() > cap) {
      std::pop_heap(heap.begin(), heap.end(), heap_order);
      heap.pop_back();
    }
    return;
  }
  const auto inner = static_cast<std::size_t>(node - n);
  float f = dot(model_.params.output.row(inner), hidden_);
  f = static_cast<float>(1. / (1 + std::exp(-f)));
  dfs(k, threshold, left_[inner], score + std_log(static_cast<float>(1.0 - f)), heap);
  dfs(k, threshold, right_[inner], score + std_log(f), heap);
}

}  // namespace wordvec
