#pragma once
// Trained vectors, independent of how they were trained: vocabulary + matrix + metadata.
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "wordvec/core/matrix.hpp"

#include "wordvec/embeddings/subword_vectors.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

/// Free-form notes on how vectors were made (model, options, corpus size), saved with them.
using Metadata = std::map<std::string, std::string>;

/// A set of word vectors: row i of vectors() belongs to vocab().word(i). The constructor checks
/// that the parts agree and the methods keep them so (the shape changes only through truncate and
/// keep_most_frequent, which cut vocabulary and rows together).
class Embeddings {
 public:
  /// The parts of an Embeddings value, moved out by into_parts().
  struct Parts {
    Vocab vocab;
    Matrix vectors;
    Metadata metadata;
    std::shared_ptr<const SubwordVectors> subwords;
  };

  /// No words, no dimensions.
  Embeddings() = default;
  /// Throws FormatError unless `vocab` has one word per row of `vectors` and `subwords` (n-gram
  /// rows of a fastText-style model, or null) has rows as wide as `vectors`.
  Embeddings(Vocab vocab, Matrix vectors, Metadata metadata = {}, std::shared_ptr<const SubwordVectors> subwords = {});

  /// The words (with counts when known).
  const Vocab& vocab() const { return vocab_; }
  /// One row per word.
  const Matrix& vectors() const { return vectors_; }
  /// How they were made; free-form, so also writable.
  const Metadata& metadata() const { return metadata_; }
  Metadata& metadata() { return metadata_; }
  /// The n-gram rows of a fastText-style model; null otherwise.
  const std::shared_ptr<const SubwordVectors>& subwords() const { return subwords_; }

  /// The vector of word i (read-only, and writable in place: the shape cannot change through it).
  Matrix::ConstRowXpr row(std::size_t i) const { return vectors_.row(static_cast<Eigen::Index>(i)); }
  Matrix::RowXpr row(std::size_t i) { return vectors_.row(static_cast<Eigen::Index>(i)); }
  /// All rows, row-major, writable in place (size() * dim() floats).
  float* data() { return vectors_.data(); }
  const float* data() const { return vectors_.data(); }

  /// Number of words.
  std::size_t size() const { return static_cast<std::size_t>(vectors_.rows()); }
  /// Vector dimension.
  std::size_t dim() const { return static_cast<std::size_t>(vectors_.cols()); }
  /// Writes the vector of `word` into out (dim() floats): its row when known, else the mean of its
  /// n-gram rows when the model has subwords. Returns false (out zeroed) when neither applies.
  bool vector_for(std::string_view word, float* out) const;

  /// Keeps the first `n` words (vocabulary and rows together). A subword model keeps its n-gram
  /// rows, so the words cut off still get their n-gram vectors from vector_for.
  void truncate(std::size_t n);
  /// Keeps the `n` most frequent words: by count when counts are known, else the first `n` (files
  /// list the most frequent first). Ties keep file order; n-gram rows are kept as by truncate().
  void keep_most_frequent(std::size_t n);
  /// Scales every word row to unit length (zero rows stay zero); returns the old lengths. The
  /// n-gram rows of a subword model are left as they are.
  Eigen::VectorXf normalize();

  /// Moves the parts out, leaving this value empty.
  Parts into_parts() &&;

 private:
  Vocab vocab_;
  Matrix vectors_;
  Metadata metadata_;
  std::shared_ptr<const SubwordVectors> subwords_;
};

/// Scales every row of `m` to unit length in place (zero rows stay zero); returns the old lengths.
/// The one row normaliser: queries, conversion (--normalize), clustering and maps all use it.
Eigen::VectorXf normalize_rows(Matrix& m);

}  // namespace wordvec
