// Analogy evaluation on hand-made vectors with known answers: sections, semantic / syntactic totals,
// coverage, OOV questions, case handling as gensim (first case variant wins, variants of A B C skipped),
// restrict; and the shared-similarity speed trick checked against one query at a time.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/eval/analogy_eval.hpp"
#include "eval/word_lookup.hpp"

using namespace wordvec;

namespace {

// Axes: royal, male, female, young, noise. Rows in frequency order.
Embeddings royals() {
  const std::vector<std::pair<std::string, std::vector<float>>> rows = {
      {"king", {1, 1, 0, 0, 0}},    {"queen", {1, 0, 1, 0, 0}},    {"man", {0, 1, 0, 0, 0}},
      {"woman", {0, 0, 1, 0, 0}},   {"prince", {1, 1, 0, 1, 0}},   {"princess", {1, 0, 1, 1, 0}},
      {"boy", {0, 1, 0, 1, 0}},     {"girl", {0, 0, 1, 0.5f, 0}},  {"Woman", {0, 0, 1, 0, 0.05f}},
      {"lad", {0, 2, 0, 2, 0}},
  };
  Vocab vocab;
  Matrix matrix;
  matrix.resize(static_cast<Eigen::Index>(rows.size()), 5);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    vocab.add(rows[i].first, 100 - i);
    for (Eigen::Index k = 0; k < 5; ++k) matrix(static_cast<Eigen::Index>(i), k) = rows[i].second[static_cast<std::size_t>(k)];
  }
  return Embeddings(std::move(vocab), std::move(matrix));
}

const char* kQuestions =
    ": family\n"
    "man woman king queen\n"
    "king queen man woman\n"
    "woman man queen king\n"
    "man king woman boy\n"        // the answer is queen: wrong
    "man woman zebra zebras\n"    // out of vocabulary
    "\n"
    ": gram-case\n"
    "boy lad woman girl\n"        // lad = boy, so the best candidate is Woman, a case variant of C
    "MAN WOMAN KING QUEEN\r\n";

}  // namespace

TEST_CASE("parse_analogies reads sections and questions", "[analogy_eval]") {
  const auto set = parse_analogies(kQuestions, "q.txt");
  REQUIRE(set.sections.size() == 2);
  CHECK(set.sections[0].name == "family");
  CHECK_FALSE(set.sections[0].syntactic());
  CHECK(set.sections[1].name == "gram-case");
  CHECK(set.sections[1].syntactic());
  CHECK(set.size() == 7);
  CHECK(set.sections[1].questions[1].words[3] == "QUEEN");
  CHECK(set.sections[1].questions[1].line == 10);
  CHECK_THROWS_WITH(parse_analogies("a b c d\n", "q.txt"), Catch::Contains("q.txt: line 1: expected a section header"));
  CHECK_THROWS_WITH(parse_analogies(": s\na b c\n", "q.txt"), Catch::Contains("q.txt: line 2: expected 4 words, got 3"));
  CHECK_THROWS_WITH(parse_analogies("\n\n", "q.txt"), Catch::Contains("no analogy sections"));
}

TEST_CASE("evaluate_analogies: case-insensitive as gensim", "[analogy_eval]") {
  const SimilarityIndex index(royals());
  const auto set = parse_analogies(kQuestions, "q.txt");
  AnalogyOptions o;
  o.mul = true;
  const auto r = evaluate_analogies(index, set, o);
  REQUIRE(r.sections.size() == 2);
  const auto& family = r.sections[0].score;
  CHECK(family.questions == 5);
  CHECK(family.answered == 4);
  CHECK(family.correct_add == 3);
  CHECK(family.correct_mul == 3);
  const auto& gram = r.sections[1].score;
  CHECK(gram.questions == 2);
  CHECK(gram.answered == 2);
  CHECK(gram.correct_add == 2);  // Woman is skipped (a variant of C), girl is next
  CHECK(gram.correct_mul == 2);
  CHECK(r.semantic.answered == 4);
  CHECK(r.syntactic.correct_add == 2);
  CHECK(r.total.questions == 7);
  CHECK(r.total.answered == 6);
  CHECK(r.total.correct_add == 5);
  CHECK(r.total.accuracy_add() == Approx(5.0 / 6.0));
  CHECK(r.total.coverage() == Approx(6.0 / 7.0));
  // One outcome per question, in file order, adding up to the counts.
  REQUIRE(r.outcomes.size() == 7);
  std::size_t answered = 0, correct = 0;
  for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
    const auto& o = r.outcomes[i];
    CHECK(o.section == (i < 5 ? 0u : 1u));
    CHECK(o.question == (i < 5 ? i : i - 5));
    answered += o.answered;
    correct += o.correct_add;
    if (!o.answered) CHECK_FALSE(o.correct_add);
  }
  CHECK(answered == 6);
  CHECK(correct == 5);
}

TEST_CASE("evaluate_analogies: case-sensitive and restricted", "[analogy_eval]") {
  const SimilarityIndex index(royals());
  const auto set = parse_analogies(kQuestions, "q.txt");
  AnalogyOptions o;
  o.case_insensitive = false;
  auto r = evaluate_analogies(index, set, o);
  CHECK(r.sections[0].score.correct_add == 3);
  CHECK(r.sections[1].score.answered == 1);     // upper-case words are unknown
  CHECK(r.sections[1].score.correct_add == 0);  // Woman is a different word now, and it wins
  CHECK(r.total.correct_mul == 0);              // not asked for
  // Only the first four words: questions with others are skipped, and answers come from those four.
  o.case_insensitive = true;
  o.restrict = 4;
  r = evaluate_analogies(index, set, o);
  CHECK(r.sections[0].score.answered == 3);
  CHECK(r.sections[0].score.correct_add == 3);
  CHECK(r.sections[1].score.answered == 1);
  CHECK(r.total.correct_add == 4);
  o.add = false;
  CHECK_THROWS_AS(evaluate_analogies(index, set, o), OptionError);
}

TEST_CASE("WordLookup: first case variant wins, restrict applies", "[analogy_eval]") {
  Vocab v;
  for (const char* w : {"Paris", "paris", "PARIS", "straße", "Éclair", "zebra"}) v.add(w, 1);
  const WordLookup ci(v, 0, true);
  CHECK(ci.find("paris") == 0);
  CHECK(ci.find("PARIS") == 0);
  CHECK(ci.canonical(2) == 0);
  CHECK(ci.find("éclair") == 4);  // non-ASCII letters are upper-cased too
  CHECK(ci.find("STRASSE") == -1);
  CHECK(ci.find("straße") == 3);
  CHECK(ci.find("nope") == -1);
  const WordLookup cs(v, 0, false);
  CHECK(cs.find("paris") == 1);
  CHECK(cs.find("PaRiS") == -1);
  CHECK(cs.canonical(2) == 2);
  const WordLookup few(v, 3, true);
  CHECK(few.find("zebra") == -1);
  CHECK(few.rows() == 3);
  CHECK(to_upper("abc-é1") == "ABC-É1");
}

TEST_CASE("evaluate_analogies agrees with one most_similar query per question", "[analogy_eval]") {
  // Random vectors: the shared-similarity shortcut must pick what most_similar / most_similar_cosmul pick.
  std::mt19937 rng(17);
  std::normal_distribution<float> normal;
  const int n = 600, restrict = 400;
  Vocab vocab;
  Matrix matrix(n, 12);
  for (int i = 0; i < n; ++i) {
    vocab.add(fmt::format("w{}", i), static_cast<std::uint64_t>(n - i));
    for (int k = 0; k < 12; ++k) matrix(i, k) = normal(rng);
  }
  const SimilarityIndex index(Embeddings(std::move(vocab), std::move(matrix)));
  AnalogySet set;
  set.sections.resize(1);
  std::size_t expect_add = 0, expect_mul = 0, answered = 0;
  for (int q = 0; q < 300; ++q) {
    const auto a = static_cast<int>(rng() % n), b = static_cast<int>(rng() % n), c = static_cast<int>(rng() % n);
    if (a == b || b == c || a == c) continue;
    const auto pa = fmt::format("w{}", a), pb = fmt::format("w{}", b), pc = fmt::format("w{}", c);
    const auto add = index.most_similar({pb, pc}, {pa}, 1, restrict).at(0).word;
    const auto mul = index.most_similar_cosmul({pb, pc}, {pa}, 1, restrict).at(0).word;
    // Every third question expects the 3CosAdd answer, every third the 3CosMul one, the rest a random word.
    const auto d = q % 3 == 0 ? add : q % 3 == 1 ? mul : fmt::format("w{}", rng() % n);
    AnalogyQuestion question;
    question.words = {pa, pb, pc, d};
    set.sections[0].questions.push_back(question);
    if (a < restrict && b < restrict && c < restrict && index.id(d) < restrict) {
      ++answered;
      expect_add += add == d;
      expect_mul += mul == d;
    }
  }
  set.sections[0].name = "random";
  AnalogyOptions o;
  o.restrict = restrict;
  o.mul = true;
  o.case_insensitive = false;
  const auto r = evaluate_analogies(index, set, o);
  CHECK(r.total.answered == answered);
  CHECK(r.total.correct_add == expect_add);
  CHECK(r.total.correct_mul == expect_mul);
  CHECK(expect_add > 10);
  CHECK(expect_mul > 10);
}
