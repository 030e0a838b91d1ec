#include "query/similarity_index.hpp"

#include <algorithm>
#include <queue>

namespace wordvec {

void normalize_rows(Matrix& m) {
#pragma omp parallel for schedule(static)
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    const float norm = m.row(r).norm();
    if (norm > 0.0f) m.row(r) /= norm;
  }
}

namespace {
// Normalises `m` and keeps it where a shared owner can hold it.
std::shared_ptr<const Matrix> normalized(Matrix m) {
  auto owned = std::make_shared<Matrix>(std::move(m));
  normalize_rows(*owned);
  return owned;
}
}  // namespace

SimilarityIndex::SimilarityIndex(const Embeddings& emb) : vocab_(emb.vocab) {
  emb.check_consistent();
  auto owned = normalized(emb.vectors);
  new (&unit_) MatrixView(owned->data(), owned->rows(), owned->cols());  // Eigen's way to re-point a Map
  storage_ = std::move(owned);
}

SimilarityIndex::SimilarityIndex(Embeddings&& emb) : vocab_(std::move(emb.vocab)) {
  auto owned = normalized(std::move(emb.vectors));
  new (&unit_) MatrixView(owned->data(), owned->rows(), owned->cols());
  storage_ = std::move(owned);
}

SimilarityIndex::SimilarityIndex(Vocab vocab, MatrixView unit_rows, std::shared_ptr<const void> owner)
    : vocab_(std::move(vocab)), storage_(std::move(owner)), unit_(unit_rows) {
  if (static_cast<std::size_t>(unit_.rows()) != vocab_.size())
    throw FormatError(fmt::format("similarity index: {} words but {} vectors", vocab_.size(), unit_.rows()));
}

std::int32_t SimilarityIndex::id(const std::string& word) const {
  const auto i = vocab_.find(word);
  if (i < 0) throw UnknownWordError(word);
  return i;
}

Eigen::VectorXf SimilarityIndex::unit_vector(const std::string& word) const { return unit_.row(id(word)).transpose(); }

float SimilarityIndex::similarity(const std::string& a, const std::string& b) const {
  return unit_.row(id(a)).dot(unit_.row(id(b)));
}

std::vector<Neighbor> SimilarityIndex::most_similar(const std::vector<std::string>& positive,
                                                    const std::vector<std::string>& negative, std::size_t topn,
                                                    std::size_t restrict) const {
  if (positive.empty() && negative.empty()) throw OptionError("most_similar: the query has no words");
  Eigen::VectorXf query = Eigen::VectorXf::Zero(unit_.cols());
  std::vector<std::int32_t> exclude;
  for (const auto& w : positive) {
    exclude.push_back(id(w));
    query += unit_.row(exclude.back()).transpose();
  }
  for (const auto& w : negative) {
    exclude.push_back(id(w));
    query -= unit_.row(exclude.back()).transpose();
  }
  return most_similar_to(query, topn, restrict, exclude);
}

std::vector<Neighbor> SimilarityIndex::most_similar_to(const Eigen::VectorXf& vector, std::size_t topn,
                                                       std::size_t restrict,
                                                       const std::vector<std::int32_t>& exclude) const {
  if (vector.size() != unit_.cols())
    throw OptionError(fmt::format("query vector has {} dimensions, the vectors have {}", vector.size(), unit_.cols()));
  const auto rows = static_cast<Eigen::Index>(restrict > 0 ? std::min<std::size_t>(restrict, vocab_.size()) : vocab_.size());
  const float norm = vector.norm();
  const Eigen::VectorXf q = norm > 0.0f ? Eigen::VectorXf(vector / norm) : vector;
  const Eigen::VectorXf scores = unit_.topRows(rows) * q;
  // Keep the best topn in a min-heap; ties go to the more frequent (lower) row.
  using Entry = std::pair<float, std::int32_t>;
  auto better = [](const Entry& a, const Entry& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); };
  // With `better` as the order, the heap's top is the worst entry kept.
  std::priority_queue<Entry, std::vector<Entry>, decltype(better)> heap(better);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const auto id = static_cast<std::int32_t>(r);
    if (std::find(exclude.begin(), exclude.end(), id) != exclude.end()) continue;
    const Entry e{scores[r], id};
    if (heap.size() < topn) heap.push(e);
    else if (topn > 0 && better(e, heap.top())) {
      heap.pop();
      heap.push(e);
    }
  }
  std::vector<Neighbor> out(heap.size());
  for (auto i = out.size(); i-- > 0;) {
    out[i] = Neighbor{vocab_.word(static_cast<std::size_t>(heap.top().second)), heap.top().second, heap.top().first};
    heap.pop();
  }
  return out;
}

}  // namespace wordvec
