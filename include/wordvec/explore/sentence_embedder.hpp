#pragma once
// Sentence (line) vectors from word vectors: the mean, or the SIF weighted mean (Arora et al. 2017).
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wordvec/core/eigen.hpp"

#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/text/tokenizer.hpp"

namespace wordvec {

/// Writes the vector of `word` into `out` (already sized to the dimension) and returns true, or
/// returns false when the word has no vector. Every word lookup of the embedder goes through this,
/// so a model that builds vectors for unseen words (fastText subwords) only needs another function.
using WordVectorFn = std::function<bool(std::string_view word, Eigen::Ref<Eigen::VectorXf> out)>;

/// Unigram probability p(w) of a word, for SIF weights; 0 when unknown.
using WordProbabilityFn = std::function<double(std::string_view word)>;

/// Embeddings::vector_for: a word's row, or for a model with subwords (fastText) the mean of its
/// character n-gram vectors, so unseen words count too.
WordVectorFn lookup_in(const Embeddings& emb);

/// p(w) = count / total from the vocabulary's counts; throws DataError when it has none.
WordProbabilityFn probability_from_counts(const Vocab& vocab);
/// p(w) estimated from the rank r (0-based) of a frequency-sorted vocabulary by Zipf's law,
/// 1 / ((r + 1) H_n): for vector files that store no counts.
WordProbabilityFn probability_from_rank(const Vocab& vocab);
/// p(w) from a file of "word count" lines (word2vec -save-vocab); throws IoError / FormatError with the line.
WordProbabilityFn probability_from_count_file(const std::filesystem::path& path);

/// Fewer lines than this make SIF's first principal component an estimate from too few sentences to
/// mean anything (Arora et al. fit it on tens of thousands): the front end warns below it.
inline constexpr std::size_t kSifMinimumLines = 1000;

/// How lines become vectors.
struct SentenceEmbedderOptions {
  double sif_a = 0.0;               ///< 0: plain mean; > 0: weight each word by a / (a + p(w)) (SIF)
  bool remove_component = true;     ///< with SIF: remove the projection on the first principal component
  bool lowercase = false;           ///< look words up in ASCII lower case
  /// How a line splits into words (the model's tokenizer); null: on ASCII whitespace.
  std::shared_ptr<const Tokenizer> tokenizer;
  /// Scale each word vector to unit length before averaging (fastText's print-sentence-vectors rule;
  /// a word whose vector is zero is then left out, as fastText does). Off: the plain mean of the
  /// vectors as they are, so frequent words with long vectors weigh more.
  bool normalize_words = false;
  /// Throws OptionError naming the first bad value.
  void validate() const;
};

/// Vectors of the lines that had at least one known word.
struct SentenceVectors {
  Matrix vectors;                        ///< one row per embedded line
  std::vector<std::size_t> lines;        ///< the 1-based line number of each row
  std::vector<std::size_t> unembedded;   ///< 1-based numbers of lines with no known word (no row)
  std::size_t known_tokens = 0;          ///< tokens that had a vector
  std::size_t unknown_tokens = 0;        ///< tokens that had none
  Eigen::VectorXf removed_component;     ///< the unit direction removed (SIF), empty otherwise
};

/// Turns whitespace-separated lines into vectors through a word-vector function.
class SentenceEmbedder {
 public:
  /// `dim` is the word vector size; `probability` is needed only when options.sif_a > 0.
  SentenceEmbedder(std::size_t dim, WordVectorFn vector_of, WordProbabilityFn probability,
                   SentenceEmbedderOptions options);

  /// The (weighted) mean of the known words of `line` into `out`; false when no word is known.
  /// `known`/`unknown` (optional) are incremented by the tokens found and missed.
  bool embed_line(std::string_view line, Eigen::Ref<Eigen::VectorXf> out, std::size_t* known = nullptr,
                  std::size_t* unknown = nullptr) const;
  /// Embeds every line, then (SIF) removes the first principal component shared by all of them.
  SentenceVectors embed_lines(const std::vector<std::string>& lines) const;

 private:
  std::size_t dim_;
  WordVectorFn vector_of_;
  WordProbabilityFn probability_;
  SentenceEmbedderOptions options_;
};

}  // namespace wordvec
