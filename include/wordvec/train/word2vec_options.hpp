#pragma once
// Options of the word2vec models (skip-gram and CBOW with negative sampling or hierarchical softmax).
#include <cstdint>
#include <memory>
#include <string>

#include "wordvec/core/cancel.hpp"
#include "wordvec/text/tokenizer.hpp"
#include "wordvec/vocab/subwords.hpp"

namespace wordvec {

/// The word2vec architectures, and Doc2Vec's paragraph-vector models on the same machinery.
enum class Word2VecModel {
  SkipGram,
  Cbow,
  Dbow,  ///< PV-DBOW: the document vector predicts each of its words (gensim dm=0)
  Dm,    ///< PV-DM: the mean of the document vector and the context words predicts the centre word (gensim dm=1, dm_mean=1)
};

/// Parses "skipgram" / "cbow" / "dbow" / "dm"; throws OptionError otherwise.
Word2VecModel parse_word2vec_model(const std::string& name);
/// "skipgram" / "cbow" / "dbow" / "dm".
std::string to_string(Word2VecModel model);

/// What names a document (one line of the corpus) of a Doc2Vec model.
enum class DocTags {
  Line,        ///< its line number, counted from 0 (gensim's TaggedLineDocument)
  FirstToken,  ///< the line's first token, which is then not a word of the document
};

/// Parses "line" / "first-token"; throws OptionError otherwise.
DocTags parse_doc_tags(const std::string& name);
/// "line" / "first-token".
std::string to_string(DocTags tags);

/// What the output layer predicts the target word with.
enum class Word2VecLoss {
  NegativeSampling,     ///< the word against `negative` sampled words
  HierarchicalSoftmax,  ///< the word's path in a Huffman tree (plus negative sampling if negative > 0, as word2vec.c)
};

/// Parses "ns" / "hs" (fastText's names); throws OptionError otherwise.
Word2VecLoss parse_word2vec_loss(const std::string& name);
/// "ns" / "hs".
std::string to_string(Word2VecLoss loss);

/// Hyper-parameters of skip-gram / CBOW training, with word2vec's defaults.
struct Word2VecOptions {
  Word2VecModel model = Word2VecModel::SkipGram;  ///< architecture
  int dim = 100;                  ///< vector size
  int window = 5;                 ///< maximum distance between centre and context word
  Word2VecLoss loss = Word2VecLoss::NegativeSampling;  ///< output layer
  /// Negative samples per positive one; with hierarchical softmax, 0 = none, more = both
  /// objectives at once on separate output matrices (word2vec.c's -hs 1 -negative N).
  int negative = 5;
  double sample = 1e-4;           ///< frequent-word subsampling threshold (0 = off)
  int epochs = 5;                 ///< passes over the corpus
  int threads = 1;                ///< worker threads
  double lr = 0.0;                ///< starting learning rate; 0 picks 0.025 (skip-gram, dbow, dm) / 0.05 (CBOW, subword models)
  double ns_exponent = 0.75;      ///< exponent of the negative-sampling distribution
  /// Input vectors start uniform in [-r, r); 0 picks 1/sqrt(dim) for word2vec models and dbow, 0.5/dim
  /// (gensim's) for dm and 1/dim (fastText's) with subwords. gensim uses 1/dim and word2vec.c 0.5/dim for word2vec models.
  double init_range = 0.0;
  std::uint64_t seed = 1;         ///< random seed
  /// Same vectors for the same seed whatever `threads` is, and on every run: the corpus is
  /// trained in fixed blocks, rounds of them against private copies merged in block order
  /// (TrainingLoop::run_rounds), instead of Hogwild's racing threads.
  bool deterministic = false;
  int max_sentence_length = 10000;  ///< longer lines are cut into pieces of this many words
  /// Character n-grams (fastText); off by default (maxn = 0). When on, a word's input vector is the
  /// mean of its own row and its n-gram rows.
  SubwordOptions subwords{3, 0, 2000000};
  /// How corpus lines split into tokens; null: ASCII whitespace (the corpus bytes as they are).
  std::shared_ptr<const Tokenizer> tokenizer;
  /// Doc2Vec: how documents are tagged (dbow and dm only).
  DocTags tags = DocTags::Line;
  /// PV-DBOW: also train skip-gram word vectors, interleaved (gensim's dbow_words=1).
  bool dbow_words = false;
  /// Stops reading and training with Cancelled once set (default: never); not a hyper-parameter.
  CancellationToken cancel;

  /// True for the Doc2Vec models (dbow, dm), which train a vector per document too.
  bool documents() const { return model == Word2VecModel::Dbow || model == Word2VecModel::Dm; }

  /// True when hierarchical softmax and negative sampling are both trained.
  bool both_losses() const { return loss == Word2VecLoss::HierarchicalSoftmax && negative > 0; }
  /// The starting learning rate after applying the model's default.
  double effective_lr() const;
  /// The initialisation range after applying the model's default.
  double effective_init_range() const;
  /// Bytes of the input matrix for `words` vocabulary words: (words + n-gram buckets when subwords are
  /// on) rows of dim float32s. A fastText .bin holds the same matrix, so it is also that file's size.
  std::uint64_t input_matrix_bytes(std::uint64_t words) const;
  /// Throws OptionError naming the first bad value.
  void validate() const;
};

}  // namespace wordvec
