#pragma once
// Precomputed logistic function and its log, as word2vec and fastText do.
#include <array>
#include <cmath>

namespace wordvec {

/// sigmoid(x) and log(sigmoid(x)) by table lookup on [-kMax, kMax], clamped outside.
class SigmoidTable {
 public:
  static constexpr float kMax = 8.0f;
  static constexpr int kSize = 2048;

  SigmoidTable() {
    for (int i = 0; i <= kSize; ++i) {
      const double x = (static_cast<double>(i) * 2.0 / kSize - 1.0) * kMax;
      sigmoid_[static_cast<std::size_t>(i)] = static_cast<float>(1.0 / (1.0 + std::exp(-x)));
      log_sigmoid_[static_cast<std::size_t>(i)] = static_cast<float>(-std::log1p(std::exp(-x)));
    }
  }

  /// The logistic function.
  float sigmoid(float x) const {
    // Written so that NaN takes a clamp branch instead of indexing out of the table.
    if (!(x > -kMax)) return 0.0f;
    if (!(x < kMax)) return 1.0f;
    return sigmoid_[index(x)];
  }

  /// log(sigmoid(x)), clamped at the table's ends.
  float log_sigmoid(float x) const {
    if (!(x > -kMax)) return log_sigmoid_[0];
    if (!(x < kMax)) return 0.0f;
    return log_sigmoid_[index(x)];
  }

 private:
  static std::size_t index(float x) { return static_cast<std::size_t>((x + kMax) * (kSize / kMax / 2.0f) + 0.5f); }
  std::array<float, kSize + 1> sigmoid_{};
  std::array<float, kSize + 1> log_sigmoid_{};
};

}  // namespace wordvec
