#include "wordvec/embeddings/subword_vectors.hpp"

namespace wordvec {

void SubwordVectors::rows_of(std::string_view word, std::int32_t id, std::vector<std::int32_t>& rows) const {
  rows.clear();
  append_rows(word, id, rows);
}

void SubwordVectors::append_rows(std::string_view word, std::int32_t id, std::vector<std::int32_t>& rows) const {
  if (id >= 0) rows.push_back(id);
  const std::size_t first = rows.size();
  append_subword_buckets(word, options, rows);
  std::size_t kept = first;
  for (std::size_t i = first; i < rows.size(); ++i) {
    const std::int32_t r = bucket_row(rows[i]);
    if (r >= 0) rows[kept++] = r;
  }
  rows.resize(kept);
}

std::int32_t SubwordVectors::bucket_row(std::int32_t bucket) const {
  // fastText's Dictionary::pushHash: a pruned-away n-gram contributes nothing.
  if (!prune_index.empty()) {
    const auto it = prune_index.find(bucket);
    if (it == prune_index.end()) return -1;
    bucket = it->second;
  }
  const std::size_t r = words + static_cast<std::size_t>(bucket);
  return r < input.rows() ? static_cast<std::int32_t>(r) : -1;
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
