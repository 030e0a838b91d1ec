// NegativeSampler: draws follow count^exponent, normalised.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "wordvec/core/error.hpp"
#include "wordvec/core/random.hpp"
#include "train/negative_sampler.hpp"

using namespace wordvec;

namespace {

constexpr int kDraws = 1'000'000;

// Relative frequency of each id over kDraws draws; any id out of range fails the test.
std::vector<double> empirical(const NegativeSampler& sampler, std::uint64_t seed) {
  Random rng(seed);
  std::vector<double> freq(sampler.size(), 0.0);
  std::uint64_t out_of_range = 0;
  for (int i = 0; i < kDraws; ++i) {
    const auto id = sampler.sample(rng);
    if (id < 0 || static_cast<std::size_t>(id) >= freq.size()) ++out_of_range;
    else freq[static_cast<std::size_t>(id)] += 1.0;
  }
  CHECK(out_of_range == 0);
  for (auto& f : freq) f /= kDraws;
  return freq;
}

std::vector<double> expected(const std::vector<std::uint64_t>& counts, double exponent) {
  std::vector<double> p(counts.size());
  double total = 0.0;
  for (std::size_t i = 0; i < counts.size(); ++i)
    total += p[i] = counts[i] == 0 ? 0.0 : std::pow(static_cast<double>(counts[i]), exponent);
  for (auto& x : p) x /= total;
  return p;
}

// Five standard deviations of a frequency estimated from kDraws draws, plus a little slack.
double tolerance(double p) { return 5.0 * std::sqrt(p * (1.0 - p) / kDraws) + 2e-4; }

void check_matches(const std::vector<double>& got, const std::vector<double>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("id " << i << ": drawn " << got[i] << ", expected " << want[i]);
    CHECK(std::abs(got[i] - want[i]) <= tolerance(want[i]));
  }
}

}  // namespace

TEST_CASE("NegativeSampler frequencies follow count^0.75", "[negative_sampler]") {
  const std::vector<std::uint64_t> counts = {100000, 30000, 5000, 700, 120, 10, 1, 45000, 2, 9000};
  const NegativeSampler sampler(counts, 0.75);
  CHECK(sampler.size() == counts.size());
  const auto got = empirical(sampler, 42);
  check_matches(got, expected(counts, 0.75));
  // Not merely proportional to the raw counts: the exponent flattens the distribution.
  const auto raw = expected(counts, 1.0);
  CHECK(got[0] < raw[0] - 0.05);
}

TEST_CASE("NegativeSampler with exponent 1 follows the counts", "[negative_sampler]") {
  const std::vector<std::uint64_t> counts = {1, 2, 3, 4, 90};
  const NegativeSampler sampler(counts, 1.0);
  check_matches(empirical(sampler, 7), expected(counts, 1.0));
}

TEST_CASE("NegativeSampler with exponent 0 is uniform", "[negative_sampler]") {
  const std::vector<std::uint64_t> counts = {1000000, 1, 50, 7, 3, 123456, 2};
  const NegativeSampler sampler(counts, 0.0);
  const auto got = empirical(sampler, 3);
  check_matches(got, std::vector<double>(counts.size(), 1.0 / static_cast<double>(counts.size())));
}

TEST_CASE("NegativeSampler never draws a word with count 0", "[negative_sampler]") {
  const std::vector<std::uint64_t> counts = {0, 500, 0, 0, 20, 1, 0};
  const NegativeSampler sampler(counts, 0.75);
  const auto got = empirical(sampler, 11);
  for (std::size_t i : {0u, 2u, 3u, 6u}) CHECK(got[i] == 0.0);
  check_matches(got, expected(counts, 0.75));
}

TEST_CASE("NegativeSampler with a single word always draws it", "[negative_sampler]") {
  const NegativeSampler sampler({17}, 0.75);
  Random rng(5);
  bool all_zero = true;
  for (int i = 0; i < 10000; ++i) all_zero = all_zero && sampler.sample(rng) == 0;
  CHECK(all_zero);
}

TEST_CASE("NegativeSampler refuses an empty or all-zero distribution", "[negative_sampler]") {
  CHECK_THROWS_AS(NegativeSampler({}, 0.75), OptionError);
  CHECK_THROWS_AS(NegativeSampler({0, 0, 0}, 0.75), OptionError);
  CHECK_THROWS_AS(NegativeSampler({0}, 1.0), OptionError);
}

TEST_CASE("NegativeSampler ignores count-0 words whatever the exponent", "[negative_sampler]") {
  // pow(0, 0) == 1 and pow(0, -0.5) == inf: without special-casing, words never seen in the corpus
  // are drawn (exponent 0) or take over the whole distribution (negative exponents).
  SECTION("exponent 0") {
    const std::vector<std::uint64_t> counts = {0, 10, 0, 5};
    const auto got = empirical(NegativeSampler(counts, 0.0), 13);
    CHECK(got[0] == 0.0);
    CHECK(got[2] == 0.0);
    CHECK(got[1] == Approx(0.5).margin(tolerance(0.5)));
  }
  SECTION("negative exponent") {
    const std::vector<std::uint64_t> counts = {0, 10, 40};
    const auto got = empirical(NegativeSampler(counts, -0.5), 17);
    CHECK(got[0] == 0.0);
    check_matches(got, expected(counts, -0.5));
  }
  SECTION("all counts 0 with exponent 0 still throws") {
    CHECK_THROWS_AS(NegativeSampler({0, 0, 0}, 0.0), OptionError);
  }
}
