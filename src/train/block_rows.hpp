#pragma once
// Deterministic training's private rows: within a round, every block reads and writes its own
// copies of the rows it touches, so no block sees another's writes and no write races; at the end
// of the round the copies' changes are added to the shared matrix block after block, so every
// float sum has the same operands in the same order whatever the number of threads.
#include <omp.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "train/hogwild_matrix.hpp"
#include "train/vector_kernels.hpp"

namespace wordvec {

/// One block's copies of the rows it touched in one matrix, in the order it first touched them.
/// Copies live in fixed chunks, so a pointer to one stays valid while more are added.
class RowCopies {
 public:
  explicit RowCopies(std::size_t stride) : stride_(stride) {}

  /// Number of copies.
  std::size_t size() const { return rows_.size(); }
  /// The matrix row copy i stands for.
  std::uint32_t row(std::size_t i) const { return rows_[i]; }
  /// Copy i (64-byte aligned, stride floats).
  float* copy(std::size_t i) { return chunks_[i >> kShift].get() + (i & kMask) * stride_; }
  /// Appends a copy of `src` standing for row `r`; returns its index.
  std::int32_t add(std::uint32_t r, const float* src) {
    const std::size_t i = rows_.size();
    if ((i >> kShift) == chunks_.size()) chunks_.push_back(allocate());
    float* d = copy(i);
    for (std::size_t k = 0; k < stride_; k += 16) kernels::store(d + k, kernels::load(src + k));
    rows_.push_back(r);
    return static_cast<std::int32_t>(i);
  }
  /// Forgets the copies (keeps the memory for the next round).
  void clear() { rows_.clear(); }

 private:
  static constexpr std::size_t kShift = 8;  // 256 rows per chunk
  static constexpr std::size_t kMask = (std::size_t{1} << kShift) - 1;
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::unique_ptr<float, Free> allocate() const {
    auto* p = static_cast<float*>(std::aligned_alloc(64, (std::size_t{1} << kShift) * stride_ * sizeof(float)));
    if (!p) throw std::bad_alloc();
    return std::unique_ptr<float, Free>(p);
  }
  std::size_t stride_;
  std::vector<std::unique_ptr<float, Free>> chunks_;
  std::vector<std::uint32_t> rows_;
};

/// One thread's way into a matrix while it trains a block: row r is the block's copy of it,
/// made from the shared matrix (unchanged during the round) on first touch.
class PrivateRows {
 public:
  explicit PrivateRows(const HogwildMatrix& shared) : shared_(&shared), slot_(shared.rows(), -1) {}

  /// Starts a block whose copies go to `copies` (cleared first).
  void begin(RowCopies& copies) {
    copies_ = &copies;
    copies.clear();
  }
  /// The block's copy of row r.
  float* row(std::size_t r) {
    std::int32_t& s = slot_[r];
    if (s < 0) s = copies_->add(static_cast<std::uint32_t>(r), shared_->row(r));
    return copies_->copy(static_cast<std::size_t>(s));
  }
  /// Ends the block: every copy becomes its change (copy - shared row; the shared matrix still
  /// holds the round's start) and stays in its RowCopies for merge_copies; this map forgets them.
  void end() {
    const std::size_t stride = shared_->stride();
    for (std::size_t i = 0; i < copies_->size(); ++i) {
      const std::uint32_t r = copies_->row(i);
      slot_[r] = -1;
      float* d = copies_->copy(i);
      const float* s = shared_->row(r);
      for (std::size_t k = 0; k < stride; k += 16) kernels::store(d + k, kernels::load(d + k) - kernels::load(s + k));
    }
  }

 private:
  const HogwildMatrix* shared_;
  std::vector<std::int32_t> slot_;  // index into *copies_, or -1
  RowCopies* copies_ = nullptr;
};

/// Adds to `shared` the changes of blocks 0..n-1 (PrivateRows::end), block after block: each
/// thread adds those of its own share of the rows, so every row sees them in block order and the
/// result is the same for any thread count.
inline void merge_copies(HogwildMatrix& shared, std::vector<RowCopies>& blocks, std::size_t n, int threads) {
  const std::size_t stride = shared.stride();
#pragma omp parallel num_threads(threads)
  {
    const auto t = static_cast<std::uint32_t>(omp_get_thread_num());
    const auto nt = static_cast<std::uint32_t>(omp_get_num_threads());
    for (std::size_t b = 0; b < n; ++b) {
      RowCopies& c = blocks[b];
      for (std::size_t i = 0; i < c.size(); ++i) {
        const std::uint32_t r = c.row(i);
        if ((r >> 4) % nt == t) kernels::add(shared.row(r), c.copy(i), stride);
      }
    }
  }
}

}  // namespace wordvec
