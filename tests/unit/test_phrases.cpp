// Phrase detection: scores computed by hand on tiny corpora, greedy joining, connector words,
// pruning, two passes and the saved phrase list.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "wordvec/core/error.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/phrases/phrase_corpus.hpp"
#include "wordvec/phrases/phrase_model.hpp"
#include "wordvec/phrases/phrases_options.hpp"

using namespace wordvec;
using wordvec::test::TempDir;
namespace fs = std::filesystem;

namespace {

fs::path write_file(const TempDir& dir, const std::string& name, const std::string& text) {
  const auto path = dir.path / name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string_view> split(const std::string& line) {
  std::vector<std::string_view> out;
  std::size_t p = 0;
  while (p < line.size()) {
    const auto q = std::min(line.find(' ', p), line.size());
    out.emplace_back(line.data() + p, q - p);
    p = q + 1;
  }
  return out;
}

std::string join_line(const PhraseModel& m, const std::string& line) {
  std::string out;
  m.join(split(line), out);
  return out;
}

// a 3, b 3, c 2, d 2; ab 3, bc 1, bd 1, cd 1; N = 10 tokens.
const char* kAbcd = "a b c\na b d\na b\nc d\n";

}  // namespace

TEST_CASE("phrase_score: word2vec's and gensim's npmi formulas on hand-computed counts", "[phrases]") {
  // word2phrase: (3 - 1) / (3 * 3) * 10 = 20/9.
  CHECK(phrase_score(PhraseScoring::Word2Vec, 3, 3, 3, 1, 10) == Approx(20.0 / 9.0));
  CHECK(phrase_score(PhraseScoring::Word2Vec, 2, 2, 1, 1, 10) == 0.0);
  CHECK(phrase_score(PhraseScoring::Word2Vec, 100, 50, 30, 5, 1000) == Approx(25.0 / 5000.0 * 1000.0));
  // npmi: ln(p_ab / (p_a p_b)) / -ln(p_ab). a and b always together: 1.
  CHECK(phrase_score(PhraseScoring::Npmi, 3, 3, 3, 1, 10) == Approx(1.0));
  // c d: ln(0.1 / 0.04) / -ln(0.1) = 0.397940...
  CHECK(phrase_score(PhraseScoring::Npmi, 2, 2, 1, 1, 10) == Approx(std::log(2.5) / std::log(10.0)));
  CHECK(phrase_score(PhraseScoring::Npmi, 3, 2, 1, 1, 10) == Approx(0.2218487).epsilon(1e-6));
  // Under min_count: never a phrase.
  CHECK(std::isinf(phrase_score(PhraseScoring::Npmi, 3, 2, 1, 2, 10)));
  CHECK(std::isinf(phrase_score(PhraseScoring::Word2Vec, 0, 2, 1, 1, 10)));
}

TEST_CASE("PhraseModel counts pairs inside lines and joins those above the threshold", "[phrases]") {
  TempDir dir("phrases-abcd");
  auto corpus = Corpus::open(write_file(dir, "c.txt", kAbcd).string());
  PhrasesOptions o;
  o.min_count = 1;
  o.thresholds = {1.0};
  for (const int threads : {1, 3}) {
    o.threads = threads;
    const auto m = PhraseModel::learn(corpus, o, 0);
    CHECK(m.stats().tokens == 10);
    CHECK(m.stats().candidates == 4);  // ab, bc, bd, cd: nothing across lines
    const auto found = m.phrases();
    REQUIRE(found.size() == 1);
    CHECK(found[0].phrase == "a_b");
    CHECK(found[0].score == Approx(20.0 / 9.0));
    CHECK(found[0].count == 3);
    CHECK(join_line(m, "a b c") == "a_b c\n");
    CHECK(join_line(m, "c d") == "c d\n");
    CHECK(join_line(m, "b a b x a") == "b a_b x a\n");
  }
  o.scoring = PhraseScoring::Npmi;
  o.thresholds = {0.3};
  const auto npmi = PhraseModel::learn(corpus, o, 0);
  const auto found = npmi.phrases();
  REQUIRE(found.size() == 2);
  CHECK(found[0].phrase == "a_b");
  CHECK(found[1].phrase == "c_d");
  CHECK(found[1].score == Approx(std::log(2.5) / std::log(10.0)));
  CHECK(join_line(npmi, "c d a b") == "c_d a_b\n");
  // Greedy from the left: b c scores 0.22 < 0.3 but with a lower threshold "a b c" still joins a_b first.
  o.thresholds = {0.1};
  const auto low = PhraseModel::learn(corpus, o, 0);
  CHECK(join_line(low, "a b c") == "a_b c\n");
  CHECK(join_line(low, "b c d") == "b_c d\n");
}

TEST_CASE("PhraseModel: min_count keeps rare words and pairs out; connector words sit inside phrases", "[phrases]") {
  TempDir dir("phrases-connectors");
  auto corpus = Corpus::open(write_file(dir, "c.txt", "bank of america\nbank of america\nthe bank\n").string());
  PhrasesOptions o;
  o.min_count = 1;
  o.thresholds = {1.0};
  o.connector_words = english_connector_words();
  const auto m = PhraseModel::learn(corpus, o, 0);
  // bank 3, america 2, N = 8: (2 - 1) / (3 * 2) * 8 = 4/3; "the bank" is no candidate (the starts nothing).
  const auto found = m.phrases();
  REQUIRE(found.size() == 1);
  CHECK(found[0].phrase == "bank_of_america");
  CHECK(found[0].score == Approx(4.0 / 3.0));
  CHECK(join_line(m, "the bank of america of") == "the bank_of_america of\n");
  CHECK(join_line(m, "of bank of the america") == "of bank of the america\n");
  // Without connectors, of is an ordinary word: "bank of" 2 -> (2-1)/(3*2)*8 = 4/3 too.
  o.connector_words.clear();
  const auto plain = PhraseModel::learn(corpus, o, 0);
  CHECK(join_line(plain, "bank of america") == "bank_of america\n");
  // min_count 3: america (2) is too rare for any phrase.
  o.min_count = 3;
  o.thresholds = {0.0};
  o.connector_words = english_connector_words();
  CHECK(PhraseModel::learn(corpus, o, 0).phrases().empty());
}

TEST_CASE("PhraseModel prunes the rarest candidates past max_candidates", "[phrases]") {
  TempDir dir("phrases-prune");
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    // Appended piece by piece: "w" + std::to_string(...) trips GCC 12's -Wrestrict false positive.
    text += 'w';
    text += std::to_string(i % 1500);
    text += " v";
    text += std::to_string(i % 1499);
    text += '\n';
    text += "new york\n";
  }
  auto corpus = Corpus::open(write_file(dir, "c.txt", text).string());
  PhrasesOptions o;
  o.min_count = 2;
  o.thresholds = {1.0};  // new york: (3000 - 2) / 3000^2 * 12000 = 4.0
  o.max_candidates = 1000;
  const auto m = PhraseModel::learn(corpus, o, 0);
  CHECK(m.stats().pruned > 0);
  CHECK(m.stats().candidates <= 1000);
  CHECK(join_line(m, "new york") == "new_york\n");
}

TEST_CASE("make_phrases: two passes make trigrams, the phrase list is saved, bad options refused", "[phrases]") {
  TempDir dir("phrases-job");
  std::string text;
  // Pass 1 (N = 100): new york (20 - 2) / (20 * 20) * 100 = 4.5 > 3; york times, the times 2.25.
  // Pass 2 (N = 80): new_york times (20 - 2) / (20 * 40) * 80 = 1.8 > 1.
  for (int i = 0; i < 20; ++i) text += "new york times\nthe times\n";
  const auto in = write_file(dir, "in.txt", text);
  PhrasesOptions o;
  o.min_count = 2;
  o.thresholds = {3.0, 1.0};
  o.passes = 2;
  o.threads = 2;
  const auto out = dir.path / "out.txt", list = dir.path / "phrases.tsv";
  const auto report = make_phrases(in.string(), out, o, list);
  REQUIRE(report.passes.size() == 2);
  const auto result = read_file(out);
  CHECK(result.substr(0, result.find('\n')) == "new_york_times");
  CHECK(report.joined == std::vector<std::uint64_t>{20, 40});
  const auto saved = read_file(list);
  CHECK(saved.find("new_york\t") != std::string::npos);
  CHECK(saved.find("new_york_times\t") != std::string::npos);
  // No intermediate file left behind.
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path)) ++files;
  CHECK(files == 3);

  PhrasesOptions bad;
  bad.passes = 0;
  CHECK_THROWS_AS(bad.validate(), OptionError);
  bad = {};
  bad.scoring = PhraseScoring::Npmi;
  bad.thresholds = {2.0};
  CHECK_THROWS_AS(bad.validate(), OptionError);
  bad = {};
  bad.delimiter = " ";
  CHECK_THROWS_AS(bad.validate(), OptionError);
  CHECK_THROWS_AS(make_phrases((dir.path / "missing.txt").string(), dir.path / "x.txt", o), IoError);
  CHECK(!fs::exists(dir.path / "x.txt"));
  CHECK(parse_phrase_scoring("npmi") == PhraseScoring::Npmi);
  CHECK_THROWS_AS(parse_phrase_scoring("pmi"), OptionError);
}
