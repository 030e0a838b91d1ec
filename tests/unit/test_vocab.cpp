// Vocab and build_vocab: counting, filtering, ordering, truncation, threads.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/core/progress.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/vocab/vocab.hpp"
#include "wordvec/io/vocab_file.hpp"

using namespace wordvec;
using wordvec::test::TempDir;
namespace fs = std::filesystem;

namespace {

fs::path write_file(const TempDir& dir, const std::string& name, const std::string& text) {
  const auto path = dir.path / name;
  std::ofstream out(path, std::ios::binary);
  out << text;
  return path;
}

Vocab vocab_of(const fs::path& path, std::uint64_t min_count, std::uint64_t max_vocab = 0, int threads = 1,
               VocabStats* stats = nullptr, VocabTies ties = VocabTies::FirstSeen) {
  auto corpus = Corpus::open(path.string());
  VocabOptions o;
  o.ties = ties;
  o.min_count = min_count;
  o.max_vocab = max_vocab;
  o.threads = threads;
  return build_vocab(corpus, o, stats);
}

std::vector<std::pair<std::string, std::uint64_t>> entries(const Vocab& v) {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  for (std::size_t i = 0; i < v.size(); ++i) out.emplace_back(v.word(i), v.count(i));
  return out;
}

using Entries = std::vector<std::pair<std::string, std::uint64_t>>;

// First occurrences: b a c d e f g. Counts: a 3; b c d e 2; f g 1.
const char* const kSmall = "b a c a\nb a d e\n\n  e d  c\tf\r\ng";

}  // namespace

TEST_CASE("Vocab add, find, counts and duplicates", "[vocab]") {
  Vocab v;
  CHECK(v.empty());
  CHECK(v.add("the", 10) == 0);
  CHECK(v.add("cat", 3) == 1);
  CHECK(v.add("naïve", 0) == 2);
  CHECK(v.size() == 3);
  CHECK(v.find("cat") == 1);
  CHECK(v.find("dog") == -1);
  CHECK(v.contains("naïve"));
  CHECK_FALSE(v.contains("naive"));
  CHECK(v.word(2) == "naïve");
  CHECK(v.count(0) == 10);
  CHECK(v.total_count() == 13);
  CHECK(v.words() == std::vector<std::string>{"the", "cat", "naïve"});
  CHECK_THROWS_AS(v.add("cat", 1), FormatError);
  CHECK(v.size() == 3);
  CHECK(v.total_count() == 13);
}

TEST_CASE("Vocab truncate keeps the first words and their counts", "[vocab]") {
  Vocab v;
  for (int i = 0; i < 2000; ++i) v.add(fmt::format("w{}", i), static_cast<std::uint64_t>(3000 - i));
  v.truncate(5000);
  CHECK(v.size() == 2000);
  v.truncate(3);
  CHECK(v.size() == 3);
  CHECK(v.words() == std::vector<std::string>{"w0", "w1", "w2"});
  CHECK(v.total_count() == 3000 + 2999 + 2998);
  CHECK(v.find("w3") == -1);
  CHECK(v.find("w2") == 2);
  CHECK(v.add("w3", 1) == 3);
}

TEST_CASE("build_vocab counts, sorts by count and breaks ties by first occurrence", "[vocab]") {
  TempDir dir("vocab");
  const auto path = write_file(dir, "small.txt", kSmall);
  VocabStats stats;
  const auto v = vocab_of(path, 1, 0, 1, &stats);
  CHECK(entries(v) == Entries{{"a", 3}, {"b", 2}, {"c", 2}, {"d", 2}, {"e", 2}, {"f", 1}, {"g", 1}});
  CHECK(v.total_count() == 13);
  CHECK(stats.tokens == 13);
  CHECK(stats.distinct == 7);
  CHECK(stats.kept_tokens == 13);
  CHECK(stats.lines == 4);
}

TEST_CASE("build_vocab with byte-order ties numbers words as Stanford's vocab_count", "[vocab]") {
  TempDir dir("vocab");
  // vocab_count compares bytes as signed chars: a word that is a prefix of another comes first,
  // unless the other continues with a byte >= 0x80 (negative), which then comes first.
  const auto path = write_file(dir, "ties.txt", "zeta ab abc ab\xc3\xa9 b a\nzeta ab abc ab\xc3\xa9 b a a\n");
  for (const int threads : {1, 3}) {
    const auto v = vocab_of(path, 1, 0, threads, nullptr, VocabTies::Bytes);
    CHECK(entries(v) == Entries{{"a", 3}, {"ab\xc3\xa9", 2}, {"ab", 2}, {"abc", 2}, {"b", 2}, {"zeta", 2}});
  }
  // max_vocab cuts after the byte-order sort.
  CHECK(entries(vocab_of(path, 1, 2, 1, nullptr, VocabTies::Bytes)) == Entries{{"a", 3}, {"ab\xc3\xa9", 2}});
  // The default keeps first occurrences first.
  CHECK(vocab_of(path, 1).word(1) == "zeta");
}

TEST_CASE("vocabulary files round-trip and reject malformed lines", "[vocab]") {
  TempDir dir("vocab");
  Vocab v;
  v.add("the", 10);
  v.add("caf\xc3\xa9", 4);
  v.add("x", 0);
  const auto path = dir.path / "v.txt";
  write_vocab_file(v, path);
  CHECK(wordvec::test::slurp(path) == "the 10\ncaf\xc3\xa9 4\nx 0\n");
  const Vocab back = read_vocab_file(path);
  CHECK(entries(back) == entries(v));
  // Blank lines and trailing whitespace are fine; CRLF too.
  CHECK(entries(read_vocab_file(write_file(dir, "crlf.txt", "a 3\r\n\n b 2 \r\n"))) == Entries{{"a", 3}, {"b", 2}});

  auto message = [&](const std::string& name, const std::string& text) {
    try {
      read_vocab_file(write_file(dir, name, text));
    } catch (const FormatError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(message("count.txt", "a 3\nb x\n"), Catch::Contains("count.txt: line 2: expected 'word count'"));
  CHECK_THAT(message("neg.txt", "a -3\n"), Catch::Contains("neg.txt: line 1: expected 'word count'"));
  CHECK_THAT(message("three.txt", "a 3 4\n"), Catch::Contains("three.txt: line 1"));
  CHECK_THAT(message("one.txt", "a\n"), Catch::Contains("one.txt: line 1"));
  CHECK_THAT(message("dup.txt", "a 3\nb 2\na 1\n"), Catch::Contains("dup.txt: line 3: the word 'a' is listed a second time"));
  CHECK_THAT(message("empty.txt", "\n\n"), Catch::Contains("empty.txt: expected 'word count' lines, found no words"));
  CHECK_THROWS_AS(read_vocab_file(dir.path / "missing.txt"), IoError);
}

TEST_CASE("build_vocab min_count and max_vocab", "[vocab]") {
  TempDir dir("vocab");
  const auto path = write_file(dir, "small.txt", kSmall);
  VocabStats stats;
  CHECK(entries(vocab_of(path, 2, 0, 1, &stats)) == Entries{{"a", 3}, {"b", 2}, {"c", 2}, {"d", 2}, {"e", 2}});
  CHECK(stats.tokens == 13);
  CHECK(stats.distinct == 7);
  CHECK(stats.kept_tokens == 11);
  CHECK(entries(vocab_of(path, 3)) == Entries{{"a", 3}});
  CHECK(entries(vocab_of(path, 1, 3)) == Entries{{"a", 3}, {"b", 2}, {"c", 2}});
  CHECK(entries(vocab_of(path, 2, 100)) == Entries{{"a", 3}, {"b", 2}, {"c", 2}, {"d", 2}, {"e", 2}});
  CHECK(entries(vocab_of(path, 1, 1)) == Entries{{"a", 3}});
}

TEST_CASE("build_vocab throws DataError when no word reaches min_count", "[vocab]") {
  TempDir dir("vocab");
  const auto path = write_file(dir, "small.txt", kSmall);
  CHECK_THROWS_AS(vocab_of(path, 4), DataError);
  const auto blank = write_file(dir, "blank.txt", " \n\t\r\n\n");
  CHECK_THROWS_AS(vocab_of(blank, 1), DataError);
}

TEST_CASE("build_vocab gives the same vocabulary with 1 to 4 threads", "[vocab]") {
  // Many words with few distinct counts, so most order decisions are ties across shard boundaries.
  std::mt19937 rng(2024);
  std::vector<std::string> tokens;
  const std::uint64_t choices[] = {1, 2, 3, 4, 6, 10};
  for (int w = 0; w < 1500; ++w) {
    const auto n = choices[rng() % 6];
    const auto word = w % 7 == 0 ? fmt::format("ü{}é", w) : fmt::format("w{}", w);
    for (std::uint64_t k = 0; k < n; ++k) tokens.push_back(word);
  }
  std::shuffle(tokens.begin(), tokens.end(), rng);
  std::string text;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    text += tokens[i];
    text += rng() % 9 == 0 ? "\n" : (rng() % 5 == 0 ? "\t" : " ");
  }
  REQUIRE(text.size() > 4 * 4096);  // large enough that build_vocab really uses 4 threads

  // The expected vocabulary, counted here.
  std::map<std::string, std::pair<std::uint64_t, std::size_t>> seen;  // word -> (count, first index)
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    auto [it, inserted] = seen.try_emplace(tokens[i], 0, i);
    ++it->second.first;
  }
  for (const std::uint64_t min_count : {1ull, 3ull}) {
    std::vector<std::pair<std::string, std::pair<std::uint64_t, std::size_t>>> want(seen.begin(), seen.end());
    want.erase(std::remove_if(want.begin(), want.end(), [&](const auto& e) { return e.second.first < min_count; }),
               want.end());
    std::sort(want.begin(), want.end(), [](const auto& a, const auto& b) {
      return a.second.first != b.second.first ? a.second.first > b.second.first : a.second.second < b.second.second;
    });
    Entries expected;
    for (const auto& e : want) expected.emplace_back(e.first, e.second.first);

    TempDir dir("vocab-threads");
    const auto path = write_file(dir, "corpus.txt", text);
    for (int threads = 1; threads <= 4; ++threads) {
      INFO(threads << " threads, min_count " << min_count);
      VocabStats stats;
      const auto v = vocab_of(path, min_count, 0, threads, &stats);
      CHECK(entries(v) == expected);
      CHECK(stats.tokens == tokens.size());
      CHECK(stats.distinct == seen.size());
    }
  }
}

TEST_CASE("build_vocab reports one finished progress snapshot", "[vocab]") {
  TempDir dir("vocab");
  const auto path = write_file(dir, "small.txt", kSmall);
  auto corpus = Corpus::open(path.string());
  std::vector<Progress> reports;
  VocabOptions o;
  o.min_count = 1;
  build_vocab(corpus, o, nullptr, [&](const Progress& p) { reports.push_back(p); });
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].stage == ProgressStage::Vocab);
  CHECK(reports[0].finished);
  CHECK(reports[0].fraction == 1.0);
  CHECK(reports[0].done == 13);
}

TEST_CASE("VocabOptions::validate rejects bad values", "[vocab]") {
  VocabOptions o;
  CHECK_NOTHROW(o.validate());
  o.min_count = 0;
  CHECK_THROWS_AS(o.validate(), OptionError);
  o.min_count = 1;
  CHECK_NOTHROW(o.validate());
  o.threads = 0;
  CHECK_THROWS_AS(o.validate(), OptionError);
  o.threads = -3;
  CHECK_THROWS_AS(o.validate(), OptionError);
  o.threads = 4;
  o.max_vocab = 1;
  CHECK_NOTHROW(o.validate());
  // build_vocab validates too.
  TempDir dir("vocab");
  const auto path = write_file(dir, "small.txt", kSmall);
  CHECK_THROWS_AS(vocab_of(path, 0), OptionError);
  CHECK_THROWS_AS(vocab_of(path, 1, 0, 0), OptionError);
}
