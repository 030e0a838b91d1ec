#pragma once
// Nearest-neighbour and analogy queries over unit-normalised vectors (gensim KeyedVectors style).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "core/error.hpp"
#include "embeddings/embeddings.hpp"

namespace wordvec {

/// Thrown when a query names a word the vectors do not have.
class UnknownWordError : public Error {
 public:
  /// `word` is the missing word.
  explicit UnknownWordError(const std::string& word)
      : Error(fmt::format("word '{}' not in vocabulary", word)), word_(word) {}
  /// The missing word.
  const std::string& word() const { return word_; }

 private:
  std::string word_;
};

/// A read-only view of row-major rows that may live in a memory-mapped file.
using MatrixView = Eigen::Map<const Matrix>;

/// One answer of a query.
struct Neighbor {
  std::string word;     ///< the neighbour
  std::int32_t id = 0;  ///< its row
  float score = 0.0f;   ///< cosine similarity (3CosAdd) or the 3CosMul objective
};

/// A vocabulary plus its unit-normalised vectors, ready for queries.
class SimilarityIndex {
 public:
  /// Normalises a copy of `emb` (rows of norm 0 stay 0).
  explicit SimilarityIndex(const Embeddings& emb);
  /// Takes `emb` and normalises it in place: no second copy of the matrix.
  explicit SimilarityIndex(Embeddings&& emb);
  /// Uses rows that are already unit length as they are: no copy, no pass over them. `owner` keeps
  /// their memory alive (a memory-mapped file, say).
  SimilarityIndex(Vocab vocab, MatrixView unit_rows, std::shared_ptr<const void> owner);

  /// Words most similar to mean(positive) - mean(negative) of the unit vectors (3CosAdd),
  /// excluding the query words; `restrict` > 0 searches only the first `restrict` words.
  std::vector<Neighbor> most_similar(const std::vector<std::string>& positive,
                                     const std::vector<std::string>& negative = {}, std::size_t topn = 10,
                                     std::size_t restrict = 0) const;
  /// Words most similar to a raw vector, excluding the rows in `exclude`.
  std::vector<Neighbor> most_similar_to(const Eigen::VectorXf& vector, std::size_t topn = 10, std::size_t restrict = 0,
                                        const std::vector<std::int32_t>& exclude = {}) const;
  /// Cosine similarity of two words.
  float similarity(const std::string& a, const std::string& b) const;
  /// Row of `word`; throws UnknownWordError.
  std::int32_t id(const std::string& word) const;
  /// Unit vector of `word`; throws UnknownWordError.
  Eigen::VectorXf unit_vector(const std::string& word) const;
  /// The words.
  const Vocab& vocab() const { return vocab_; }
  /// The unit-normalised matrix.
  const MatrixView& unit_vectors() const { return unit_; }

 private:
  Vocab vocab_;
  std::shared_ptr<const void> storage_;  // owns (or keeps mapped) the rows unit_ views
  MatrixView unit_{nullptr, 0, 0};
};

/// Scales every row of `m` to unit length in place (zero rows stay zero).
void normalize_rows(Matrix& m);

}  // namespace wordvec
