// Word-pair evaluation: file layouts, comments, headers, OOV pairs, case, and the correlations.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "wordvec/core/error.hpp"
#include "wordvec/eval/similarity_eval.hpp"

using namespace wordvec;

namespace {

// Four words on a quarter circle at 0, 30, 60, 90 degrees, plus a case variant of "b" pointing elsewhere.
Embeddings quarter() {
  Vocab vocab;
  Matrix matrix;
  const double deg = 3.14159265358979323846 / 180.0;
  const double angles[] = {0, 30, 60, 90, 180};
  const char* words[] = {"a", "b", "c", "d", "B"};
  matrix.resize(5, 2);
  for (int i = 0; i < 5; ++i) {
    vocab.add(words[i], 1);
    matrix(i, 0) = static_cast<float>(std::cos(angles[i] * deg));
    matrix(i, 1) = static_cast<float>(std::sin(angles[i] * deg));
  }
  return Embeddings(std::move(vocab), std::move(matrix));
}

}  // namespace

TEST_CASE("parse_word_pairs reads tab, space and SimLex layouts", "[similarity_eval]") {
  auto set = parse_word_pairs("# comment\n# Word 1\tWord 2\tHuman (mean)\nlove\tsex\t6.77\r\n\ntiger\tcat\t7.35\n", "ws.tsv");
  REQUIRE(set.pairs.size() == 2);
  CHECK(set.pairs[0].a == "love");
  CHECK(set.pairs[1].gold == Approx(7.35));
  CHECK(set.pairs[1].line == 5);
  set = parse_word_pairs("old new 1.58\nsmart  intelligent 9.2\n", "s.txt");
  CHECK(set.pairs.size() == 2);
  CHECK(set.pairs[1].b == "intelligent");
  // A column header without '#'.
  set = parse_word_pairs("Word 1,Word 2,Human (mean)\nlove,sex,6.77\n", "combined.csv");
  REQUIRE(set.pairs.size() == 1);
  CHECK(set.pairs[0].b == "sex");
  // The original SimLex-999 file: the score is the SimLex999 column.
  set = parse_word_pairs("word1\tword2\tPOS\tSimLex999\tconc(w1)\nold\tnew\tA\t1.58\t2.72\n", "SimLex-999.txt");
  REQUIRE(set.pairs.size() == 1);
  CHECK(set.pairs[0].gold == Approx(1.58));
  CHECK_THROWS_WITH(parse_word_pairs("a\tb\t1\nc\td\n", "p.tsv"), Catch::Contains("p.tsv: line 2: expected 3 fields"));
  CHECK_THROWS_WITH(parse_word_pairs("a\tb\t1\nc\td\tx\n", "p.tsv"), Catch::Contains("p.tsv: line 2: expected a number"));
  CHECK_THROWS_WITH(parse_word_pairs("# only comments\n", "p.tsv"), Catch::Contains("no word pairs"));
}

TEST_CASE("evaluate_word_pairs: correlations, OOV and case", "[similarity_eval]") {
  const SimilarityIndex index(quarter());
  // Cosines: a-b .866, a-c .5, a-d 0, b-d .5 (a tie with a-c).
  const auto set = parse_word_pairs("a\tb\t9\na\tc\t5\na\td\t1\nb\td\t5\na\tzebra\t3\nA\tB\t9\n", "p.tsv");
  SimilarityOptions o;
  auto r = evaluate_word_pairs(index, set, o);
  CHECK(r.pairs == 6);
  CHECK(r.used == 5);  // zebra is unknown; A B is a b ignoring case (b, the first variant, not B)
  CHECK(r.oov_percent() == Approx(100.0 / 6.0));
  // gold (9 5 1 5 9) and model (.866 .5 0 .5 .866) are the same ranking, ties included.
  CHECK(r.spearman == Approx(1.0));
  CHECK(r.pearson > 0.98);
  o.case_insensitive = false;
  r = evaluate_word_pairs(index, set, o);
  CHECK(r.used == 4);
  // Restricted to the first two words only a-b is left: no correlation can be computed.
  o.restrict = 2;
  r = evaluate_word_pairs(index, set, o);
  CHECK(r.used == 1);
  CHECK(std::isnan(r.spearman));
  o.restrict = 0;
  r = evaluate_word_pairs(index, parse_word_pairs("x\ty\t1\n", "p.tsv"), o);
  CHECK(r.used == 0);
  CHECK(r.oov_percent() == Approx(100.0));
  CHECK(std::isnan(r.pearson));
}
