#pragma once
// What a subword (fastText) model adds to plain word vectors: the raw input matrix (word rows,
// then n-gram bucket rows), the output matrix and the n-gram scheme, so that any word, seen or
// not, gets a vector.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "wordvec/core/matrix.hpp"

#include "wordvec/vocab/subwords.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

/// The subword part of a model. `input` has `words` word rows (the model's vocabulary when it was
/// made) followed by the n-gram rows (bucket rows, or pruned rows when `prune_index` is non-empty),
/// as in fastText's input matrix. It stays valid when the embeddings' vocabulary is cut later.
struct SubwordVectors {
  SubwordOptions options;                      ///< minn, maxn, bucket
  MatrixBuffer input;                             ///< word rows then n-gram rows
  MatrixBuffer output;                            ///< output (context) vectors, one row per word; may be empty
  std::map<std::int32_t, std::int32_t> prune_index;  ///< bucket -> row after pruning (empty: none)
  std::uint64_t ntokens = 0;                   ///< tokens the model was trained on
  std::size_t words = 0;                       ///< word rows at the top of input; the n-gram rows follow

  /// Rows of input used for `word`: its own row when `id` >= 0, then its n-gram rows.
  void rows_of(std::string_view word, std::int32_t id, std::vector<std::int32_t>& rows) const;
  /// The same rows appended to `rows` (whose earlier entries stay).
  void append_rows(std::string_view word, std::int32_t id, std::vector<std::int32_t>& rows) const;
  /// Input row of hash bucket `bucket` (after the word rows, through the pruning index); -1 when
  /// pruning dropped it or it lies past the matrix.
  std::int32_t bucket_row(std::int32_t bucket) const;
  /// The mean of `rows` of input into `out` (dim floats); zeros when rows is empty.
  void mean_of(const std::vector<std::int32_t>& rows, float* out) const;
};

}  // namespace wordvec
