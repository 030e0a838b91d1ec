// fastText's supervised model: training reaches a separable set, the .bin round-trips, the
// dictionary and word n-grams follow fastText's getLine, bad input is refused.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/eval/classifier_eval.hpp"
#include "wordvec/io/fasttext_format.hpp"
#include "wordvec/train/supervised_trainer.hpp"

using namespace wordvec;
using wordvec::test::TempDir;
namespace fs = std::filesystem;

namespace {

// Three classes, each with its own 8 words; every line has 6 words of its class. Line l of class
// l % 3; the third class's lines also carry a second label.
std::string separable_text(int lines, unsigned seed) {
  std::mt19937 rng(seed);
  std::string text;
  for (int l = 0; l < lines; ++l) {
    const int c = l % 3;
    text += fmt::format("__label__c{}", c);
    if (c == 2) text += " __label__extra";
    for (int k = 0; k < 6; ++k) text += fmt::format(" w{}_{}", c, rng() % 8);
    text += '\n';
  }
  return text;
}

fs::path write_file(const TempDir& dir, const std::string& name, const std::string& text) {
  const fs::path path = dir.path / name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

SupervisedOptions small_options(SupervisedLoss loss) {
  SupervisedOptions o;
  o.dim = 10;
  o.epochs = 5;
  o.lr = 0.5;
  o.threads = 2;
  o.loss = loss;
  o.word_ngrams = 2;
  o.bucket = 1000;
  return o;
}

}  // namespace

TEST_CASE("supervised: every loss reaches 100% on a separable set, and the .bin reads back the same", "[supervised]") {
  TempDir dir("supervised");
  const std::string text = separable_text(600, 3);
  const fs::path train = write_file(dir, "train.txt", text);
  const Corpus corpus = Corpus::open(train.string());
  for (const auto loss : {SupervisedLoss::Softmax, SupervisedLoss::NegativeSampling, SupervisedLoss::HierarchicalSoftmax,
                          SupervisedLoss::OneVsAll}) {
    INFO("loss " << to_string(loss));
    TrainingSummary summary;
    const SupervisedModel model = train_supervised(corpus, small_options(loss), {}, &summary);
    CHECK(model.labels.size() == 4);
    CHECK(model.words.size() == 25);  // 24 words and </s>
    CHECK(model.params.input.rows() == 25 + 1000);
    REQUIRE(summary.epoch_loss.size() == 5);
    CHECK(summary.epoch_loss.back() < summary.epoch_loss.front());

    std::istringstream in(text);
    const ClassifierTest test = test_classifier(model, in, 1, 0.0f);
    CHECK(test.examples == 600);
    CHECK(test.all.predicted == 600);
    // The first label of every line is its class; c2 lines also carry "extra", which a k = 1 test
    // cannot both predict: precision is what must be perfect.
    CHECK(test.all.precision() == 1.0);

    const fs::path bin = dir.path / "model.bin";
    write_fasttext_supervised(model, bin);
    const SupervisedModel back = read_fasttext_supervised(bin);
    CHECK(back.words.words() == model.words.words());
    CHECK(back.labels.words() == model.labels.words());
    CHECK(back.loss == loss);
    std::istringstream again(text);
    const ClassifierTest test2 = test_classifier(back, again, 2, 0.0f);
    std::istringstream third(text);
    const ClassifierTest test3 = test_classifier(model, third, 2, 0.0f);
    CHECK(test2.all.predicted_gold == test3.all.predicted_gold);
    CHECK(test2.all.predicted == test3.all.predicted);
  }
}

TEST_CASE("supervised: a line's input follows fastText's getLine", "[supervised]") {
  SupervisedModel m;
  m.words.add("a", 3);
  m.words.add("</s>", 2);
  m.labels.add("__label__x", 2);
  m.word_ngrams = 2;
  m.params.options.maxn = 0;
  m.params.options.bucket = 100;
  m.params.words = 2;
  m.params.input = MatrixBuffer(102, 4);
  LineInput line;
  m.read_line("__label__x a  unknown __label__unseen", true, line);
  CHECK(line.labels == std::vector<std::int32_t>{0});
  CHECK(line.tokens == 5);  // the unseen label counts as a token, "</s>" too
  // a, then no row for the unknown word, then "</s>"; then the n-grams (a unknown), (unknown </s>).
  REQUIRE(line.rows.size() == 4);
  CHECK(line.rows[0] == 0);
  CHECK(line.rows[1] == 1);
  const auto hash = [](const char* s) { return static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int32_t>(fasttext_hash(s)))); };
  CHECK(line.rows[2] == 2 + static_cast<std::int32_t>((hash("a") * 116049371u + hash("unknown")) % 100));
  CHECK(line.rows[3] == 2 + static_cast<std::int32_t>((hash("unknown") * 116049371u + hash("</s>")) % 100));
}

TEST_CASE("supervised: bad input is refused", "[supervised]") {
  TempDir dir("supervised-bad");
  const fs::path none = write_file(dir, "nolabels.txt", "just some words\nand more words\n");
  CHECK_THROWS_AS(train_supervised(Corpus::open(none.string()), small_options(SupervisedLoss::Softmax)), DataError);
  SupervisedOptions o;
  o.word_ngrams = 0;
  CHECK_THROWS_AS(o.validate(), OptionError);
  CHECK_THROWS_AS(parse_supervised_loss("softmaxx"), OptionError);
  // An unsupervised .bin is not a classifier; a truncated one is a format error.
  const fs::path junk = write_file(dir, "junk.bin", "not a model");
  CHECK_THROWS_AS(read_fasttext_supervised(junk), FormatError);
}
