#pragma once
// Skip-gram and CBOW with negative sampling or hierarchical softmax, and Doc2Vec's paragraph
// vectors (PV-DBOW, PV-DM) on the same models and loop.
#include <cstdint>
#include <string>
#include <vector>

#include "wordvec/core/progress.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/train/model_sync.hpp"
#include "wordvec/train/train_state.hpp"
#include "wordvec/train/training_loop.hpp"
#include "wordvec/train/word2vec_options.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

class Corpus;
struct Documents;

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

/// What train_doc2vec returns: a vector per document and per word.
struct DocVectors {
  Embeddings docs;   ///< one row per tag (Documents::tags), keyed by the tag; its count is its number of lines
  Embeddings words;  ///< the word vectors (plain dbow does not train them: they keep their random start, as in gensim)
};

/// Trains Doc2Vec (options.model dbow or dm) on `corpus`, whose lines are `documents`, over `vocab`,
/// in the same loop and threads as train_word2vec. `checkpointing` as for train_word2vec; the
/// state's input matrix holds the word rows, then the document rows (TrainState::doc_tags).
DocVectors train_doc2vec(const Corpus& corpus, const Vocab& vocab, const Documents& documents,
                         const Word2VecOptions& options, const ProgressCallback& progress = {},
                         TrainingSummary* summary = nullptr, const Checkpointing& checkpointing = {});

/// A trained Doc2Vec model as its full model file holds it: what inference needs.
struct Doc2VecModel {
  Word2VecOptions options;        ///< how it was trained (model, dim, window, loss, negative, sample, lr, epochs, tags)
  Vocab vocab;                    ///< the words with their counts (negative sampling's draws, the Huffman tree)
  ParamMatrix input;              ///< the word rows, then the document rows
  ParamMatrix output;             ///< the output layer
  std::vector<std::string> tags;  ///< the training documents' tags, in row order
};

/// How infer_documents trains the vector of a new document.
struct InferOptions {
  int epochs = 0;           ///< passes over the document; 0: the model's epochs
  double lr = 0.0;          ///< starting rate, falling linearly to min_lr over the epochs; 0: the model's
  double min_lr = 0.0001;   ///< the rate of the last epoch (gensim's min_alpha)
  std::uint64_t seed = 1;   ///< the same seed and words give the same vector
  int threads = 1;          ///< documents inferred at once (the result does not depend on it)
  /// Throws OptionError naming the first bad value.
  void validate() const;
};

/// The vectors of new documents (each a list of tokens) against the frozen model, as gensim's
/// infer_vector: each starts from a random vector drawn from the seed and its words, and only it
/// learns. Unknown words are ignored; a document without known words keeps its random start.
Matrix infer_documents(const Doc2VecModel& model, const std::vector<std::vector<std::string>>& documents,
                       const InferOptions& options = {});

}  // namespace wordvec
