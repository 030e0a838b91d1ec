#include "wordvec/query/similarity_index.hpp"

#include <omp.h>

#include <algorithm>
#include <exception>
#include <limits>
#include <span>

#include "wordvec/core/spelling.hpp"

#include "query/cosmul.hpp"
#include "wordvec/core/cancel.hpp"

namespace wordvec {

namespace {

using Entry = std::pair<float, std::int32_t>;

// Higher score first; equal scores go to the more frequent (lower) row.
bool better(const Entry& a, const Entry& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); }

bool excluded(const std::vector<std::int32_t>& exclude, std::int32_t row) {
  return std::find(exclude.begin(), exclude.end(), row) != exclude.end();
}

// Keeps the best k of a stream: candidates accumulate in a buffer of 2k and are cut back to k by
// nth_element when it fills, so each push costs O(1) amortised and most are rejected by the threshold.
class TopK {
 public:
  explicit TopK(std::size_t k) : k_(k) { buf_.reserve(2 * k + 1); }
  void push(float score, std::int32_t row) {
    if (k_ == 0 || score < threshold_) return;
    buf_.emplace_back(score, row);
    if (buf_.size() >= 2 * k_) prune();
  }
  // Scores below this can never enter.
  float threshold() const { return threshold_; }
  // Pushes the scores s[0..n) of rows first.. that beat the threshold and are not excluded. The threshold
  // test runs 16 scores at a time (vectorised) and almost always rejects the whole group.
  void push_block(const float* s, std::int64_t n, std::int32_t first, const std::vector<std::int32_t>& exclude) {
    constexpr std::int64_t kGroup = 16;
    for (std::int64_t g = 0; g < n; g += kGroup) {
      const auto end = std::min(g + kGroup, n);
      const float t = threshold_;  // a local copy: `s` cannot alias it, so the loop vectorises
      bool any = false;
      for (auto r = g; r < end; ++r) any |= s[r] >= t;
      if (!any) continue;
      for (auto r = g; r < end; ++r) {
        const auto row = static_cast<std::int32_t>(first + r);
        if (s[r] >= threshold_ && (exclude.empty() || !excluded(exclude, row))) push(s[r], row);
      }
    }
  }
  // Moves the kept candidates out (unsorted).
  std::vector<Entry>& candidates() { return buf_; }

 private:
  void prune() {
    std::nth_element(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(k_ - 1), buf_.end(), better);
    buf_.resize(k_);
    threshold_ = buf_.back().first;
    for (const auto& e : buf_) threshold_ = std::min(threshold_, e.first);
  }
  std::size_t k_;
  float threshold_ = -std::numeric_limits<float>::infinity();
  std::vector<Entry> buf_;
};

// Sorts and cuts a candidate list to the best k.
std::vector<Entry> finish(std::vector<Entry> c, std::size_t k) {
  if (c.size() > k) {
    std::nth_element(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(k), c.end(), better);
    c.resize(k);
  }
  std::sort(c.begin(), c.end(), better);
  return c;
}

// Rows per block of the batched product: big enough for an efficient GEMM, small enough for cache.
constexpr Eigen::Index kBlockRows = 4096;
// Queries per pass: bounds the per-thread score block to kBlockRows x kBlockQueries floats.
constexpr std::size_t kBlockQueries = 1024;

}  // namespace

std::vector<Entry> top_k(const float* scores, std::size_t n, std::size_t topn, const std::vector<std::int32_t>& exclude) {
  TopK best(topn);
  best.push_block(scores, static_cast<std::int64_t>(n), 0, exclude);  // NaN scores never pass the threshold
  return finish(std::move(best.candidates()), topn);
}

SimilarityIndex::SimilarityIndex(const Embeddings& emb) : vocab_(emb.vocab()), subwords_(emb.subwords()) {
  auto owned = std::make_shared<Matrix>(emb.vectors());
  norms_ = normalize_rows(*owned);
  new (&rows_) MatrixView(owned->data(), owned->rows(), owned->cols());  // Eigen's way to re-point a Map
  storage_ = std::move(owned);
}

SimilarityIndex::SimilarityIndex(Embeddings&& emb) {
  auto parts = std::move(emb).into_parts();
  vocab_ = std::move(parts.vocab);
  subwords_ = std::move(parts.subwords);
  auto owned = std::make_shared<Matrix>(std::move(parts.vectors));
  norms_ = normalize_rows(*owned);
  new (&rows_) MatrixView(owned->data(), owned->rows(), owned->cols());
  storage_ = std::move(owned);
}

SimilarityIndex::SimilarityIndex(Vocab vocab, MatrixView rows, Eigen::VectorXf norms, std::shared_ptr<const void> owner,
                                 RowLayout layout, std::shared_ptr<const SubwordVectors> subwords)
    : vocab_(std::move(vocab)), storage_(std::move(owner)), rows_(rows), norms_(std::move(norms)),
      subwords_(std::move(subwords)) {
  if (static_cast<std::size_t>(rows_.rows()) != vocab_.size() || norms_.size() != rows_.rows())
    throw FormatError(fmt::format("similarity index: {} words, {} vectors, {} norms", vocab_.size(), rows_.rows(),
                                  norms_.size()));
  if (layout == RowLayout::Raw) {
    // Scaling the scores, not the rows, keeps the rows where they are (a mapped file): no copy, no pass.
    row_scale_.resize(norms_.size());
    for (Eigen::Index r = 0; r < norms_.size(); ++r) row_scale_[r] = norms_[r] > 0.0f ? 1.0f / norms_[r] : 0.0f;
  }
}

std::size_t SimilarityIndex::rows_for(std::size_t restrict) const {
  return restrict > 0 ? std::min(restrict, vocab_.size()) : vocab_.size();
}

std::vector<std::string> SimilarityIndex::close_words(const std::string& word) const {
  constexpr std::size_t kSearched = 100000;  // bounds the cost of a message (a few ms)
  const auto& words = vocab_.words();
  return close_spellings(word, std::span<const std::string>(words.data(), std::min(words.size(), kSearched)));
}

std::int32_t SimilarityIndex::id(const std::string& word) const {
  const auto i = vocab_.find(word);
  if (i < 0) throw UnknownWordError(word);
  return i;
}

Eigen::VectorXf SimilarityIndex::unit_vector(const std::string& word) const {
  if (!subwords_ || vocab_.contains(word)) return unit_row(id(word));
  std::vector<std::int32_t> rows;
  subwords_->rows_of(word, -1, rows);
  if (rows.empty()) throw UnknownWordError(word);
  Eigen::VectorXf v(rows_.cols());
  subwords_->mean_of(rows, v.data());
  const float n = v.norm();
  return n > 0.0f ? Eigen::VectorXf(v / n) : v;
}

Eigen::VectorXf SimilarityIndex::vector(const std::string& word) const {
  const auto i = id(word);
  if (row_scale_.size() != 0) return rows_.row(i).transpose();  // raw rows: exactly as read
  return rows_.row(i).transpose() * norms_[i];
}

float SimilarityIndex::similarity(const std::string& a, const std::string& b) const {
  return unit_vector(a).dot(unit_vector(b));
}

Eigen::VectorXf SimilarityIndex::similarities(const Eigen::VectorXf& vector) const {
  if (vector.size() != rows_.cols())
    throw OptionError(fmt::format("query vector has {} dimensions, the vectors have {}", vector.size(), rows_.cols()));
  const float norm = vector.norm();
  Eigen::VectorXf out(rows_.rows());
  if (norm == 0.0f) return out.setZero();
  const Eigen::VectorXf q = vector / norm;
#pragma omp parallel for schedule(static)
  for (Eigen::Index b = 0; b < rows_.rows(); b += kBlockRows) {
    const auto len = std::min(kBlockRows, rows_.rows() - b);
    out.segment(b, len).noalias() = rows_.middleRows(b, len) * q;
    scale_scores(out.segment(b, len), b);
  }
  return out;
}

Eigen::VectorXf SimilarityIndex::combine(const std::vector<std::string>& positive, const std::vector<std::string>& negative,
                                         std::vector<std::int32_t>* rows) const {
  if (positive.empty() && negative.empty()) throw OptionError("most_similar: the query has no words");
  Eigen::VectorXf query = Eigen::VectorXf::Zero(rows_.cols());
  for (const auto& w : positive) {
    const auto i = vocab_.find(w);
    if (i >= 0 && rows) rows->push_back(i);
    query += i >= 0 ? unit_row(i) : unit_vector(w);
  }
  for (const auto& w : negative) {
    const auto i = vocab_.find(w);
    if (i >= 0 && rows) rows->push_back(i);
    query -= i >= 0 ? unit_row(i) : unit_vector(w);
  }
  return query;
}

std::vector<Neighbor> SimilarityIndex::to_neighbors(const std::vector<Entry>& best) const {
  std::vector<Neighbor> out;
  out.reserve(best.size());
  for (const auto& [score, row] : best) out.push_back(Neighbor{vocab_.word(static_cast<std::size_t>(row)), row, score});
  return out;
}

std::vector<Neighbor> SimilarityIndex::most_similar(const std::vector<std::string>& positive,
                                                    const std::vector<std::string>& negative, std::size_t topn,
                                                    std::size_t restrict) const {
  std::vector<std::int32_t> exclude;
  const auto query = combine(positive, negative, &exclude);
  return most_similar_to(query, topn, restrict, exclude);
}

std::vector<Neighbor> SimilarityIndex::most_similar_to(const Eigen::VectorXf& vector, std::size_t topn,
                                                       std::size_t restrict,
                                                       const std::vector<std::int32_t>& exclude) const {
  std::vector<VectorQuery> one(1);
  one[0].vector = vector;
  one[0].exclude = exclude;
  return std::move(most_similar_batch(one, topn, restrict)[0]);
}

std::vector<std::vector<Neighbor>> SimilarityIndex::most_similar_batch(const std::vector<VectorQuery>& queries,
                                                                       std::size_t topn, std::size_t restrict,
                                                                       const CancellationToken& cancel) const {
  const auto dim = rows_.cols();
  for (const auto& q : queries)
    if (q.vector.size() != dim)
      throw OptionError(fmt::format("query vector has {} dimensions, the vectors have {}", q.vector.size(), dim));
  const auto rows = static_cast<Eigen::Index>(rows_for(restrict));
  std::vector<std::vector<Neighbor>> answers(queries.size());
  for (std::size_t first = 0; first < queries.size(); first += kBlockQueries) {
    cancel.throw_if_requested();
    const auto nq = std::min(kBlockQueries, queries.size() - first);
    // Unit query vectors as columns: one product block x dim by dim x nq gives cosines.
    Eigen::MatrixXf q(dim, static_cast<Eigen::Index>(nq));
    for (std::size_t j = 0; j < nq; ++j) {
      const auto& v = queries[first + j].vector;
      const float norm = v.norm();
      q.col(static_cast<Eigen::Index>(j)) = norm > 0.0f ? Eigen::VectorXf(v / norm) : v;
    }
    const int threads = omp_get_max_threads();
    // Per thread, per query: the best candidates of the blocks that thread scored.
    std::vector<std::vector<TopK>> kept(static_cast<std::size_t>(threads), std::vector<TopK>(nq, TopK(topn)));
    std::exception_ptr error;
#pragma omp parallel num_threads(threads)
    {
      auto& mine = kept[static_cast<std::size_t>(omp_get_thread_num())];
      Eigen::MatrixXf scores;  // block rows x nq, column-major: one query's scores are contiguous
#pragma omp for schedule(dynamic, 1)
      for (Eigen::Index b = 0; b < rows; b += kBlockRows) {
        try {
          const auto len = std::min(kBlockRows, rows - b);
          scores.noalias() = rows_.middleRows(b, len) * q;
          scale_scores(scores, b);
          for (std::size_t j = 0; j < nq; ++j) {
            mine[j].push_block(scores.col(static_cast<Eigen::Index>(j)).data(), len, static_cast<std::int32_t>(b),
                               queries[first + j].exclude);
          }
        } catch (...) {
#pragma omp critical
          if (!error) error = std::current_exception();
        }
      }
    }
    if (error) std::rethrow_exception(error);
#pragma omp parallel for schedule(dynamic, 16)
    for (std::size_t j = 0; j < nq; ++j) {
      std::vector<Entry> all;
      for (auto& t : kept) {
        auto& c = t[j].candidates();
        all.insert(all.end(), c.begin(), c.end());
      }
      answers[first + j] = to_neighbors(finish(std::move(all), topn));
    }
  }
  return answers;
}

std::vector<Neighbor> SimilarityIndex::most_similar_cosmul(const std::vector<std::string>& positive,
                                                           const std::vector<std::string>& negative, std::size_t topn,
                                                           std::size_t restrict) const {
  if (positive.empty()) throw OptionError("most_similar_cosmul: the query needs at least one positive word");
  std::vector<std::int32_t> exclude;
  Eigen::MatrixXf terms(rows_.cols(), static_cast<Eigen::Index>(positive.size() + negative.size()));
  Eigen::Index t = 0;
  for (const auto* list : {&positive, &negative})
    for (const auto& w : *list) {
      // An unseen word of a subword model takes its n-gram vector and excludes no row.
      const auto i = vocab_.find(w);
      if (i >= 0) exclude.push_back(i);
      terms.col(t++) = i >= 0 ? Eigen::VectorXf(unit_row(i)) : unit_vector(w);
    }
  const auto rows = static_cast<Eigen::Index>(rows_for(restrict));
  const auto np = static_cast<Eigen::Index>(positive.size());
  Eigen::VectorXf scores(rows);
#pragma omp parallel for schedule(static)
  for (Eigen::Index b = 0; b < rows; b += kBlockRows) {
    const auto len = std::min(kBlockRows, rows - b);
    Eigen::MatrixXf cosines = rows_.middleRows(b, len) * terms;
    scale_scores(cosines, b);
    for (Eigen::Index r = 0; r < len; ++r) {
      float num = 1.0f, den = 1.0f;
      for (Eigen::Index k = 0; k < np; ++k) num *= cosmul_term(cosines(r, k));
      for (Eigen::Index k = np; k < cosines.cols(); ++k) den *= cosmul_term(cosines(r, k));
      scores[b + r] = cosmul_score(num, den);
    }
  }
  return to_neighbors(top_k(scores.data(), static_cast<std::size_t>(rows), topn, exclude));
}

std::string SimilarityIndex::doesnt_match(const std::vector<std::string>& words) const {
  if (words.empty()) throw OptionError("doesnt_match: no words given");
  Eigen::VectorXf mean = Eigen::VectorXf::Zero(rows_.cols());
  std::vector<Eigen::VectorXf> vectors;  // unseen words of a subword model get their n-gram vector
  for (const auto& w : words) {
    vectors.push_back(unit_vector(w));
    mean += vectors.back();
  }
  // gensim sorts (similarity, word) descending and takes the last: lowest similarity, then smallest word.
  std::size_t worst = 0;
  float worst_sim = std::numeric_limits<float>::infinity();
  for (std::size_t i = 0; i < words.size(); ++i) {
    const float s = vectors[i].dot(mean);
    if (s < worst_sim || (s == worst_sim && words[i] < words[worst])) {
      worst = i;
      worst_sim = s;
    }
  }
  return words[worst];
}

}  // namespace wordvec
