// SimilarityIndex: nearest neighbours and analogies on hand-made vectors with known answers.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/query/similarity_index.hpp"

using namespace wordvec;

namespace {

constexpr double kPi = 3.14159265358979323846;

Embeddings make_embeddings(const std::vector<std::string>& words, const std::vector<std::vector<float>>& rows) {
  Vocab vocab;
  Matrix matrix;
  for (const auto& w : words) vocab.add(w, 1);
  matrix.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows[0].size()));
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      matrix(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = rows[r][c];
  return Embeddings(std::move(vocab), std::move(matrix));
}

// Words on a circle at known angles (degrees) and different lengths: cosine = cos(angle difference).
Embeddings circle() {
  const std::vector<double> angles = {0, 10, 25, 45, 90, 180, -30};
  const std::vector<double> lengths = {1, 5, 0.1, 2, 3, 1, 7};
  std::vector<std::string> words;
  std::vector<std::vector<float>> rows;
  for (std::size_t i = 0; i < angles.size(); ++i) {
    words.push_back(fmt::format("a{}", static_cast<int>(angles[i])));
    const double rad = angles[i] * kPi / 180.0;
    rows.push_back({static_cast<float>(lengths[i] * std::cos(rad)), static_cast<float>(lengths[i] * std::sin(rad))});
  }
  return make_embeddings(words, rows);
}

double cos_deg(double deg) { return std::cos(deg * kPi / 180.0); }

std::vector<std::string> words_of(const std::vector<Neighbor>& ns) {
  std::vector<std::string> out;
  for (const auto& n : ns) out.push_back(n.word);
  return out;
}

}  // namespace

TEST_CASE("SimilarityIndex nearest neighbours in known order with cosine scores", "[similarity_index]") {
  const SimilarityIndex index(circle());
  const auto ns = index.most_similar({"a0"}, {}, 10);
  // The query word is excluded; the rest come by angle from 0 degrees: 10, 25, 30, 45, 90, 180.
  CHECK(words_of(ns) == std::vector<std::string>{"a10", "a25", "a-30", "a45", "a90", "a180"});
  REQUIRE(ns.size() == 6);
  CHECK(ns[0].score == Approx(cos_deg(10)).margin(1e-5));
  CHECK(ns[1].score == Approx(cos_deg(25)).margin(1e-5));
  CHECK(ns[2].score == Approx(cos_deg(30)).margin(1e-5));
  CHECK(ns[4].score == Approx(0.0).margin(1e-5));
  CHECK(ns[5].score == Approx(-1.0).margin(1e-5));
  CHECK(ns[0].id == 1);
  CHECK(ns[5].id == 5);

  const auto top2 = index.most_similar({"a45"}, {}, 2);
  CHECK(words_of(top2) == std::vector<std::string>{"a25", "a10"});
  CHECK(index.similarity("a10", "a90") == Approx(cos_deg(80)).margin(1e-5));
  CHECK(index.similarity("a25", "a25") == Approx(1.0).margin(1e-6));
  // Rows are unit length whatever the input length.
  CHECK(index.unit_vector("a-30").norm() == Approx(1.0).margin(1e-6));
  CHECK(index.rows().row(2).norm() == Approx(1.0).margin(1e-6));
  CHECK(index.id("a90") == 4);
  CHECK(index.vocab().size() == 7);
}

TEST_CASE("SimilarityIndex analogy: king - man + woman = queen", "[similarity_index]") {
  // Axes: royal, male, female, person, fruit, noise.
  const auto emb = make_embeddings({"king", "queen", "man", "woman", "apple", "prince", "banana"},
                                   {{1, 1, 0, 0, 0, 0},
                                    {1, 0, 1, 0, 0, 0.05f},
                                    {0, 1, 0, 1, 0, 0},
                                    {0, 0, 1, 1, 0, 0},
                                    {0, 0, 0, 0, 1, 0},
                                    {1, 1, 0, 0.2f, 0, 0.3f},
                                    {0, 0, 0, 0, 1, 0.4f}});
  const SimilarityIndex index(emb);
  const auto ns = index.most_similar({"king", "woman"}, {"man"}, 3);
  REQUIRE(ns.size() == 3);
  CHECK(ns[0].word == "queen");
  CHECK(ns[0].score > 0.95f);
  for (const auto& n : ns) {
    CHECK(n.word != "king");
    CHECK(n.word != "woman");
    CHECK(n.word != "man");
  }
  CHECK(ns[0].score >= ns[1].score);
  CHECK(ns[1].score >= ns[2].score);
  // The other direction.
  CHECK(index.most_similar({"queen", "man"}, {"woman"}, 1).at(0).word == "king");
  // Only negative words: what is least like a fruit among the rest.
  const auto away = index.most_similar({}, {"apple"}, 1);
  REQUIRE(away.size() == 1);
  CHECK(away[0].word != "apple");
  CHECK(away[0].word != "banana");
}

TEST_CASE("SimilarityIndex restrict searches only the first N rows", "[similarity_index]") {
  const SimilarityIndex index(circle());
  // Rows: a0 a10 a25 a45 a90 a180 a-30.
  CHECK(words_of(index.most_similar({"a0"}, {}, 10, 3)) == std::vector<std::string>{"a10", "a25"});
  CHECK(words_of(index.most_similar({"a-30"}, {}, 10, 2)) == std::vector<std::string>{"a0", "a10"});
  // A query word outside the restricted rows is still usable.
  CHECK(words_of(index.most_similar({"a180"}, {}, 1, 4)) == std::vector<std::string>{"a45"});
  // restrict larger than the vocabulary means everything.
  CHECK(index.most_similar({"a0"}, {}, 100, 1000).size() == 6);
}

TEST_CASE("SimilarityIndex topn larger than the vocabulary returns every other word", "[similarity_index]") {
  const SimilarityIndex index(circle());
  const auto all = index.most_similar({"a90"}, {}, 1000);
  CHECK(all.size() == 6);
  for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].score >= all[i].score);
  CHECK(index.most_similar({"a90"}, {}, 0).empty());
  CHECK(index.most_similar({"a90", "a0"}, {}, 1000).size() == 5);
}

TEST_CASE("SimilarityIndex unknown words throw UnknownWordError", "[similarity_index]") {
  const SimilarityIndex index(circle());
  try {
    index.most_similar({"a0", "zebra"});
    FAIL("expected UnknownWordError");
  } catch (const UnknownWordError& e) {
    CHECK(e.word() == "zebra");
    CHECK_THAT(std::string(e.what()), Catch::Contains("zebra"));
  }
  CHECK_THROWS_AS(index.most_similar({"a0"}, {"yak"}), UnknownWordError);
  CHECK_THROWS_AS(index.similarity("a0", "gnu"), UnknownWordError);
  CHECK_THROWS_AS(index.id("gnu"), UnknownWordError);
  CHECK_THROWS_AS(index.unit_vector(""), UnknownWordError);
  CHECK_THROWS_AS(index.most_similar({}, {}), OptionError);
}

TEST_CASE("SimilarityIndex most_similar_to a raw vector", "[similarity_index]") {
  Embeddings emb = circle();
  const SimilarityIndex index(std::move(emb));
  Eigen::VectorXf v(2);
  v << 0.0f, 10.0f;  // 90 degrees
  const auto ns = index.most_similar_to(v, 2);
  CHECK(words_of(ns) == std::vector<std::string>{"a90", "a45"});
  CHECK(ns[0].score == Approx(1.0).margin(1e-5));
  CHECK(words_of(index.most_similar_to(v, 2, 0, {4})) == std::vector<std::string>{"a45", "a25"});
  Eigen::VectorXf wrong(3);
  wrong << 1, 2, 3;
  CHECK_THROWS_AS(index.most_similar_to(wrong), OptionError);
}

TEST_CASE("SimilarityIndex ties go to the lower row and zero rows stay zero", "[similarity_index]") {
  const auto emb = make_embeddings({"q", "far", "twin1", "zero", "twin2"},
                                   {{1, 0}, {-1, 0.1f}, {0, 2}, {0, 0}, {0, 3}});
  const SimilarityIndex index(emb);
  const auto top = index.most_similar({"q"}, {}, 1);
  // twin1 and twin2 point the same way (cosine 0 with q), as does the zero row: lowest row wins.
  REQUIRE(top.size() == 1);
  CHECK(top[0].word == "twin1");
  CHECK(index.rows().row(3).norm() == 0.0f);
  CHECK(index.similarity("twin1", "twin2") == Approx(1.0).margin(1e-6));
  // Inconsistent input cannot even be made.
  CHECK_THROWS_AS(Embeddings(emb.vocab(), emb.vectors().topRows(4)), FormatError);
}
