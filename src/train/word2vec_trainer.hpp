#pragma once
// Skip-gram and CBOW with negative sampling.
#include <string>

#include "core/progress.hpp"
#include "embeddings/embeddings.hpp"
#include "train/training_loop.hpp"
#include "train/word2vec_options.hpp"
#include "vocab/vocab.hpp"

namespace wordvec {

class Corpus;

/// Trains word2vec vectors on `corpus` over the vocabulary `vocab` (built from the same corpus).
/// Returns the input vectors as Embeddings; `summary`, when given, receives the per-epoch loss.
Embeddings train_word2vec(const Corpus& corpus, const Vocab& vocab, const Word2VecOptions& options,
                          const ProgressCallback& progress = {}, TrainingSummary* summary = nullptr);

/// The whole job on a corpus file ("-" for stdin, ".gz" accepted): count the vocabulary, then train.
Embeddings train_word2vec(const std::string& input, const VocabOptions& vocab_options, const Word2VecOptions& options,
                          const ProgressCallback& progress = {}, TrainingSummary* summary = nullptr);

}  // namespace wordvec
