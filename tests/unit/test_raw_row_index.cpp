// SimilarityIndex over raw rows viewed in place (a mapped native file) with per-row inverse norms gives
// the answers of the owned, normalised index: neighbours, scores, zero rows, restrict, cosmul, batch, eval.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/eval/analogy_eval.hpp"
#include "wordvec/eval/similarity_eval.hpp"
#include "wordvec/io/native_format.hpp"
#include "wordvec/query/index_loader.hpp"
#include "wordvec/query/similarity_index.hpp"
#include "random_embeddings.hpp"

using namespace wordvec;

namespace {

// n words w0..; Gaussian rows of lengths 0.2..4; every 97th row is zero.
Embeddings raw_embeddings(std::size_t n, std::size_t dim, unsigned seed) {
  return wordvec::test::random_embeddings(n, dim, seed, 0.2f, 4.0f, 97, 5);
}

// An index over `emb`'s own rows, not copied: the raw layout with the rows' norms.
SimilarityIndex raw_view(const Embeddings& emb) {
  const MatrixView rows(emb.vectors().data(), emb.vectors().rows(), emb.vectors().cols());
  return SimilarityIndex(emb.vocab(), rows, emb.vectors().rowwise().norm(), nullptr, RowLayout::Raw);
}

// Same answers: equal words, scores within 1e-6; a different word at a place only as a tie (equal scores).
void check_same(const std::vector<Neighbor>& want, const std::vector<Neighbor>& got) {
  REQUIRE(want.size() == got.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO("place " << i << ": " << want[i].word << " " << want[i].score << " vs " << got[i].word << " " << got[i].score);
    CHECK(got[i].score == Approx(want[i].score).margin(1e-6));
    if (want[i].id == got[i].id) continue;
    // Swapped near-ties: the other's word must sit at a neighbouring place with the same score.
    CHECK(std::abs(want[i].score - got[i].score) < 1e-6f);
    const bool near = (i > 0 && got[i - 1].id == want[i].id) || (i + 1 < got.size() && got[i + 1].id == want[i].id);
    CHECK((near || i + 1 == got.size()));
  }
}

struct TempFile {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / fmt::format("wordvec-raw-rows-{}.wv", ::getpid());
  ~TempFile() { std::filesystem::remove(path); }
};

}  // namespace

TEST_CASE("raw-row index answers like the owned normalised index", "[query][raw_rows]") {
  // More rows than one scoring block (4096), so block offsets into the scale are exercised.
  const auto emb = raw_embeddings(9000, 24, 7);
  const SimilarityIndex owned(emb);
  const auto raw = raw_view(emb);
  REQUIRE(owned.row_scale().size() == 0);
  REQUIRE(raw.row_scale().size() == 9000);
  CHECK(raw.rows().data() == emb.vectors().data());  // scored in place: no copy
  CHECK(raw.row_scale()[5] == 0.0f);                // zero row: scale 0

  SECTION("most_similar, with and without restrict and negatives") {
    for (const char* w : {"w0", "w17", "w4200", "w8999"}) {
      INFO(w);
      check_same(owned.most_similar({w}, {}, 10), raw.most_similar({w}, {}, 10));
      check_same(owned.most_similar({w}, {"w3"}, 10, 5000), raw.most_similar({w}, {"w3"}, 10, 5000));
    }
    check_same(owned.most_similar({"w1", "w2"}, {"w9"}, 25, 100), raw.most_similar({"w1", "w2"}, {"w9"}, 25, 100));
    for (const auto& n : raw.most_similar({"w1"}, {}, 10, 100)) CHECK(n.id < 100);
  }
  SECTION("zero rows score 0 and a zero query word gives a zero query") {
    const auto sims = raw.similarities(emb.vectors().row(11).transpose());
    const auto want = owned.similarities(emb.vectors().row(11).transpose());
    REQUIRE(sims.size() == 9000);
    CHECK(sims[5] == 0.0f);
    CHECK(sims[102] == 0.0f);
    CHECK(sims[11] == Approx(1.0f).margin(1e-6));
    CHECK((sims - want).cwiseAbs().maxCoeff() < 1e-6f);
    CHECK(raw.similarity("w5", "w11") == 0.0f);
    CHECK(raw.unit_vector("w5").isZero());
    check_same(owned.most_similar({"w5"}, {}, 5), raw.most_similar({"w5"}, {}, 5));
  }
  SECTION("raw vector search and batches") {
    std::mt19937 rng(3);
    std::normal_distribution<float> normal;
    std::vector<VectorQuery> queries(40);
    for (std::size_t i = 0; i < queries.size(); ++i) {
      queries[i].vector = Eigen::VectorXf::NullaryExpr(24, [&] { return normal(rng); }) * 3.0f;
      queries[i].exclude = {static_cast<std::int32_t>(i), static_cast<std::int32_t>(i + 100)};
    }
    const auto want = owned.most_similar_batch(queries, 7, 6000);
    const auto got = raw.most_similar_batch(queries, 7, 6000);
    REQUIRE(got.size() == queries.size());
    for (std::size_t i = 0; i < queries.size(); ++i) {
      INFO("query " << i);
      check_same(want[i], got[i]);
      check_same(owned.most_similar_to(queries[i].vector, 7, 0, queries[i].exclude),
                 raw.most_similar_to(queries[i].vector, 7, 0, queries[i].exclude));
    }
  }
  SECTION("cosmul, doesnt_match, similarity, vectors") {
    check_same(owned.most_similar_cosmul({"w1", "w2"}, {"w0"}, 10), raw.most_similar_cosmul({"w1", "w2"}, {"w0"}, 10));
    check_same(owned.most_similar_cosmul({"w30"}, {"w5"}, 10, 3000), raw.most_similar_cosmul({"w30"}, {"w5"}, 10, 3000));
    CHECK(raw.doesnt_match({"w1", "w2", "w3", "w5"}) == owned.doesnt_match({"w1", "w2", "w3", "w5"}));
    CHECK(raw.doesnt_match({"w10", "w20", "w30", "w40"}) == owned.doesnt_match({"w10", "w20", "w30", "w40"}));
    CHECK(raw.similarity("w10", "w20") == Approx(owned.similarity("w10", "w20")).margin(1e-6));
    CHECK((raw.unit_vector("w10") - owned.unit_vector("w10")).cwiseAbs().maxCoeff() < 1e-6f);
    // vector() of a raw row is the row exactly as stored.
    for (const char* w : {"w0", "w5", "w8000"}) {
      const auto i = raw.id(w);
      CHECK(raw.vector(w) == Eigen::VectorXf(emb.vectors().row(i).transpose()));
      CHECK(raw.norm(static_cast<std::size_t>(i)) == owned.norm(static_cast<std::size_t>(i)));
    }
  }
  SECTION("analogy and word-pair evaluation") {
    std::string text = ": capital-things\n";
    for (int q = 0; q < 60; ++q) {
      const auto a = fmt::format("w{}", 3 * q + 1), b = fmt::format("w{}", 3 * q + 2), c = fmt::format("w{}", 3 * q + 3);
      // Half the questions have the owned index's own answer, so there is something to get right.
      const auto d = q % 2 ? owned.most_similar({b, c}, {a}, 1, 2000)[0].word : fmt::format("w{}", 500 + q);
      text += fmt::format("{} {} {} {}\n", a, b, c, d);
    }
    const auto set = parse_analogies(text, "test");
    AnalogyOptions opt;
    opt.restrict = 2000;
    opt.mul = true;
    const auto want = evaluate_analogies(owned, set, opt);
    const auto got = evaluate_analogies(raw, set, opt);
    CHECK(want.total.correct_add >= 30);
    CHECK(got.total.answered == want.total.answered);
    CHECK(got.total.correct_add == want.total.correct_add);
    CHECK(got.total.correct_mul == want.total.correct_mul);

    std::string pairs;
    for (int p = 0; p < 50; ++p) pairs += fmt::format("w{}\tw{}\t{}\n", p, p * 7 + 1, (p * 37) % 11);
    const auto ps = parse_word_pairs(pairs, "pairs");
    const auto pw = evaluate_word_pairs(owned, ps, {});
    const auto pg = evaluate_word_pairs(raw, ps, {});
    CHECK(pg.used == pw.used);
    CHECK(pg.pearson == Approx(pw.pearson).margin(1e-6));
    CHECK(pg.spearman == Approx(pw.spearman).margin(1e-6));
  }
}

TEST_CASE("a raw-row native file is queried in place, bit-exact", "[query][raw_rows][native]") {
  const auto emb = raw_embeddings(500, 12, 9);
  TempFile file;
  write_native(emb, file.path);
  const auto index = load_similarity_index(file.path);
  const SimilarityIndex owned(emb);
  REQUIRE(index.row_scale().size() == 500);  // raw rows, scaled scores: no normalised copy
  for (Eigen::Index r = 0; r < 500; ++r) {
    CHECK(index.norm(static_cast<std::size_t>(r)) == owned.norm(static_cast<std::size_t>(r)));
    if (index.rows().row(r) != emb.vectors().row(r)) FAIL_CHECK("row " << r << " differs from the written row");
  }
  check_same(owned.most_similar({"w3"}, {}, 10), index.most_similar({"w3"}, {}, 10));
  check_same(owned.most_similar_cosmul({"w3", "w4"}, {"w8"}, 10, 300),
             index.most_similar_cosmul({"w3", "w4"}, {"w8"}, 10, 300));
  // A unit-rows file needs no scale.
  write_native(emb, file.path, {Dtype::Float32, true});
  const auto unit = load_similarity_index(file.path);
  CHECK(unit.row_scale().size() == 0);
  check_same(owned.most_similar({"w3"}, {}, 10), unit.most_similar({"w3"}, {}, 10));
}
