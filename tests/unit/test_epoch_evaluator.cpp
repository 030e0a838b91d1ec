// Per-epoch evaluation: the scores `wordvec eval` gives, and early stopping that keeps the best epoch.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <fstream>

#include "pipeline/epoch_evaluator.hpp"
#include "wordvec/core/error.hpp"

using namespace wordvec;
using wordvec::test::TempDir;

TEST_CASE("EpochEvaluator scores word pairs after each epoch and stops when the score no longer improves",
          "[epoch_evaluator]") {
  TempDir dir("epoch-eval");
  const auto pairs = dir.path / "pairs.tsv";
  std::ofstream(pairs) << "a\tb\t9\na\tc\t1\nb\tc\t2\n";
  Vocab vocab;
  for (const char* w : {"a", "b", "c"}) vocab.add(w, 1);
  EpochEvaluation options;
  options.similarity.push_back(pairs);
  options.early_stop = 2;
  EpochEvaluator eval(options, nullptr);
  eval.attach(vocab);
  // a close to b, far from c: the ranking the file asks for (rho 1).
  Matrix good(3, 2);
  good << 1, 0, 0.9f, 0.1f, 0, 1;
  Matrix bad(3, 2);  // a close to c instead (rho -1)
  bad << 1, 0, 0, 1, 0.9f, 0.1f;
  auto v = eval(bad, 0);
  REQUIRE(v.scores.size() == 1);
  CHECK(v.scores[0].name == "pairs.tsv");
  CHECK(v.scores[0].metric == "spearman");
  CHECK_FALSE(v.stop);
  v = eval(good, 1);
  CHECK(v.scores[0].value == Approx(1.0));
  CHECK_FALSE(v.stop);
  CHECK_FALSE(eval(bad, 2).stop);  // one epoch without improvement
  CHECK(eval(bad, 3).stop);        // two: stop
  CHECK(eval.best_epoch() == 1);
  REQUIRE(eval.best_vectors());
  CHECK(*eval.best_vectors() == good);
}

TEST_CASE("EpochEvaluation refuses early stopping without a score and reads bad files before training", "[epoch_evaluator]") {
  EpochEvaluation options;
  options.early_stop = 3;
  CHECK_THROWS_AS(options.validate(), OptionError);
  options.early_stop = 0;
  options.analogies.push_back("/nonexistent/questions.txt");
  CHECK_THROWS_AS(EpochEvaluator(options, nullptr), IoError);
}
