// GloVe: co-occurrence counting (exact, hand-computed; spilled and merged = in memory), the
// Stanford binary co-occurrence format, and AdaGrad training.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/io/glove_cooccur_format.hpp"
#include "wordvec/query/similarity_index.hpp"
#include "wordvec/cooccur/cooccurrence_counter.hpp"
#include "wordvec/train/glove_options.hpp"
#include "wordvec/pipeline/train_jobs.hpp"
#include "wordvec/train/glove_trainer.hpp"
#include "wordvec/vocab/vocab.hpp"

using namespace wordvec;
using wordvec::test::TempDir;
namespace fs = std::filesystem;

namespace {

fs::path write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

Vocab vocab_of(Corpus& corpus, std::uint64_t min_count = 1) {
  VocabOptions o;
  o.min_count = min_count;
  return build_vocab(corpus, o);
}

// Directed (word, context) -> value, mirrors of paired records expanded.
std::map<std::pair<std::string, std::string>, double> directed(const CooccurrenceRecords& r, const Vocab& v) {
  std::map<std::pair<std::string, std::string>, double> out;
  for (std::size_t i = 0; i < r.size(); ++i) {
    out[{v.word(r[i].w1), v.word(r[i].w2)}] += r[i].value;
    if (r.paired() && r[i].w1 != r[i].w2) out[{v.word(r[i].w2), v.word(r[i].w1)}] += r[i].value;
  }
  return out;
}

std::vector<std::tuple<std::uint32_t, std::uint32_t, float>> as_tuples(const CooccurrenceRecords& r) {
  std::vector<std::tuple<std::uint32_t, std::uint32_t, float>> out;
  for (std::size_t i = 0; i < r.size(); ++i) out.emplace_back(r[i].w1, r[i].w2, r[i].value);
  return out;
}

// Zipf-like random text: many distinct pairs, frequent words and rare ones.
std::string zipf_text(int lines, int vocab, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<double> weights;
  for (int i = 1; i <= vocab; ++i) weights.push_back(1.0 / i);
  std::discrete_distribution<int> word(weights.begin(), weights.end());
  std::uniform_int_distribution<int> length(1, 30);
  std::string text;
  for (int l = 0; l < lines; ++l) {
    const int n = length(rng);
    for (int k = 0; k < n; ++k) text += fmt::format("{}w{}", k ? " " : "", word(rng));
    text += '\n';
  }
  return text;
}

bool is_empty_dir(const fs::path& dir) { return fs::is_empty(dir); }

}  // namespace

TEST_CASE("co-occurrence counts on a tiny corpus equal the hand-computed values", "[glove]") {
  TempDir dir("glove-hand");
  // Line 1: x y z x (window 2): x-y at d=1 and d=2 (1 + 1/2), y-z at d=1, x-z at d=2 and d=1.
  // Line 2: x x: x-x at d=1 counts from both sides (2). Lines do not see each other.
  Corpus corpus = Corpus::open(write_file(dir.path / "c.txt", "x y z x\nx x\n").string());
  const Vocab vocab = vocab_of(corpus);
  REQUIRE(vocab.word(0) == "x");
  CooccurrenceOptions o;
  o.window = 2;
  o.temp_dir = dir.path;
  CooccurrenceStats stats;
  const CooccurrenceRecords records = count_cooccurrences(corpus, vocab, o, &stats);
  const auto got = directed(records, vocab);
  const std::map<std::pair<std::string, std::string>, double> expected = {
      {{"x", "y"}, 1.5}, {{"y", "x"}, 1.5}, {{"y", "z"}, 1.0}, {{"z", "y"}, 1.0},
      {{"x", "z"}, 1.5}, {{"z", "x"}, 1.5}, {{"x", "x"}, 2.0}};
  CHECK(got == expected);
  CHECK(stats.records == 7);
  CHECK(stats.tokens == 6);
  CHECK(stats.pairs == 6);  // line 1: 0 + 1 + 2 + 2, line 2: 0 + 1

  SECTION("window 1 and out-of-vocabulary words removed before windowing") {
    Corpus c2 = Corpus::open(write_file(dir.path / "d.txt", "a rare b a\nb a\n").string());
    VocabOptions vo;
    vo.min_count = 2;  // drops "rare": a and b become adjacent
    const Vocab v2 = build_vocab(c2, vo);
    o.window = 1;
    const auto g2 = directed(count_cooccurrences(c2, v2, o), v2);
    const std::map<std::pair<std::string, std::string>, double> e2 = {{{"a", "b"}, 3.0}, {{"b", "a"}, 3.0}};
    CHECK(g2 == e2);
  }
}

TEST_CASE("a tiny memory budget forces spills and merges yet gives exactly the in-memory counts", "[glove]") {
  TempDir dir("glove-spill");
  Corpus corpus = Corpus::open(write_file(dir.path / "c.txt", zipf_text(3000, 2000, 11)).string());
  const Vocab vocab = vocab_of(corpus);
  CooccurrenceOptions big;
  big.window = 5;
  big.threads = 1;
  big.temp_dir = dir.path / "spill-big";
  fs::create_directories(big.temp_dir);
  CooccurrenceStats big_stats;
  const auto in_memory = as_tuples(count_cooccurrences(corpus, vocab, big, &big_stats));
  CHECK(big_stats.spill_files == 0);
  CHECK(big_stats.dense_words == vocab.size());  // everything fits in the dense block

  CooccurrenceOptions tiny = big;
  tiny.threads = 3;
  tiny.memory_bytes = 64 * 1024;
  tiny.max_fan_in = 3;
  tiny.temp_dir = dir.path / "spill-tiny";
  fs::create_directories(tiny.temp_dir);
  CooccurrenceStats tiny_stats;
  const auto spilled = as_tuples(count_cooccurrences(corpus, vocab, tiny, &tiny_stats));
  CHECK(tiny_stats.dense_words < 100);
  CHECK(tiny_stats.runs > 10);
  CHECK(tiny_stats.spill_files > 3);
  CHECK(tiny_stats.merge_passes > 0);
  CHECK(tiny_stats.records == big_stats.records);
  CHECK(tiny_stats.pairs == big_stats.pairs);
  REQUIRE(spilled.size() == in_memory.size());
  CHECK(spilled == in_memory);  // bit for bit: fixed-point sums do not depend on the order
  CHECK(is_empty_dir(tiny.temp_dir));  // the spill directory is gone
  CHECK(is_empty_dir(big.temp_dir));
}

TEST_CASE("cancelling a count removes its spill files", "[glove]") {
  TempDir dir("glove-cancel");
  Corpus corpus = Corpus::open(write_file(dir.path / "c.txt", zipf_text(20000, 3000, 5)).string());
  const Vocab vocab = vocab_of(corpus);
  CancellationSource stop;
  CooccurrenceOptions o;
  o.window = 5;
  o.memory_bytes = 64 * 1024;
  o.temp_dir = dir.path / "spill";
  o.cancel = stop.token();
  fs::create_directories(o.temp_dir);
  bool saw_spill = false;
  auto progress = [&](const Progress&) {
    for (const auto& sub : fs::directory_iterator(o.temp_dir))
      if (!fs::is_empty(sub.path())) saw_spill = true;
    if (saw_spill) stop.request();
  };
  CHECK_THROWS_AS(count_cooccurrences(corpus, vocab, o, nullptr, progress), Cancelled);
  CHECK(is_empty_dir(o.temp_dir));
}

TEST_CASE("the Stanford co-occurrence format round-trips and rejects corrupt files", "[glove]") {
  TempDir dir("glove-format");
  CooccurrenceRecords paired(true);
  paired.push_back({0, 0, 4.0f});
  paired.push_back({2, 1, 0.5f});
  const fs::path file = dir.path / "co.bin";
  CHECK(write_glove_cooccurrences(paired, file) == 3);
  CHECK(fs::file_size(file) == 48);
  {
    // Stanford layout: int32 w1, int32 w2, float64, 1-based.
    std::ifstream in(file, std::ios::binary);
    std::int32_t w[2];
    double v;
    in.read(reinterpret_cast<char*>(w), 8).read(reinterpret_cast<char*>(&v), 8);
    CHECK(w[0] == 1);
    CHECK(w[1] == 1);
    CHECK(v == 4.0);
  }
  const CooccurrenceRecords back = read_glove_cooccurrences(file, 3);
  CHECK_FALSE(back.paired());
  REQUIRE(back.size() == 3);
  CHECK(back[1].w1 == 2);
  CHECK(back[1].w2 == 1);
  CHECK(back[2].w1 == 1);
  CHECK(back[2].w2 == 2);
  CHECK(back[2].value == 0.5f);
  CHECK(looks_like_glove_cooccurrences(std::string(16, '\0'), 16) == false);

  SECTION("size not a multiple of 16") {
    fs::resize_file(file, 40);
    CHECK_THROWS_WITH(read_glove_cooccurrences(file, 3), Catch::Contains("co.bin") && Catch::Contains("multiple of 16"));
  }
  SECTION("word id out of range") {
    CHECK_THROWS_WITH(read_glove_cooccurrences(file, 2),
                      Catch::Contains("record 2") && Catch::Contains("1..2") && Catch::Contains("got 3"));
  }
  SECTION("value not positive") {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    const double bad = -1.0;
    f.seekp(16 + 8).write(reinterpret_cast<const char*>(&bad), 8);
    f.close();
    CHECK_THROWS_AS(read_glove_cooccurrences(file, 3), FormatError);
  }
  SECTION("empty file") {
    fs::resize_file(file, 0);
    CHECK_THROWS_AS(read_glove_cooccurrences(file, 3), FormatError);
  }
}

namespace {
// Two topics: each line is about one of them, 4 words in 5 from its topic, the rest from the
// other. GloVe only fits the counts it sees, so the topics must show as a contrast between high
// in-topic and low cross-topic counts: were the cross-topic counts absent, the biases alone would
// fit the (all alike) in-topic counts and the vectors would learn nothing, in Stanford's glove.c
// as here.
std::string topic_text() {
  std::mt19937 rng(7);
  const char* animals[] = {"cat", "dog", "mouse", "horse", "cow", "sheep", "goat", "pig"};
  const char* colours[] = {"red", "green", "blue", "yellow", "black", "white", "brown", "pink"};
  std::string text;
  for (int l = 0; l < 2000; ++l) {
    for (int k = 0; k < 12; ++k) {
      text += k ? " " : "";
      const bool animal = (l % 2 == 0) == (rng() % 5 != 0);
      text += (animal ? animals : colours)[rng() % 8];
    }
    text += '\n';
  }
  return text;
}
}  // namespace

TEST_CASE("GloVe training: the cost falls over the epochs and the topics are found", "[glove]") {
  TempDir dir("glove-train");
  const fs::path corpus = write_file(dir.path / "c.txt", topic_text());
  VocabOptions vo;
  vo.min_count = 1;
  GloveOptions o;
  o.dim = 16;
  o.epochs = 12;
  // One thread makes the run deterministic: with two, Hogwild's interleaving of updates makes a
  // late epoch's cost on this tiny corpus occasionally tie or tick up, and the strict check below
  // would fail at random. Counting and training with several threads have their own tests.
  o.threads = 1;
  o.x_max = 10;
  o.temp_dir = dir.path;
  GloveReport report;
  const Embeddings emb = train_glove(corpus.string(), vo, o, {}, {}, &report);
  const auto& cost = report.training.epoch_loss;
  REQUIRE(cost.size() == 12);
  for (std::size_t e = 1; e < cost.size(); ++e) CHECK(cost[e] < cost[e - 1]);
  CHECK(cost.back() < 0.2 * cost.front());
  CHECK(emb.metadata().at("model") == "glove");
  const SimilarityIndex index(emb);
  const auto near = index.most_similar({"cat"}, {}, 7);
  for (const auto& n : near) CHECK(std::string("dog mouse horse cow sheep goat pig").find(n.word) != std::string::npos);

  SECTION("training from a saved co-occurrence file") {
    const fs::path file = dir.path / "co.bin";
    GloveReport r1;
    GloveFiles save, load;
    save.save_cooccur = file;
    load.cooccur = file;
    train_glove(corpus.string(), vo, o, save, {}, &r1);
    CHECK(fs::file_size(file) == 16 * r1.records);
    GloveReport r2;
    const Embeddings from_file = train_glove(corpus.string(), vo, o, load, {}, &r2);
    CHECK(r2.records == r1.records);
    CHECK(r2.training.epoch_loss.back() < 0.2 * r2.training.epoch_loss.front());
  }
}

TEST_CASE("GloVe training stops with a clear error when the cost is not finite", "[glove]") {
  Vocab vocab;
  vocab.add("a", 10);
  vocab.add("b", 10);
  CooccurrenceRecords records(true);
  records.push_back({0, 1, 2.0f});
  records.push_back({1, 1, 0.0f});  // log 0 = -inf: the prediction error is infinite
  GloveOptions o;
  o.dim = 4;
  o.epochs = 3;
  CHECK_THROWS_WITH(train_glove(records, vocab, o),
                    Catch::Contains("diverged in epoch 1") && Catch::Contains("(b, b, 0)") &&
                        Catch::Contains("no output written"));
}

TEST_CASE("GloVe vectors and biases start uniform within +-r, r = 0.5/sqrt(dim) unless init_range is set", "[glove]") {
  Vocab vocab;
  vocab.add("a", 10);
  vocab.add("b", 10);
  vocab.add("z", 10);  // in no record: its output, w + c, is the sum of its two starting rows
  CooccurrenceRecords records(true);
  records.push_back({0, 1, 3.0f});
  GloveOptions o;
  o.dim = 16;
  o.epochs = 1;
  CHECK(o.effective_init_range() == Approx(0.125));
  for (const double range : {0.0, 0.01}) {
    INFO("init_range " << range);
    o.init_range = range;
    const double r = o.effective_init_range();
    const Embeddings emb = train_glove(records, vocab, o);
    const float largest = emb.vectors().row(2).cwiseAbs().maxCoeff();
    CHECK(largest <= 2 * r);
    CHECK(largest > r / 2);  // 16 sums of two uniform draws: below r/2 by a chance of 0.44^16
    CHECK(emb.metadata().at("init_range") == fmt::format("{}", r));
  }
  o.dim = 100;
  o.init_range = 0;
  CHECK(o.effective_init_range() == Approx(0.05));
}

TEST_CASE("GloVe options are validated", "[glove]") {
  GloveOptions o;
  o.x_max = 0;
  CHECK_THROWS_AS(o.validate(), OptionError);
  o = GloveOptions{};
  o.memory_gb = 0;
  CHECK_THROWS_WITH(o.validate(), Catch::Contains("--memory"));
  o = GloveOptions{};
  o.window = 0;
  CHECK_THROWS_WITH(o.validate(), Catch::Contains("--window"));
  o = GloveOptions{};
  o.init_range = -1;
  CHECK_THROWS_WITH(o.validate(), Catch::Contains("--init-range"));
}

TEST_CASE("StridedOrder is a permutation whose neighbours are far apart", "[glove]") {
  for (std::size_t n = 1; n <= 3000; n += (n < 50 ? 1 : 37)) {
    const StridedOrder order(n);
    std::vector<char> seen(n, 0);
    std::size_t adjacent = 0;
    for (std::size_t v = 0; v < n; ++v) {
      const std::size_t i = order(v);
      REQUIRE(i < n);
      REQUIRE(seen[i] == 0);
      seen[i] = 1;
      if (v > 0) {
        const std::size_t prev = order(v - 1);
        if (i == prev + 1 || prev == i + 1) ++adjacent;
      }
    }
    // Neighbours in the first (identity) order stay neighbours only where P mod n is +-1.
    if (n > 10) {
      const std::uint64_t step = 2654435761ULL % n;
      if (step != 1 && step != n - 1) CHECK(adjacent == 0);
    }
  }
}

TEST_CASE("GloVe --deterministic: 1, 2, 3 and 4 threads give byte-identical vectors, and they learn", "[glove][deterministic]") {
  TempDir dir("glove-deterministic");
  const fs::path corpus = write_file(dir.path / "c.txt", topic_text() + zipf_text(3000, 400, 4));
  VocabOptions vo;
  vo.min_count = 1;
  GloveOptions o;
  o.dim = 16;
  o.epochs = 6;
  o.x_max = 10;
  o.temp_dir = dir.path;
  o.deterministic = true;
  o.threads = 1;
  GloveReport one;
  const Embeddings first = train_glove(corpus.string(), vo, o, {}, {}, &one);
  for (std::size_t e = 1; e < one.training.epoch_loss.size(); ++e)
    CHECK(one.training.epoch_loss[e] < one.training.epoch_loss[e - 1]);
  CHECK(one.training.epoch_loss.back() < 0.7 * one.training.epoch_loss.front());
  const SimilarityIndex index(first);
  CHECK(index.similarity("cat", "dog") > index.similarity("cat", "w7"));
  for (const int threads : {2, 3, 4}) {
    INFO("threads " << threads);
    o.threads = threads;
    GloveReport r;
    const Embeddings again = train_glove(corpus.string(), vo, o, {}, {}, &r);
    REQUIRE(again.vectors().size() == first.vectors().size());
    CHECK(std::memcmp(first.vectors().data(), again.vectors().data(), sizeof(float) * static_cast<std::size_t>(first.vectors().size())) == 0);
    CHECK(r.training.epoch_loss == one.training.epoch_loss);
  }
}
