#pragma once
// fastText's supervised model (text classification) on the one training loop.
#include "wordvec/core/progress.hpp"
#include "wordvec/train/supervised_model.hpp"
#include "wordvec/train/supervised_options.hpp"
#include "wordvec/train/training_loop.hpp"

namespace wordvec {

class Corpus;

/// Trains a classifier on `corpus`, lines in fastText's format ("__label__a __label__b text ...":
/// every token starting with options.label is a label, the others are the text). Counts the
/// dictionary first (words with min_count, labels with min_count_label, "</s>" once per line), then
/// trains with the loop's threads, shards and linearly decaying rate. `summary`, when given,
/// receives the per-epoch loss. Throws DataError when no line has a label.
SupervisedModel train_supervised(const Corpus& corpus, const SupervisedOptions& options,
                                 const ProgressCallback& progress = {}, TrainingSummary* summary = nullptr);

}  // namespace wordvec
