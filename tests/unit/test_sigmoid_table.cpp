// SigmoidTable: table lookups agree with the exact logistic function and clamp at the ends.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "train/sigmoid_table.hpp"

using namespace wordvec;

namespace {
double exact_sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double exact_log_sigmoid(double x) { return -std::log1p(std::exp(-x)); }
}  // namespace

TEST_CASE("SigmoidTable matches std::exp within 1e-3 over the table range", "[sigmoid_table]") {
  const SigmoidTable table;
  double worst = 0.0;
  double worst_log = 0.0;
  float previous = -1.0f;
  bool monotone = true;
  // Many points that do not sit on the table's grid.
  for (int i = -100000; i <= 100000; ++i) {
    const float x = static_cast<float>(i) * (SigmoidTable::kMax / 100000.0f) * 0.99999f;
    const float s = table.sigmoid(x);
    worst = std::max(worst, std::abs(static_cast<double>(s) - exact_sigmoid(x)));
    // The log table's slope is up to 1, so its error is bounded by half a grid step (16/2048/2).
    worst_log = std::max(worst_log, std::abs(static_cast<double>(table.log_sigmoid(x)) - exact_log_sigmoid(x)));
    monotone = monotone && s >= previous;
    previous = s;
  }
  CHECK(monotone);
  CHECK(worst < 1e-3);
  CHECK(worst_log < 4.5e-3);
  CHECK(table.sigmoid(0.0f) == Approx(0.5).margin(1e-6));
  CHECK(table.sigmoid(2.0f) == Approx(exact_sigmoid(2.0)).margin(1e-3));
  CHECK(table.sigmoid(-3.3f) == Approx(exact_sigmoid(-3.3)).margin(1e-3));
  CHECK(table.log_sigmoid(0.0f) == Approx(std::log(0.5)).margin(1e-6));
}

TEST_CASE("SigmoidTable clamps outside [-kMax, kMax]", "[sigmoid_table]") {
  const SigmoidTable table;
  for (float x : {SigmoidTable::kMax, 8.5f, 100.0f, 1e30f, HUGE_VALF}) {
    CHECK(table.sigmoid(x) == 1.0f);
    CHECK(table.sigmoid(-x) == 0.0f);
    CHECK(table.log_sigmoid(x) == 0.0f);
    // log(sigmoid(-8)) = -8.000335: the table's first entry, not -infinity.
    CHECK(table.log_sigmoid(-x) == Approx(exact_log_sigmoid(-SigmoidTable::kMax)).margin(1e-4));
    CHECK(std::isfinite(table.log_sigmoid(-x)));
  }
  // Just inside the ends the values are still close to exact.
  CHECK(table.sigmoid(7.99f) == Approx(exact_sigmoid(7.99)).margin(1e-3));
  CHECK(table.sigmoid(-7.99f) == Approx(exact_sigmoid(-7.99)).margin(1e-3));
  CHECK(table.sigmoid(7.99f) < 1.0f);
  CHECK(table.sigmoid(-7.99f) > 0.0f);
}

TEST_CASE("SigmoidTable clamps NaN and infinities instead of reading outside the table", "[sigmoid_table]") {
  const SigmoidTable table;
  const float nan = std::nanf("");
  const float inf = INFINITY;
  const float s = table.sigmoid(nan);
  CHECK((s == 0.0f || s == 1.0f));
  CHECK(std::isfinite(table.log_sigmoid(nan)));
  CHECK(table.sigmoid(inf) == 1.0f);
  CHECK(table.sigmoid(-inf) == 0.0f);
  CHECK(table.log_sigmoid(inf) == 0.0f);
  CHECK(table.log_sigmoid(-inf) < -7.0f);
}

TEST_CASE("SigmoidTable gradients scale label minus sigmoid for each target and zero the saturated ones and sum the loss", "[sigmoid_table]") {
  const SigmoidTable t;
  // Scores across the table and beyond it, both labels, more than one batch (the batch is 64).
  std::vector<float> f, labels;
  for (int k = 0; k < 150; ++k) {
    f.push_back(-9.0f + 0.12f * static_cast<float>(k));
    labels.push_back(k % 3 == 0 ? 1.0f : 0.0f);
  }
  f.push_back(std::numeric_limits<float>::quiet_NaN());
  labels.push_back(1.0f);
  std::vector<float> g = f;
  const double loss = t.gradients(g.data(), labels.data(), static_cast<int>(g.size()), 0.5f);
  double expected_loss = 0.0;
  for (std::size_t k = 0; k < f.size(); ++k) {
    const float x = f[k];
    const bool saturated = !(x > -6.0f && x < 6.0f);
    const float want = saturated ? 0.0f : (labels[k] - t.sigmoid(x)) * 0.5f;
    CHECK(g[k] == Approx(want).margin(1e-6));
    expected_loss -= t.log_sigmoid(labels[k] > 0.5f ? x : -x);
  }
  // The table's mirrored index for -x and its last entry (instead of exactly 0 past +kMax) differ
  // from log_sigmoid by at most a rounding step per target.
  CHECK(loss == Approx(expected_loss).epsilon(1e-3));
  CHECK(std::isfinite(loss));
}
