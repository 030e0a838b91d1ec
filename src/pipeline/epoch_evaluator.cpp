#include "pipeline/epoch_evaluator.hpp"

#include <cmath>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/query/similarity_index.hpp"

namespace wordvec {

void EpochEvaluation::validate() const {
  if (early_stop < 0) throw OptionError(fmt::format("option --early-stop: expected 0 or more epochs, got {}", early_stop));
  if (early_stop > 0 && !any())
    throw OptionError("option --early-stop: needs a score to watch (--eval-analogies or --eval-similarity)");
  analogy.validate();
}

EpochEvaluator::EpochEvaluator(const EpochEvaluation& options, const Tokenizer* tokenizer) : options_(options) {
  options_.validate();
  for (const auto& f : options_.analogies) analogies_.push_back(read_analogies(f, options_.notice));
  for (const auto& f : options_.similarity) pairs_.push_back(read_word_pairs(f, options_.notice));
  if (!tokenizer) return;
  for (auto& set : analogies_) normalize_words(set, *tokenizer);
  for (auto& set : pairs_) normalize_words(set, *tokenizer);
}

EpochVerdict EpochEvaluator::operator()(const Matrix& vectors, int epoch) {
  if (!vocab_) throw Error("per-epoch evaluation: no vocabulary attached");
  const SimilarityIndex index(Embeddings(*vocab_, vectors));
  EpochVerdict verdict;
  for (const auto& set : analogies_) {
    const auto r = evaluate_analogies(index, set, options_.analogy);
    verdict.scores.push_back({std::filesystem::path(set.source).filename().string(), "accuracy", r.total.accuracy_add()});
  }
  for (const auto& set : pairs_) {
    const auto r = evaluate_word_pairs(index, set, options_.pairs);
    verdict.scores.push_back({std::filesystem::path(set.source).filename().string(), "spearman", r.spearman});
  }
  const double score = verdict.scores.front().value;
  if (best_epoch_ < 0 || (std::isfinite(score) && (!std::isfinite(best_score_) || score > best_score_))) {
    best_epoch_ = epoch;
    best_score_ = score;
    if (options_.early_stop > 0) best_ = vectors;
  }
  verdict.stop = options_.early_stop > 0 && epoch - best_epoch_ >= options_.early_stop;
  return verdict;
}

}  // namespace wordvec
