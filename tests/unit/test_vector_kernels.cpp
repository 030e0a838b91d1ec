// The training kernels against plain loops: gather/scatter of n-gram rows, dots, updates.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "train/hogwild_matrix.hpp"
#include "train/vector_kernels.hpp"

using namespace wordvec;

namespace {

HogwildMatrix random_matrix(std::size_t rows, std::size_t cols, unsigned seed) {
  HogwildMatrix m(rows, cols);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) m.row(r)[c] = u(rng);
  return m;
}

}  // namespace

TEST_CASE("gather_scaled is the scaled sum of the listed rows, repeats included", "[kernels]") {
  const std::size_t cols = 37;  // padded to 48: the padding must stay zero
  HogwildMatrix m = random_matrix(50, cols, 1);
  HogwildMatrix out(1, cols);
  const std::vector<std::int32_t> idx = {7, 3, 49, 3, 0, 12, 31};
  for (int n = 1; n <= static_cast<int>(idx.size()); ++n) {
    const float a = 1.0f / static_cast<float>(n);
    kernels::gather_scaled(out.row(0), m.row(0), idx.data(), n, a, m.stride());
    for (std::size_t c = 0; c < cols; ++c) {
      double sum = 0.0;
      for (int u = 0; u < n; ++u) sum += m.row(static_cast<std::size_t>(idx[static_cast<std::size_t>(u)]))[c];
      CHECK(out.row(0)[c] == Approx(sum * a).margin(1e-6));
    }
    for (std::size_t c = cols; c < m.stride(); ++c) CHECK(out.row(0)[c] == 0.0f);
  }
}

TEST_CASE("scatter_add adds the vector to every listed row, once per listing", "[kernels]") {
  const std::size_t cols = 20;
  HogwildMatrix m = random_matrix(10, cols, 2);
  const HogwildMatrix before = random_matrix(10, cols, 2);
  HogwildMatrix x = random_matrix(1, cols, 3);
  const std::vector<std::int32_t> idx = {4, 1, 4, 9};
  kernels::scatter_add(m.row(0), idx.data(), static_cast<int>(idx.size()), x.row(0), m.stride());
  for (std::size_t r = 0; r < 10; ++r) {
    const int times = static_cast<int>(std::count(idx.begin(), idx.end(), static_cast<std::int32_t>(r)));
    for (std::size_t c = 0; c < cols; ++c)
      CHECK(m.row(r)[c] == Approx(before.row(r)[c] + static_cast<float>(times) * x.row(0)[c]).margin(1e-6));
  }
}

TEST_CASE("dots and hidden_update match plain loops", "[kernels]") {
  const std::size_t cols = 100;
  HogwildMatrix m = random_matrix(8, cols, 4);
  const HogwildMatrix orig = random_matrix(8, cols, 4);
  HogwildMatrix h = random_matrix(1, cols, 5);
  HogwildMatrix total(1, cols);
  for (int n = 1; n <= 6; ++n) {
    std::vector<float*> rows;
    for (int u = 0; u < n; ++u) rows.push_back(m.row(static_cast<std::size_t>(u + 1)));
    std::vector<float> f(static_cast<std::size_t>(n));
    kernels::dots(h.row(0), rows.data(), n, m.stride(), f.data());
    for (int u = 0; u < n; ++u) {
      double d = 0.0;
      for (std::size_t c = 0; c < cols; ++c) d += h.row(0)[c] * rows[static_cast<std::size_t>(u)][c];
      CHECK(f[static_cast<std::size_t>(u)] == Approx(d).margin(1e-4));
    }
  }
  // hidden_update: rows[u] += g[u] * hidden; hidden += sum g[u] * rows[u] (old rows); total too.
  std::vector<float*> rows = {m.row(1), m.row(2), m.row(3)};
  const std::vector<float> g = {0.5f, -0.25f, 2.0f};
  std::vector<float> h0(h.row(0), h.row(0) + cols);
  kernels::hidden_update(h.row(0), rows.data(), g.data(), 3, total.row(0), m.stride());
  for (std::size_t c = 0; c < cols; ++c) {
    double grad = 0.0;
    for (int u = 0; u < 3; ++u) grad += g[static_cast<std::size_t>(u)] * orig.row(static_cast<std::size_t>(u + 1))[c];
    CHECK(h.row(0)[c] == Approx(h0[c] + grad).margin(1e-5));
    CHECK(total.row(0)[c] == Approx(grad).margin(1e-5));
    for (int u = 0; u < 3; ++u)
      CHECK(m.row(static_cast<std::size_t>(u + 1))[c] ==
            Approx(orig.row(static_cast<std::size_t>(u + 1))[c] + g[static_cast<std::size_t>(u)] * h0[c]).margin(1e-5));
  }
}
