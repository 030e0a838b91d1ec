#pragma once
// Skip-gram and CBOW with negative sampling.
#include <string>

#include "wordvec/core/progress.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/train/model_sync.hpp"
#include "wordvec/train/train_state.hpp"
#include "wordvec/train/training_loop.hpp"
#include "wordvec/train/word2vec_options.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

class Corpus;

/// Trains word2vec vectors on `corpus` over the vocabulary `vocab` (built from the same corpus).
/// Returns the input vectors as Embeddings; `summary`, when given, receives the per-epoch loss.
/// With `distributed`, this process is one rank of a job: it trains on its part of `corpus` (see
/// Corpus::restrict) over the job's vocabulary, and every rank returns the same averaged vectors.
/// `checkpointing` hands out the run's state after rounds and at the end, or resumes one (its
/// due/save/resume need options.deterministic, which needs a single process; OptionError otherwise,
/// FormatError when a resumed state's matrices do not fit this vocabulary and these options).
Embeddings train_word2vec(const Corpus& corpus, const Vocab& vocab, const Word2VecOptions& options,
                          const ProgressCallback& progress = {}, TrainingSummary* summary = nullptr,
                          const DistributedTraining& distributed = {}, const Checkpointing& checkpointing = {});

}  // namespace wordvec
