#pragma once
// Nearest-neighbour and analogy queries over unit-normalised vectors (gensim KeyedVectors style).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/eigen.hpp"
#include "wordvec/core/matrix.hpp"

#include "wordvec/core/error.hpp"
#include "wordvec/core/utf8.hpp"
#include "wordvec/embeddings/embeddings.hpp"

namespace wordvec {

/// Thrown when a query names a word the vectors do not have.
class UnknownWordError : public Error {
 public:
  /// `word` is the missing word.
  explicit UnknownWordError(const std::string& word)
      : Error(fmt::format("word '{}' not in vocabulary", printable_word(word))), word_(word) {}
  /// The missing word.
  const std::string& word() const { return word_; }

 private:
  std::string word_;
};

/// One answer of a query.
struct Neighbor {
  std::string word;     ///< the neighbour
  std::int32_t id = 0;  ///< its row
  float score = 0.0f;   ///< cosine similarity (3CosAdd) or the 3CosMul objective
};

/// A query for the batched search: a vector plus the rows it must not return.
struct VectorQuery {
  Eigen::VectorXf vector;             ///< need not be unit length
  std::vector<std::int32_t> exclude;  ///< rows left out of the answers (the query's own words)
};

/// How the rows handed to SimilarityIndex are stored.
enum class RowLayout {
  Unit,  ///< already unit length: scored as they are
  Raw,   ///< as read (any length): every score is multiplied by the row's inverse norm
};

/// A vocabulary plus its vectors, ready for cosine queries.
/// Holds one float32 row-major matrix and the original norms, nothing else of size n x dim. The rows are
/// either unit length (an owned, normalised copy, or a mapped unit-rows file) or raw rows viewed in place
/// (a mapped native file) with per-row inverse norms: cos(q, r) = (q_unit . raw_r) / |raw_r|, 0 for a zero row.
class SimilarityIndex {
 public:
  /// Normalises a copy of `emb` (rows of norm 0 stay 0).
  explicit SimilarityIndex(const Embeddings& emb);
  /// Takes `emb` and normalises it in place: no second copy of the matrix.
  explicit SimilarityIndex(Embeddings&& emb);
  /// Uses `rows` in place: no copy, no pass over them. `layout` says whether they are unit length or raw;
  /// `norms` are the rows' original lengths (of raw rows: their lengths); `owner` keeps the rows' memory
  /// alive (a memory-mapped file, say); `subwords` (optional) give unseen words their n-gram vectors.
  SimilarityIndex(Vocab vocab, MatrixView rows, Eigen::VectorXf norms, std::shared_ptr<const void> owner,
                  RowLayout layout = RowLayout::Unit, std::shared_ptr<const SubwordVectors> subwords = nullptr);

  /// Words most similar to mean(positive) - mean(negative) of the unit vectors (3CosAdd, gensim
  /// most_similar), excluding the query words; `restrict` > 0 searches only the first `restrict` words.
  std::vector<Neighbor> most_similar(const std::vector<std::string>& positive,
                                     const std::vector<std::string>& negative = {}, std::size_t topn = 10,
                                     std::size_t restrict = 0) const;
  /// 3CosMul (Levy & Goldberg 2014) as gensim most_similar_cosmul: prod((1+cos(p))/2) / (prod((1+cos(n))/2) + 1e-6),
  /// excluding the query words; unlike gensim 4.2 it honours `restrict`.
  std::vector<Neighbor> most_similar_cosmul(const std::vector<std::string>& positive,
                                            const std::vector<std::string>& negative = {}, std::size_t topn = 10,
                                            std::size_t restrict = 0) const;
  /// Words most similar to a raw vector, excluding the rows in `exclude`.
  std::vector<Neighbor> most_similar_to(const Eigen::VectorXf& vector, std::size_t topn = 10, std::size_t restrict = 0,
                                        const std::vector<std::int32_t>& exclude = {}) const;
  /// Many queries at once: one matrix product per block of rows, blocks spread over threads.
  /// Answer i belongs to queries[i]. Throws Cancelled between blocks once `cancel` is set.
  std::vector<std::vector<Neighbor>> most_similar_batch(const std::vector<VectorQuery>& queries, std::size_t topn = 10,
                                                        std::size_t restrict = 0,
                                                        const CancellationToken& cancel = {}) const;
  /// The sum of the unit vectors of `positive` minus those of `negative` (gensim's mean, up to scale);
  /// appends the rows used to `rows` when given. Throws UnknownWordError, OptionError when both are empty.
  Eigen::VectorXf combine(const std::vector<std::string>& positive, const std::vector<std::string>& negative,
                          std::vector<std::int32_t>* rows = nullptr) const;
  /// The word farthest from the mean of the unit vectors of `words` (gensim doesnt_match).
  std::string doesnt_match(const std::vector<std::string>& words) const;
  /// Cosine similarity of two words.
  float similarity(const std::string& a, const std::string& b) const;
  /// Cosine similarity of every row to `vector` (all words, in row order).
  Eigen::VectorXf similarities(const Eigen::VectorXf& vector) const;
  /// Words of the vocabulary `word` may have been meant as (its case variants, near spellings among the
  /// 100,000 most frequent words), for the message about an unknown word.
  std::vector<std::string> close_words(const std::string& word) const;
  /// Row of `word`; throws UnknownWordError.
  std::int32_t id(const std::string& word) const;
  /// The vector of `word` as it was read (the raw row, or unit vector times its original norm); throws UnknownWordError.
  Eigen::VectorXf vector(const std::string& word) const;
  /// Unit vector of `word`; an unseen word gets its subword vector when the model has subwords
  /// (fastText); throws UnknownWordError otherwise.
  Eigen::VectorXf unit_vector(const std::string& word) const;
  /// Whether unseen words get vectors from character n-grams (fastText models).
  bool has_subwords() const { return subwords_ != nullptr; }
  /// The original length of row `id`.
  float norm(std::size_t id) const { return norms_[static_cast<Eigen::Index>(id)]; }
  /// The words.
  const Vocab& vocab() const { return vocab_; }
  /// Number of words.
  std::size_t size() const { return vocab_.size(); }
  /// Vector dimension.
  std::size_t dim() const { return static_cast<std::size_t>(rows_.cols()); }
  /// The stored rows: unit length when row_scale() is empty, else raw (row r's unit vector is
  /// rows().row(r) * row_scale()[r]).
  const MatrixView& rows() const { return rows_; }
  /// Per-row factor that turns a stored row into its unit vector (1 / norm, 0 for a zero row); empty
  /// when the stored rows are unit length already.
  const Eigen::VectorXf& row_scale() const { return row_scale_; }
  /// Unit vector of row `id` (zero for a zero row).
  Eigen::VectorXf unit_row(std::int32_t id) const {
    if (row_scale_.size() == 0) return rows_.row(id).transpose();
    return rows_.row(id).transpose() * row_scale_[id];
  }
  /// Multiplies `scores(r, j)` (rows first..first+scores.rows() times any columns) by the row scale:
  /// turns products with stored rows into cosines. Does nothing for unit rows.
  void scale_scores(Eigen::Ref<Eigen::MatrixXf> scores, Eigen::Index first) const {
    if (row_scale_.size() != 0) scores.array().colwise() *= row_scale_.segment(first, scores.rows()).array();
  }

 private:
  std::size_t rows_for(std::size_t restrict) const;
  std::vector<Neighbor> to_neighbors(const std::vector<std::pair<float, std::int32_t>>& best) const;

  Vocab vocab_;
  std::shared_ptr<const void> storage_;  // owns (or keeps mapped) the rows rows_ views
  MatrixView rows_{nullptr, 0, 0};
  Eigen::VectorXf norms_;
  Eigen::VectorXf row_scale_;  // empty: rows_ are unit length; else 1 / norm per row (0 for zero rows)
  std::shared_ptr<const SubwordVectors> subwords_;  // n-gram rows for unseen words (fastText models)
};

/// The `topn` best (score, row) pairs of `scores[0..n)`, best first, ties to the lower row, skipping `exclude`:
/// a partial selection (nth_element), not a full sort.
std::vector<std::pair<float, std::int32_t>> top_k(const float* scores, std::size_t n, std::size_t topn,
                                                  const std::vector<std::int32_t>& exclude = {});

}  // namespace wordvec
