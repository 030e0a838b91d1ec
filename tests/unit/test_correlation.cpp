// Spearman and Pearson as scipy.stats computes them (reference values from scipy 1.10).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "wordvec/eval/correlation.hpp"

using namespace wordvec;

TEST_CASE("average_ranks gives tied values the mean of their ranks", "[correlation]") {
  CHECK(average_ranks({10, 20, 20, 30}) == std::vector<double>{1, 2.5, 2.5, 4});
  CHECK(average_ranks({2, 7, 1, 8, 2, 8, 1, 8}) == std::vector<double>{3.5, 5, 1.5, 7, 3.5, 7, 1.5, 7});
  CHECK(average_ranks({}).empty());
  CHECK(average_ranks({5, 5, 5}) == std::vector<double>{2, 2, 2});
}

TEST_CASE("Spearman and Pearson match scipy, ties included", "[correlation]") {
  CHECK(spearman({1, 2, 3, 4, 5}, {5, 6, 7, 8, 7}) == Approx(0.8207826816681233).epsilon(1e-12));
  CHECK(pearson({1, 2, 3, 4, 5}, {5, 6, 7, 8, 7}) == Approx(0.8320502943378438).epsilon(1e-12));
  CHECK(spearman({3, 1, 4, 1, 5, 9, 2, 6}, {2, 7, 1, 8, 2, 8, 1, 8}) == Approx(0.19885368120992467).epsilon(1e-12));
  CHECK(pearson({3, 1, 4, 1, 5, 9, 2, 6}, {2, 7, 1, 8, 2, 8, 1, 8}) == Approx(0.2096553190730122).epsilon(1e-12));
  CHECK(spearman({1, 2, 3}, {30, 20, 10}) == Approx(-1.0));
  // Monotone but not linear: rank correlation 1, Pearson below 1.
  CHECK(spearman({1, 2, 3, 4}, {1, 10, 100, 1000}) == Approx(1.0));
  CHECK(pearson({1, 2, 3, 4}, {1, 10, 100, 1000}) < 0.9);
  // Undefined cases.
  CHECK(std::isnan(pearson({1, 1, 1}, {1, 2, 3})));
  CHECK(std::isnan(spearman({1}, {2})));
}
