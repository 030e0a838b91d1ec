#pragma once
// Trained vectors, independent of how they were trained: vocabulary + matrix + metadata.
#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include "wordvec/core/eigen.hpp"

#include "wordvec/embeddings/subword_vectors.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

/// Row-major float matrix: row i is the vector of word i.
using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// A set of word vectors. Row i of `vectors` belongs to `vocab.word(i)`.
struct Embeddings {
  Vocab vocab;                                   ///< words (with counts when known)
  Matrix vectors;                                ///< one row per word
  std::map<std::string, std::string> metadata;   ///< how they were made: model, options, corpus size
  std::shared_ptr<const SubwordVectors> subwords;  ///< n-gram rows of a fastText-style model; null otherwise

  /// Number of words.
  std::size_t size() const { return static_cast<std::size_t>(vectors.rows()); }
  /// Vector dimension.
  std::size_t dim() const { return static_cast<std::size_t>(vectors.cols()); }
  /// Writes the vector of `word` into out (dim() floats): its row when known, else the mean of its
  /// n-gram rows when the model has subwords. Returns false (out zeroed) when neither applies.
  bool vector_for(std::string_view word, float* out) const;
  /// Throws FormatError unless vocab and matrix agree.
  void check_consistent() const;
  /// Keeps the first `n` words (vocabulary and rows together). A subword model keeps its n-gram
  /// rows, so the words cut off still get their n-gram vectors from vector_for.
  void truncate(std::size_t n);
  /// Keeps the `n` most frequent words: by count when counts are known, else the first `n` (files
  /// list the most frequent first). Ties keep file order; n-gram rows are kept as by truncate().
  void keep_most_frequent(std::size_t n);
};

/// Scales every row of `m` to unit length in place (zero rows stay zero); returns the old lengths.
/// The one row normaliser: queries, conversion (--normalize), clustering and maps all use it.
Eigen::VectorXf normalize_rows(Matrix& m);

}  // namespace wordvec
