#pragma once
// The models `wordvec train` and wordvec.train() train, named once: which trainer each goes to and
// which word2vec architecture it uses.
#include <string>

#include "wordvec/train/word2vec_options.hpp"

namespace wordvec {

/// Every model a training job can train.
enum class TrainModel {
  SkipGram,
  Cbow,
  FastText,    ///< skip-gram with character n-grams (SubwordOptions on, maxn 6 unless given)
  Glove,       ///< GloVe on counted co-occurrences (train_glove)
  Supervised,  ///< fastText's text classifier (train_supervised)
  Dbow,        ///< Doc2Vec PV-DBOW (train_doc2vec)
  Dm,          ///< Doc2Vec PV-DM (train_doc2vec)
};

/// Parses a model name ("sg" and "skip-gram" also name skip-gram); throws OptionError
/// "option --model: expected one of skipgram, cbow, ..., got 'X'" with a did-you-mean hint.
TrainModel parse_train_model(const std::string& name);
/// "skipgram", "cbow", "fasttext", "glove", "supervised", "dbow" or "dm".
std::string to_string(TrainModel model);
/// True for the models train_word2vec trains (skip-gram, CBOW, fastText).
bool trains_words(TrainModel model);
/// True for the Doc2Vec models (dbow, dm).
bool trains_documents(TrainModel model);
/// The word2vec architecture of a word or document model (fastText: skip-gram); throws OptionError for GloVe
/// and supervised, which have their own trainers.
Word2VecModel word2vec_architecture(TrainModel model);

}  // namespace wordvec
