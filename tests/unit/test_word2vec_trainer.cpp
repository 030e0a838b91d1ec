// train_word2vec on a synthetic corpus of disjoint topics: the vectors must find the topics.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/core/progress.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/io/fasttext_format.hpp"
#include "wordvec/query/similarity_index.hpp"
#include "wordvec/train/word2vec_options.hpp"
#include "wordvec/pipeline/train_jobs.hpp"
#include "wordvec/train/word2vec_trainer.hpp"
#include "wordvec/vocab/vocab.hpp"

using namespace wordvec;
using wordvec::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr int kTopics = 3;
constexpr int kWordsPerTopic = 12;

std::string topic_word(int topic, int i) { return fmt::format("t{}w{}", topic, i); }

// Lines of 12 words, each line drawn from one topic only: about 50k tokens.
fs::path write_topic_corpus(const TempDir& dir, int lines, unsigned seed) {
  std::mt19937 rng(seed);
  std::string text;
  for (int l = 0; l < lines; ++l) {
    const int topic = static_cast<int>(rng() % kTopics);
    for (int k = 0; k < 12; ++k) {
      if (k > 0) text += ' ';
      text += topic_word(topic, static_cast<int>(rng() % kWordsPerTopic));
    }
    text += '\n';
  }
  const auto path = dir.path / "topics.txt";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

Vocab all_words(Corpus& corpus) {
  VocabOptions o;
  o.min_count = 1;
  return build_vocab(corpus, o);
}

Word2VecOptions small_options(Word2VecModel model) {
  Word2VecOptions o;
  o.model = model;
  o.dim = 24;  // not a multiple of 16: padded rows
  o.window = 4;
  o.negative = 5;
  o.sample = 0.0;  // every word is frequent here; subsampling would drop most of them
  o.epochs = 5;
  o.threads = 2;
  o.seed = 7;
  return o;
}

struct TopicScores {
  double within = 0.0;
  double across = 0.0;
};

TopicScores topic_scores(const Embeddings& emb) {
  const SimilarityIndex index(emb);
  TopicScores s;
  int n_within = 0, n_across = 0;
  for (int t1 = 0; t1 < kTopics; ++t1)
    for (int i = 0; i < kWordsPerTopic; ++i)
      for (int t2 = 0; t2 < kTopics; ++t2)
        for (int j = 0; j < kWordsPerTopic; ++j) {
          if (t1 == t2 && i == j) continue;
          const double c = index.similarity(topic_word(t1, i), topic_word(t2, j));
          if (t1 == t2) {
            s.within += c;
            ++n_within;
          } else {
            s.across += c;
            ++n_across;
          }
        }
  s.within /= n_within;
  s.across /= n_across;
  return s;
}

bool all_finite(const Matrix& m) { return m.allFinite(); }

}  // namespace

TEST_CASE("train_word2vec separates topics, lowers the loss, returns a full finite matrix", "[word2vec_trainer]") {
  TempDir dir("w2v-train");
  const auto path = write_topic_corpus(dir, 4200, 1);
  auto corpus = Corpus::open(path.string());
  const auto vocab = all_words(corpus);
  REQUIRE(vocab.size() == kTopics * kWordsPerTopic);

  for (const auto model : {Word2VecModel::SkipGram, Word2VecModel::Cbow}) {
    INFO("model " << to_string(model));
    const auto options = small_options(model);
    TrainingSummary summary;
    const auto emb = train_word2vec(corpus, vocab, options, {}, &summary);

    REQUIRE(emb.size() == vocab.size());
    REQUIRE(emb.dim() == 24);
    CHECK(emb.vocab().words() == vocab.words());
    CHECK(all_finite(emb.vectors()));
    CHECK(emb.vectors().squaredNorm() > 0.0f);

    REQUIRE(summary.epoch_loss.size() == 5);
    CHECK(summary.epoch_loss.front() > summary.epoch_loss.back());
    for (const double l : summary.epoch_loss) CHECK(std::isfinite(l));
    CHECK(summary.epoch_loss.back() > 0.0);
    CHECK(summary.units == 5 * vocab.total_count());

    const auto s = topic_scores(emb);
    INFO("mean cosine within topics " << s.within << ", across topics " << s.across);
    CHECK(s.within > s.across + 0.3);
    CHECK(s.within > 0.4);

    CHECK(emb.metadata().at("model") == to_string(model));
    CHECK(emb.metadata().at("dim") == "24");
  }
}

TEST_CASE("train_word2vec: same seed and one thread give bit-identical vectors", "[word2vec_trainer]") {
  TempDir dir("w2v-train");
  const auto path = write_topic_corpus(dir, 800, 2);
  auto corpus = Corpus::open(path.string());
  const auto vocab = all_words(corpus);
  for (const auto model : {Word2VecModel::SkipGram, Word2VecModel::Cbow}) {
    INFO("model " << to_string(model));
    auto options = small_options(model);
    options.threads = 1;
    options.epochs = 2;
    options.sample = 1e-3;  // the subsampling draws must be reproducible too
    const auto a = train_word2vec(corpus, vocab, options);
    const auto b = train_word2vec(corpus, vocab, options);
    REQUIRE(a.vectors().size() == b.vectors().size());
    CHECK(std::memcmp(a.vectors().data(), b.vectors().data(), sizeof(float) * static_cast<std::size_t>(a.vectors().size())) == 0);
    options.seed = 8;
    const auto c = train_word2vec(corpus, vocab, options);
    CHECK(std::memcmp(a.vectors().data(), c.vectors().data(), sizeof(float) * static_cast<std::size_t>(a.vectors().size())) != 0);
  }
}

TEST_CASE("train_word2vec from a file path counts the vocabulary first", "[word2vec_trainer]") {
  TempDir dir("w2v-train");
  const auto path = write_topic_corpus(dir, 300, 3);
  // A rare word below min_count must not get a vector.
  std::ofstream(path, std::ios::app) << "rareword t0w1 t0w2\n";
  VocabOptions vo;
  vo.min_count = 2;
  auto options = small_options(Word2VecModel::Cbow);
  options.epochs = 1;
  std::mutex mutex;
  std::vector<Progress> reports;
  const auto emb = train_word2vec(path.string(), vo, options, [&](const Progress& p) {
    std::lock_guard<std::mutex> lock(mutex);
    reports.push_back(p);
  });
  CHECK(emb.size() == kTopics * kWordsPerTopic);
  CHECK_FALSE(emb.vocab().contains("rareword"));
  CHECK(emb.metadata().at("min_count") == "2");
  CHECK(emb.metadata().at("corpus_tokens") == std::to_string(300 * 12 + 3));
  REQUIRE_FALSE(reports.empty());
  CHECK(reports.front().stage == ProgressStage::Vocab);
  CHECK(reports.back().stage == ProgressStage::Train);
  CHECK(reports.back().finished);
  CHECK(reports.back().fraction == 1.0);
  CHECK_THROWS_AS(train_word2vec((dir.path / "missing.txt").string(), vo, options), IoError);
}

TEST_CASE("train_word2vec refuses an empty vocabulary", "[word2vec_trainer]") {
  TempDir dir("w2v-train");
  const auto path = write_topic_corpus(dir, 10, 4);
  auto corpus = Corpus::open(path.string());
  CHECK_THROWS_AS(train_word2vec(corpus, Vocab{}, small_options(Word2VecModel::SkipGram)), DataError);
}

TEST_CASE("Word2VecOptions::validate rejects bad values", "[word2vec_trainer]") {
  CHECK_NOTHROW(Word2VecOptions{}.validate());
  auto rejects = [](auto&& change) {
    Word2VecOptions o;
    change(o);
    return [o] { o.validate(); };
  };
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.dim = 0; })(), OptionError);
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.dim = -5; })(), OptionError);
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.negative = -1; })(), OptionError);
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.negative = 0; })(), OptionError);
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.window = 0; })(), OptionError);
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.epochs = 0; })(), OptionError);
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.threads = 0; })(), OptionError);
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.sample = -1e-3; })(), OptionError);
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.sample = NAN; })(), OptionError);
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.lr = -0.1; })(), OptionError);
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.lr = INFINITY; })(), OptionError);
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.ns_exponent = NAN; })(), OptionError);
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.max_sentence_length = 0; })(), OptionError);
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.init_range = -0.1; })(), OptionError);
  CHECK_THROWS_AS(rejects([](Word2VecOptions& o) { o.init_range = NAN; })(), OptionError);
  // Values at the edges of the accepted ranges pass.
  CHECK_NOTHROW(rejects([](Word2VecOptions& o) {
    o.dim = 1;
    o.window = 1;
    o.negative = 1;
    o.sample = 0;
    o.epochs = 1;
    o.threads = 1;
  })());
  // The message names the option.
  try {
    rejects([](Word2VecOptions& o) { o.window = 0; })();
    FAIL("expected OptionError");
  } catch (const OptionError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("window"));
  }
  // train_word2vec validates before doing anything.
  TempDir dir("w2v-train");
  const auto path = write_topic_corpus(dir, 10, 5);
  auto corpus = Corpus::open(path.string());
  const auto vocab = all_words(corpus);
  auto bad = small_options(Word2VecModel::SkipGram);
  bad.dim = 0;
  CHECK_THROWS_AS(train_word2vec(corpus, vocab, bad), OptionError);
}

TEST_CASE("train_word2vec: input vectors start uniform within +-r, r = 1/sqrt(dim) unless init_range is set",
          "[word2vec_trainer]") {
  TempDir dir("w2v-init");
  const auto path = write_topic_corpus(dir, 300, 6);
  // A word seen only alone on its line is never a centre or a context word: it keeps its start.
  std::ofstream(path, std::ios::app) << "loner\nloner\n";
  auto corpus = Corpus::open(path.string());
  const auto vocab = all_words(corpus);
  const auto loner = vocab.find("loner");
  REQUIRE(loner >= 0);
  auto max_abs = [&](const Embeddings& emb, std::int32_t w) { return emb.vectors().row(w).cwiseAbs().maxCoeff(); };
  for (const auto model : {Word2VecModel::SkipGram, Word2VecModel::Cbow}) {
    INFO("model " << to_string(model));
    auto options = small_options(model);
    options.epochs = 1;
    CHECK(options.effective_init_range() == Approx(1.0 / std::sqrt(24.0)));
    for (const double range : {0.0, 0.01, 0.5}) {
      INFO("init_range " << range);
      options.init_range = range;
      const double r = options.effective_init_range();
      const auto emb = train_word2vec(corpus, vocab, options);
      // 24 uniform draws: the largest is above r/2 but for a chance of 2^-24.
      CHECK(max_abs(emb, loner) <= r);
      CHECK(max_abs(emb, loner) > r / 2);
      CHECK(emb.metadata().at("init_range") == fmt::format("{}", r));
      // Trained words moved away from their start.
      CHECK(max_abs(emb, vocab.find("t0w1")) > r);
    }
  }
  Word2VecOptions o;
  o.dim = 100;
  CHECK(o.effective_init_range() == Approx(0.1));
  o.subwords.maxn = 6;  // fastText's own start for n-gram models
  CHECK(o.effective_init_range() == Approx(0.01));
  o.init_range = 0.2;
  CHECK(o.effective_init_range() == 0.2);
}

TEST_CASE("Word2Vec model names and default learning rates", "[word2vec_trainer]") {
  CHECK(parse_word2vec_model("skipgram") == Word2VecModel::SkipGram);
  CHECK(parse_word2vec_model("cbow") == Word2VecModel::Cbow);
  CHECK_THROWS_AS(parse_word2vec_model("glove"), OptionError);
  CHECK(to_string(Word2VecModel::Cbow) == "cbow");
  Word2VecOptions o;
  CHECK(o.effective_lr() == 0.025);
  o.model = Word2VecModel::Cbow;
  CHECK(o.effective_lr() == 0.05);
  o.lr = 0.01;
  CHECK(o.effective_lr() == 0.01);
  // Subword models take fastText's 0.05 for either architecture.
  Word2VecOptions ft;
  ft.subwords.maxn = 6;
  CHECK(ft.effective_lr() == 0.05);
  ft.lr = 0.02;
  CHECK(ft.effective_lr() == 0.02);
}

TEST_CASE("train_word2vec with subwords: word rows + bucket rows, vectors are their means, unseen words get vectors",
          "[word2vec_trainer][subwords]") {
  TempDir dir("w2v-subwords");
  const auto path = write_topic_corpus(dir, 2000, 5);
  auto corpus = Corpus::open(path.string());
  const auto vocab = all_words(corpus);
  for (const auto model : {Word2VecModel::SkipGram, Word2VecModel::Cbow}) {
    INFO("model " << to_string(model));
    auto options = small_options(model);
    options.subwords = SubwordOptions{2, 4, 1000};
    TrainingSummary summary;
    const auto emb = train_word2vec(corpus, vocab, options, {}, &summary);
    REQUIRE(emb.subwords());
    const auto& sv = *emb.subwords();
    REQUIRE(sv.input.rows() == vocab.size() + 1000);
    REQUIRE(sv.input.cols() == 24);
    REQUIRE(sv.output.rows() == vocab.size());
    CHECK(fasttext_args(emb.metadata(), "trained").model == (model == Word2VecModel::SkipGram ? 2 : 1));
    CHECK(summary.epoch_loss.front() > summary.epoch_loss.back());
    std::vector<std::int32_t> rows;
    std::vector<float> mean(24);
    for (std::size_t w = 0; w < vocab.size(); w += 7) {
      sv.rows_of(vocab.word(w), static_cast<std::int32_t>(w), rows);
      CHECK(rows.size() > 1);
      sv.mean_of(rows, mean.data());
      for (std::size_t k = 0; k < 24; ++k) CHECK(emb.vectors()(static_cast<Eigen::Index>(w), static_cast<Eigen::Index>(k)) == Approx(mean[k]));
    }
    // An unseen word sharing n-grams with a topic word lands nearer that topic's words.
    std::vector<float> v(24);
    REQUIRE(emb.vector_for("t1w3x", v.data()));
    CHECK(Eigen::Map<Eigen::VectorXf>(v.data(), 24).norm() > 0.0f);
    const auto s = topic_scores(emb);
    CHECK(s.within > s.across);
  }
}

namespace {
bool same_floats(const Matrix& a, const Matrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}
}  // namespace

TEST_CASE("train_word2vec --deterministic: 1, 2, 3 and 4 threads give byte-identical vectors, and they learn",
          "[word2vec_trainer][deterministic]") {
  TempDir dir("w2v-deterministic");
  const auto path = write_topic_corpus(dir, 2000, 3);  // ~140 KB: 64 blocks, 16 rounds per epoch
  auto corpus = Corpus::open(path.string());
  const auto vocab = all_words(corpus);
  struct Case {
    const char* name;
    Word2VecModel model;
    bool subwords;
    bool hs;
  };
  for (const Case c : {Case{"skipgram", Word2VecModel::SkipGram, false, false}, Case{"cbow", Word2VecModel::Cbow, false, false},
                       Case{"fasttext", Word2VecModel::SkipGram, true, false},
                       Case{"fasttext cbow", Word2VecModel::Cbow, true, false},
                       Case{"skipgram hs", Word2VecModel::SkipGram, false, true}}) {
    INFO("model " << c.name);
    auto options = small_options(c.model);
    options.epochs = 3;
    options.sample = 1e-3;
    options.deterministic = true;
    if (c.subwords) {
      options.subwords = SubwordOptions{2, 4, 500};
      options.lr = 0.02;  // 36 words share 500 n-gram rows: four blocks adding their changes to them overshoot at 0.05
    }
    if (c.hs) {
      options.loss = Word2VecLoss::HierarchicalSoftmax;
      options.negative = 0;
    }
    options.threads = 1;
    TrainingSummary summary;
    const auto one = train_word2vec(corpus, vocab, options, {}, &summary);
    CHECK(summary.epoch_loss.front() > summary.epoch_loss.back());
    for (const int threads : {2, 3, 4}) {
      INFO("threads " << threads);
      options.threads = threads;
      TrainingSummary again;
      const auto other = train_word2vec(corpus, vocab, options, {}, &again);
      CHECK(same_floats(one.vectors(), other.vectors()));
      CHECK(again.epoch_loss == summary.epoch_loss);
      if (c.subwords) {
        REQUIRE(other.subwords());
        CHECK(std::memcmp(one.subwords()->input.row(0), other.subwords()->input.row(0),
                          sizeof(float) * one.subwords()->input.rows() * one.subwords()->input.cols()) == 0);
      }
    }
    if (!c.hs) {
      const TopicScores s = topic_scores(one);
      CHECK(s.within > s.across + 0.2);
    }
    options.seed = 99;
    CHECK_FALSE(same_floats(one.vectors(), train_word2vec(corpus, vocab, options).vectors()));
  }
}
