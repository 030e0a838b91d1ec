#pragma once
// GloVe: weighted least squares on log co-occurrence counts, trained with AdaGrad.
#include <cstdint>
#include <filesystem>
#include <string>

#include "wordvec/core/progress.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/cooccur/cooccurrence_counter.hpp"
#include "wordvec/cooccur/cooccurrence_records.hpp"
#include "wordvec/train/glove_options.hpp"
#include "wordvec/train/train_state.hpp"
#include "wordvec/train/training_loop.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

/// Trains GloVe on co-occurrence records over `vocab` (ids index it). The records are shuffled
/// in place once (no copy); threads then share them lock-free (Hogwild), each taking its slice
/// every epoch. Returns word + context vectors (W + C, GloVe's `-model 2`). `summary` receives
/// the mean cost 0.5 f(x) (w.c + b + b' - log x)^2 per epoch. Throws DataError when the cost
/// becomes NaN or infinite. `checkpointing` as for train_word2vec; the saved matrices are
/// "words" and "contexts", each row the vector, the bias and AdaGrad's sums.
Embeddings train_glove(CooccurrenceRecords& records, const Vocab& vocab, const GloveOptions& options,
                       const ProgressCallback& progress = {}, TrainingSummary* summary = nullptr,
                       const Checkpointing& checkpointing = {});

}  // namespace wordvec
