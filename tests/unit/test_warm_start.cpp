// Starting from trained parameters: --init-from (pretrained vectors) and --continue (a full model
// on a new corpus, vocabulary updated).
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <fmt/format.h>

#include "pipeline/warm_start.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/io/format.hpp"
#include "wordvec/pipeline/train_jobs.hpp"

using namespace wordvec;
using wordvec::test::TempDir;
namespace fs = std::filesystem;

namespace {

// Lines of 10 words of one of three topics (t0w0..t2w9); `extra` replaces one word in about one
// line of topic 0 in five.
fs::path write_corpus(const fs::path& path, int lines, unsigned seed, const std::string& extra = "") {
  std::mt19937 rng(seed);
  std::ofstream out(path, std::ios::binary);
  for (int l = 0; l < lines; ++l) {
    const int topic = static_cast<int>(rng() % 3);
    for (int k = 0; k < 10; ++k) {
      out << (k ? " " : "");
      if (!extra.empty() && topic == 0 && k == 5 && rng() % 5 == 0) out << extra;
      else out << fmt::format("t{}w{}", topic, rng() % 10);
    }
    out << '\n';
  }
  return path;
}

Word2VecOptions options() {
  Word2VecOptions o;
  o.dim = 16;
  o.window = 3;
  o.sample = 0.0;
  o.epochs = 4;
  o.threads = 1;
  o.seed = 3;
  return o;
}

double cosine(const Embeddings& a, std::size_t i, const Embeddings& b, std::size_t j) {
  const auto x = a.vectors().row(static_cast<Eigen::Index>(i)), y = b.vectors().row(static_cast<Eigen::Index>(j));
  return static_cast<double>(x.dot(y) / (x.norm() * y.norm()));
}

double cosine(const Embeddings& e, const std::string& a, const std::string& b) {
  return cosine(e, static_cast<std::size_t>(e.vocab().find(a)), e, static_cast<std::size_t>(e.vocab().find(b)));
}

// Mean cosine of `word` with the words of `topic`.
double topic_cosine(const Embeddings& e, const std::string& word, int topic) {
  double sum = 0;
  for (int i = 0; i < 10; ++i) sum += cosine(e, word, fmt::format("t{}w{}", topic, i));
  return sum / 10;
}

}  // namespace

TEST_CASE("merge_vocab keeps the model's words, adds frequent new ones, sums counts", "[warm_start]") {
  Vocab model, corpus;
  model.add("a", 10);
  model.add("b", 5);
  model.add("c", 2);
  corpus.add("new", 9);
  corpus.add("b", 7);
  corpus.add("rare", 1);
  const auto m = merge_vocab(model, corpus, 2);
  REQUIRE(m.vocab.size() == 4);
  CHECK(m.vocab.word(0) == "b");  // 5 + 7
  CHECK(m.vocab.count(0) == 12);
  CHECK(m.vocab.word(1) == "a");
  CHECK(m.vocab.word(2) == "new");
  CHECK(m.vocab.word(3) == "c");  // kept though absent from the new corpus
  CHECK_FALSE(m.vocab.contains("rare"));
  CHECK(m.new_words == 1);
  CHECK(m.corpus_words == 16);  // b's 7 and new's 9; rare is not trained
}

TEST_CASE("continue (--continue): a new word gets a trained vector, old words stay close to where they were", "[warm_start]") {
  TempDir dir("continue");
  const auto first = write_corpus(dir.path / "first.txt", 3000, 1);
  const auto second = write_corpus(dir.path / "second.txt", 1500, 2, "newword");
  VocabOptions vo;
  vo.min_count = 5;
  CheckpointOptions save;
  save.save_model = dir.path / "model.wvm";
  const Embeddings before = train_word2vec(first.string(), vo, options(), {}, nullptr, {}, save);
  REQUIRE_FALSE(before.vocab().contains("newword"));

  CheckpointOptions cont;
  cont.continue_from = save.save_model;
  auto o = options();
  o.lr = 0.01;  // fine-tuning: a gentler rate than the first run's
  const Embeddings after = train_word2vec(second.string(), vo, o, {}, nullptr, {}, cont);
  REQUIRE(after.vocab().contains("newword"));
  CHECK(after.size() == before.size() + 1);
  CHECK(after.metadata().at("continued_new_words") == "1");
  // Trained: it sits with topic 0, where it occurs, not with the others.
  const double own = topic_cosine(after, "newword", 0);
  CHECK(own > 0.5);
  CHECK(own > topic_cosine(after, "newword", 1) + 0.3);
  CHECK(own > topic_cosine(after, "newword", 2) + 0.3);
  // Old words moved a little, not away: each stays closer to its old vector than to any other word's.
  double least = 1.0;
  for (std::size_t i = 0; i < before.size(); ++i) {
    const auto j = static_cast<std::size_t>(after.vocab().find(before.vocab().word(i)));
    least = std::min(least, cosine(before, i, after, j));
  }
  CHECK(least > 0.8);
  // Counts are summed: t0w0's count is its count in both corpora.
  const auto a = after.vocab().find("t0w0"), b = before.vocab().find("t0w0");
  CHECK(after.vocab().count(static_cast<std::size_t>(a)) > before.vocab().count(static_cast<std::size_t>(b)));

  // A fresh run on the second corpus alone ends elsewhere: continuing is not retraining.
  const Embeddings fresh = train_word2vec(second.string(), vo, o);
  double fresh_least = 1.0;
  for (std::size_t i = 0; i < before.size(); ++i)
    fresh_least = std::min(fresh_least, cosine(before, i, fresh, static_cast<std::size_t>(fresh.vocab().find(before.vocab().word(i)))));
  CHECK(fresh_least < 0.5);
}

TEST_CASE("continue (--continue) refuses another architecture, dimension or hierarchical softmax", "[warm_start]") {
  TempDir dir("continue-refuse");
  const auto corpus = write_corpus(dir.path / "c.txt", 300, 1);
  VocabOptions vo;
  vo.min_count = 1;
  CheckpointOptions save;
  save.save_model = dir.path / "model.wvm";
  auto o = options();
  o.epochs = 1;
  train_word2vec(corpus.string(), vo, o, {}, nullptr, {}, save);
  CheckpointOptions cont;
  cont.continue_from = save.save_model;
  auto other = o;
  other.dim = 8;
  CHECK_THROWS_WITH(train_word2vec(corpus.string(), vo, other, {}, nullptr, {}, cont),
                    Catch::Contains("dim = 16, this run has dim = 8"));
  other = o;
  other.model = Word2VecModel::Cbow;
  CHECK_THROWS_WITH(train_word2vec(corpus.string(), vo, other, {}, nullptr, {}, cont), Catch::Contains("model = skipgram"));
  other = o;
  other.loss = Word2VecLoss::HierarchicalSoftmax;
  CHECK_THROWS_WITH(train_word2vec(corpus.string(), vo, other, {}, nullptr, {}, cont), Catch::Contains("Huffman tree"));
  cont.continue_from = corpus;  // not a model file
  CHECK_THROWS_AS(train_word2vec(corpus.string(), vo, o, {}, nullptr, {}, cont), Error);
}

TEST_CASE("init-from (--init-from): the words it holds start from its vectors, the others random, and dim must match", "[warm_start]") {
  TempDir dir("init-from");
  const auto corpus = write_corpus(dir.path / "c.txt", 300, 1);
  // Pretrained vectors for two of the words (and one the corpus lacks), as word2vec text.
  Vocab pre_words;
  pre_words.add("t0w1");
  pre_words.add("t1w2");
  pre_words.add("absent");
  Matrix pre_rows = Matrix::Constant(3, 16, 0.25f);
  pre_rows(1, 0) = -1.0f;
  const Embeddings pre(std::move(pre_words), std::move(pre_rows));
  const auto vec = dir.path / "pre.txt";
  write_embeddings(pre, vec, Format::W2vText);
  VocabOptions vo;
  vo.min_count = 1;
  CheckpointOptions init;
  init.init_from = vec;
  auto o = options();
  o.epochs = 1;
  o.lr = 1e-9;  // barely trains: the vectors stay where they started
  const Embeddings emb = train_word2vec(corpus.string(), vo, o, {}, nullptr, {}, init);
  CHECK(emb.metadata().at("init_from_words") == "2");
  const auto row = [&](const char* w) { return emb.vectors().row(emb.vocab().find(w)); };
  CHECK(row("t0w1")(3) == Approx(0.25f).margin(1e-5));
  CHECK(row("t1w2")(0) == Approx(-1.0f).margin(1e-5));
  CHECK(std::abs(row("t2w3")(3) - 0.25f) > 1e-4);  // not in the file: random
  // A file of another dimension is refused, naming both.
  o.dim = 8;
  CHECK_THROWS_WITH(train_word2vec(corpus.string(), vo, o, {}, nullptr, {}, init),
                    Catch::Contains("dimension 16, this run trains dimension 8"));
}
