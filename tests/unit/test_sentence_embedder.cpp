// Sentence vectors: a one-word line is that word's vector, means and SIF weights are exact.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "wordvec/core/error.hpp"
#include "wordvec/explore/sentence_embedder.hpp"

using namespace wordvec;

namespace {

Embeddings toy() {
  Vocab vocab;
  Matrix matrix;
  vocab.add("the", 60);
  vocab.add("cat", 30);
  vocab.add("sat", 10);
  matrix.resize(3, 3);
  matrix << 1, 0, 0,  //
      0, 2, 0,             //
      0, 0, 4;
  return Embeddings(std::move(vocab), std::move(matrix));
}

}  // namespace

TEST_CASE("embedding a one-word line gives that word's vector", "[sentence_embedder]") {
  const Embeddings emb = toy();
  const SentenceEmbedder embedder(3, lookup_in(emb), {}, {});
  Eigen::VectorXf v(3);
  for (std::size_t i = 0; i < emb.size(); ++i) {
    REQUIRE(embedder.embed_line("  " + emb.vocab().word(i) + "\r", v));
    CHECK(v == emb.vectors().row(static_cast<Eigen::Index>(i)).transpose());
  }
}

TEST_CASE("the plain mean skips unknown words and reports empty lines", "[sentence_embedder]") {
  const Embeddings emb = toy();
  const SentenceEmbedder embedder(3, lookup_in(emb), {}, {});
  const auto sv = embedder.embed_lines({"the cat", "dog", "", "cat sat\tzebra the"});
  CHECK(sv.lines == std::vector<std::size_t>{1, 4});
  CHECK(sv.unembedded == std::vector<std::size_t>{2, 3});
  CHECK(sv.known_tokens == 5);
  CHECK(sv.unknown_tokens == 2);
  REQUIRE(sv.vectors.rows() == 2);
  CHECK(sv.vectors.row(0).isApprox(Eigen::RowVector3f(0.5f, 1.0f, 0.0f)));
  CHECK(sv.vectors.row(1).isApprox(Eigen::RowVector3f(1.0f / 3, 2.0f / 3, 4.0f / 3)));
  CHECK(sv.removed_component.size() == 0);
}

TEST_CASE("lower-casing and the word-vector function decide what is known", "[sentence_embedder]") {
  const Embeddings emb = toy();
  SentenceEmbedderOptions opt;
  opt.lowercase = true;
  Eigen::VectorXf v(3);
  CHECK(SentenceEmbedder(3, lookup_in(emb), {}, opt).embed_line("CAT", v));
  CHECK_FALSE(SentenceEmbedder(3, lookup_in(emb), {}, {}).embed_line("CAT", v));
  // Any function can supply vectors, e.g. for unseen words (fastText subwords).
  const WordVectorFn every_word = [](std::string_view w, Eigen::Ref<Eigen::VectorXf> out) {
    out.setConstant(static_cast<float>(w.size()));
    return true;
  };
  REQUIRE(SentenceEmbedder(3, every_word, {}, {}).embed_line("ab abcd", v));
  CHECK(v.isApprox(Eigen::Vector3f(3, 3, 3)));
}

TEST_CASE("SIF weights words by a / (a + p(w)) and removes the common component", "[sentence_embedder]") {
  const Embeddings emb = toy();
  SentenceEmbedderOptions opt;
  opt.sif_a = 0.1;
  opt.remove_component = false;
  const auto p = probability_from_counts(emb.vocab());
  CHECK(p("the") == Approx(0.6));
  CHECK(p("zebra") == 0.0);
  const SentenceEmbedder weighted(3, lookup_in(emb), p, opt);
  Eigen::VectorXf v(3);
  REQUIRE(weighted.embed_line("the sat", v));
  const float w_the = 0.1f / 0.7f, w_sat = 0.1f / 0.2f;
  CHECK(v.isApprox(Eigen::Vector3f(w_the * 1, 0, w_sat * 4) / 2.0f));

  opt.remove_component = true;
  const SentenceEmbedder sif(3, lookup_in(emb), p, opt);
  const auto sv = sif.embed_lines({"the sat", "cat sat", "the cat sat", "sat"});
  REQUIRE(sv.removed_component.size() == 3);
  CHECK(sv.removed_component.norm() == Approx(1.0f));
  // Nothing of the removed direction is left in any sentence vector.
  for (Eigen::Index r = 0; r < sv.vectors.rows(); ++r) CHECK(sv.vectors.row(r).dot(sv.removed_component) == Approx(0.0f).margin(1e-5));
}

TEST_CASE("word probabilities from ranks and from count files", "[sentence_embedder]") {
  const Embeddings emb = toy();
  const auto rank = probability_from_rank(emb.vocab());
  const double h = 1.0 + 0.5 + 1.0 / 3;
  CHECK(rank("the") == Approx(1.0 / h));
  CHECK(rank("sat") == Approx(1.0 / (3 * h)));
  const auto dir = std::filesystem::temp_directory_path() / "wordvec_test_counts";
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "good.txt") << "the 3\ncat 1\n\n";
    std::ofstream(dir / "bad.txt") << "the 3\ncat one\n";
  }
  const auto counts = probability_from_count_file(dir / "good.txt");
  CHECK(counts("the") == Approx(0.75));
  CHECK(counts("dog") == 0.0);
  CHECK_THROWS_WITH(probability_from_count_file(dir / "bad.txt"), Catch::Contains("line 2"));
  CHECK_THROWS_AS(probability_from_count_file(dir / "missing.txt"), IoError);
  std::filesystem::remove_all(dir);
  Vocab no_counts;
  no_counts.add("x");
  CHECK_THROWS_AS(probability_from_counts(no_counts), DataError);
}

TEST_CASE("the embedder refuses bad options", "[sentence_embedder]") {
  const Embeddings emb = toy();
  SentenceEmbedderOptions opt;
  opt.sif_a = -1;
  CHECK_THROWS_AS(SentenceEmbedder(3, lookup_in(emb), {}, opt), OptionError);
  opt.sif_a = 1e-3;
  CHECK_THROWS_AS(SentenceEmbedder(3, lookup_in(emb), {}, opt), OptionError);  // SIF without probabilities
}
