// SimilarityIndex beyond the basics: batched search equals one-at-a-time search, 3CosMul, doesnt_match,
// raw vectors, top-k selection, query expressions.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/query/query_expression.hpp"
#include "wordvec/query/similarity_index.hpp"
#include "random_embeddings.hpp"

using namespace wordvec;

namespace {

// n random words w0..w{n-1} with Gaussian vectors of `dim` dimensions and lengths between 0.5 and 3.
Embeddings random_embeddings(std::size_t n, std::size_t dim, unsigned seed) {
  return wordvec::test::random_embeddings(n, dim, seed, 0.5f, 3.0f);
}

// Brute force: every row's score, sorted best first (ties to the lower row), without `exclude`.
std::vector<std::int32_t> brute_force(const Eigen::VectorXf& scores, std::size_t rows, std::size_t topn,
                                      const std::vector<std::int32_t>& exclude) {
  std::vector<std::int32_t> order;
  for (std::size_t r = 0; r < rows; ++r)
    if (std::find(exclude.begin(), exclude.end(), static_cast<std::int32_t>(r)) == exclude.end())
      order.push_back(static_cast<std::int32_t>(r));
  std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) { return scores[a] > scores[b]; });
  order.resize(std::min(order.size(), topn));
  return order;
}

std::vector<std::int32_t> ids_of(const std::vector<Neighbor>& ns) {
  std::vector<std::int32_t> out;
  for (const auto& n : ns) out.push_back(n.id);
  return out;
}

}  // namespace

TEST_CASE("most_similar_batch equals brute force for many queries, blocks and restricts", "[query_batch]") {
  // More rows than one block (4096) so blocks and threads really split the work.
  const auto emb = random_embeddings(9000, 16, 11);
  const SimilarityIndex index(emb);
  std::mt19937 rng(5);
  std::vector<VectorQuery> queries;
  for (int i = 0; i < 40; ++i) {
    VectorQuery q;
    const auto a = static_cast<std::int32_t>(rng() % 9000), b = static_cast<std::int32_t>(rng() % 9000);
    q.vector = index.rows().row(a).transpose() - 0.5f * index.rows().row(b).transpose();
    if (i % 3 == 0) q.exclude = {a, b};
    queries.push_back(q);
  }
  for (const std::size_t restrict : {std::size_t{0}, std::size_t{5000}, std::size_t{100}}) {
    const auto answers = index.most_similar_batch(queries, 7, restrict);
    REQUIRE(answers.size() == queries.size());
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const Eigen::VectorXf scores = index.rows() * queries[i].vector.normalized();
      const auto rows = restrict ? restrict : 9000;
      CHECK(ids_of(answers[i]) == brute_force(scores, rows, 7, queries[i].exclude));
      for (const auto& n : answers[i]) CHECK(n.score == Approx(scores[n.id]).margin(1e-5));
    }
  }
  // A single query goes the same way.
  CHECK(ids_of(index.most_similar_to(queries[1].vector, 7)) == ids_of(index.most_similar_batch(queries, 7)[1]));
  CHECK(index.most_similar_batch({}, 5).empty());
}

TEST_CASE("top_k is a partial selection with ties to the lower row", "[query_batch]") {
  const std::vector<float> scores = {0.5f, 0.9f, 0.9f, -1.0f, 0.7f, 0.9f, 0.1f};
  const auto best = top_k(scores.data(), scores.size(), 4);
  REQUIRE(best.size() == 4);
  CHECK(best[0].second == 1);
  CHECK(best[1].second == 2);
  CHECK(best[2].second == 5);
  CHECK(best[3].second == 4);
  const auto without = top_k(scores.data(), scores.size(), 2, {1, 5});
  CHECK(without == std::vector<std::pair<float, std::int32_t>>{{0.9f, 2}, {0.7f, 4}});
  CHECK(top_k(scores.data(), scores.size(), 100).size() == scores.size());
  CHECK(top_k(scores.data(), scores.size(), 0).empty());
}

TEST_CASE("most_similar_cosmul follows gensim's formula", "[query_batch]") {
  const auto emb = random_embeddings(300, 8, 3);
  const SimilarityIndex index(emb);
  const auto& u = index.rows();
  // (1+cos)/2 shifted similarities: b * c / (a + 1e-6), with the query words left out.
  Eigen::VectorXf expected(300);
  for (Eigen::Index r = 0; r < 300; ++r) {
    auto shifted = [&](Eigen::Index w) { return (1.0f + u.row(r).dot(u.row(w))) / 2.0f; };
    expected[r] = shifted(1) * shifted(2) / (shifted(0) + 1e-6f);
  }
  const auto got = index.most_similar_cosmul({"w1", "w2"}, {"w0"}, 10);
  CHECK(ids_of(got) == brute_force(expected, 300, 10, {1, 2, 0}));
  for (const auto& n : got) CHECK(n.score == Approx(expected[n.id]).epsilon(1e-4));
  // restrict limits the candidates.
  for (const auto& n : index.most_similar_cosmul({"w1", "w2"}, {"w0"}, 10, 50)) CHECK(n.id < 50);
  // One positive word and no negative: the same ranking as most_similar.
  CHECK(ids_of(index.most_similar_cosmul({"w7"}, {}, 5)) == ids_of(index.most_similar({"w7"}, {}, 5)));
  CHECK_THROWS_AS(index.most_similar_cosmul({}, {"w1"}), OptionError);
  CHECK_THROWS_AS(index.most_similar_cosmul({"w1", "nope"}), UnknownWordError);
}

TEST_CASE("doesnt_match, vector and similarity", "[query_batch]") {
  Vocab words;
  for (const char* w : {"cat", "dog", "mouse", "car"}) words.add(w, 1);
  Matrix rows(4, 3);
  rows << 1, 0.1f, 0, 2, 0.2f, 0.1f, 0.9f, 0, 0.2f, 0, 0, 5;
  const Embeddings emb(std::move(words), std::move(rows));
  const SimilarityIndex index(emb);
  CHECK(index.doesnt_match({"cat", "dog", "car", "mouse"}) == "car");
  CHECK_THROWS_AS(index.doesnt_match({"cat", "yak"}), UnknownWordError);
  CHECK_THROWS_AS(index.doesnt_match({}), OptionError);
  // vector() gives back the vector as read; unit_vector() its direction.
  CHECK(index.vector("dog").isApprox(emb.vectors().row(1).transpose(), 1e-6f));
  CHECK(index.norm(3) == Approx(5.0f));
  CHECK(index.similarity("cat", "car") == Approx(0.0f).margin(1e-6));
  const auto sims = index.similarities(index.vector("cat"));
  REQUIRE(sims.size() == 4);
  CHECK(sims[0] == Approx(1.0f));
  CHECK(sims[1] == Approx(index.similarity("cat", "dog")));
}

TEST_CASE("Query expressions", "[query_batch]") {
  auto q = parse_query("king - man + woman");
  CHECK(q.positive == std::vector<std::string>{"king", "woman"});
  CHECK(q.negative == std::vector<std::string>{"man"});
  q = parse_query("  paris  france\t");
  CHECK(q.positive == std::vector<std::string>{"paris", "france"});
  CHECK(q.negative.empty());
  q = parse_query("- apple");
  CHECK(q.negative == std::vector<std::string>{"apple"});
  CHECK(parse_query("e-mail").positive == std::vector<std::string>{"e-mail"});  // a hyphen inside a word is a word
  CHECK(parse_query("a - b").words() == std::vector<std::string>{"a", "b"});
  CHECK_THROWS_AS(parse_query(""), OptionError);
  CHECK_THROWS_AS(parse_query("king -"), OptionError);
  CHECK_THROWS_AS(parse_query("king - + man"), OptionError);
}
