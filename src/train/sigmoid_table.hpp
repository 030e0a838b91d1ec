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

  /// Gradients of `n` targets at once (hierarchical softmax's path): in place, each score f[k] of a
  /// target labelled labels[k] (1 or 0) becomes (labels[k] - sigmoid(f[k])) * scale, or 0 where
  /// |f[k]| >= 6 (saturated: no update, as word2vec.c). Returns the loss, the sum of
  /// -log sigmoid(+-f[k]). Branch-free so that the compiler vectorises it (table lookups as gathers).
  double gradients(float* f, const float* labels, int n, float scale) const {
    double total = 0.0;
    for (int k0 = 0; k0 < n; k0 += kBatch) {
      const int m = n - k0 < kBatch ? n - k0 : kBatch;
      float loss[kBatch];
      batch_gradients(sigmoid_.data(), log_sigmoid_.data(), f + k0, labels + k0, loss, m, scale);
      float sum = 0.0f;
      for (int k = 0; k < m; ++k) sum += loss[k];
      total -= static_cast<double>(sum);
    }
    return total;
  }

  /// log(sigmoid(x)), clamped at the table's ends.
  float log_sigmoid(float x) const {
    if (!(x > -kMax)) return log_sigmoid_[0];
    if (!(x < kMax)) return 0.0f;
    return log_sigmoid_[index(x)];
  }

 private:
  static constexpr int kBatch = 64;
  // gradients() on at most kBatch targets; loss[k] = log sigmoid(+-f[k]). No pointer aliases another
  // (restrict), which is what lets the compiler vectorise the lookups as gathers.
  static void batch_gradients(const float* __restrict sig, const float* __restrict log_sig, float* __restrict f,
                              const float* __restrict labels, float* __restrict loss, int m, float scale) {
    for (int k = 0; k < m; ++k) {
      const float x = f[k];
      const float label = labels[k];
      const float clamped = x > -kMax ? (x < kMax ? x : kMax) : -kMax;  // NaN too: to -kMax
      const int i = static_cast<int>((clamped + kMax) * (kSize / kMax / 2.0f) + 0.5f);
      const bool live = x > -6.0f && x < 6.0f;
      f[k] = live ? (label - sig[i]) * scale : 0.0f;
      // log sigmoid(-x) sits at the mirrored index: the table is symmetric about 0.
      loss[k] = log_sig[label > 0.5f ? i : kSize - i];
    }
  }
  static std::size_t index(float x) { return static_cast<std::size_t>((x + kMax) * (kSize / kMax / 2.0f) + 0.5f); }
  std::array<float, kSize + 1> sigmoid_{};
  std::array<float, kSize + 1> log_sigmoid_{};
};

}  // namespace wordvec
