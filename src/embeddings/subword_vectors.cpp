#include "wordvec/embeddings/subword_vectors.hpp"

#include <algorithm>
#include <new>

namespace wordvec {

FloatRows::FloatRows(std::size_t rows, std::size_t cols)
    : data_(static_cast<float*>(std::malloc(std::max<std::size_t>(1, rows * cols * sizeof(float))))), rows_(rows),
      cols_(cols) {
  if (!data_) throw std::bad_alloc();
}

void SubwordVectors::rows_of(std::string_view word, std::int32_t id, std::vector<std::int32_t>& rows) const {
  rows.clear();
  if (id >= 0) rows.push_back(id);
  const std::size_t first = rows.size();
  append_subword_buckets(word, options, rows);
  // Bucket -> input row: after the word rows, through the pruning index when there is one
  // (fastText's Dictionary::pushHash: a pruned-away n-gram contributes nothing).
  std::size_t kept = first;
  for (std::size_t i = first; i < rows.size(); ++i) {
    std::int32_t b = rows[i];
    if (!prune_index.empty()) {
      const auto it = prune_index.find(b);
      if (it == prune_index.end()) continue;
      b = it->second;
    }
    const std::size_t r = words + static_cast<std::size_t>(b);
    if (r >= input.rows()) continue;
    rows[kept++] = static_cast<std::int32_t>(r);
  }
  rows.resize(kept);
}

void SubwordVectors::mean_of(const std::vector<std::int32_t>& rows, float* out) const {
  const std::size_t dim = input.cols();
  std::fill(out, out + dim, 0.0f);
  if (rows.empty()) return;
  for (const auto r : rows) {
    const float* src = input.row(static_cast<std::size_t>(r));
    for (std::size_t k = 0; k < dim; ++k) out[k] += src[k];
  }
  const float scale = 1.0f / static_cast<float>(rows.size());
  for (std::size_t k = 0; k < dim; ++k) out[k] *= scale;
}

}  // namespace wordvec
