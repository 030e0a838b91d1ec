#pragma once
// Per-epoch evaluation during training and early stopping: the trainers' epoch_end hook.
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/pipeline/train_jobs.hpp"
#include "wordvec/text/tokenizer.hpp"
#include "wordvec/train/training_loop.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

/// Scores the vectors after every epoch as `wordvec eval` does and keeps the best epoch's vectors
/// when early stopping is on.
class EpochEvaluator {
 public:
  /// Reads the test files now (a bad one fails before training) and normalises their words with
  /// `tokenizer` (the corpus's; null: as they are).
  EpochEvaluator(const EpochEvaluation& options, const Tokenizer* tokenizer);

  /// The run's vocabulary (rows of the vectors to score); before the first epoch ends.
  void attach(const Vocab& vocab) { vocab_ = &vocab; }

  /// The scores of `vectors` after epoch `epoch` (0-based); stop when early stopping says so.
  EpochVerdict operator()(const Matrix& vectors, int epoch);

  /// The best epoch (0-based) by the first score, -1 before any.
  int best_epoch() const { return best_epoch_; }
  /// The best epoch's vectors (early stopping only), else null.
  const Matrix* best_vectors() const { return best_ ? &*best_ : nullptr; }

 private:
  EpochEvaluation options_;
  const Vocab* vocab_ = nullptr;
  std::vector<AnalogySet> analogies_;
  std::vector<WordPairSet> pairs_;
  int best_epoch_ = -1;
  double best_score_ = 0.0;
  std::optional<Matrix> best_;
};

}  // namespace wordvec
