#pragma once
// Deterministic training's private rows: within a round, every block reads and writes its own
// copies of the rows it touches, so no block sees another's writes and no write races; at the end
// of the round the copies are merged into the shared matrix in block order, so every float sum has
// the same operands in the same order whatever the number of threads.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

#include "wordvec/core/error.hpp"
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
  /// Appends a copy of `src` standing for row `r`; returns it (64-byte aligned, stride floats).
  float* add(std::uint32_t r, const float* src) {
    const std::size_t i = rows_.size();
    if ((i >> kShift) == chunks_.size()) chunks_.push_back(allocate());
    float* d = chunks_[i >> kShift].get() + (i & kMask) * stride_;
    for (std::size_t k = 0; k < stride_; k += kernels::kLanes) kernels::store(d + k, kernels::load(src + k));
    rows_.push_back(r);
    return d;
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

/// A round's private rows of one matrix: for each of the round's block slots its copies and a map
/// from row to copy, and for each row the set of slots that copied it. The map is per slot, not
/// per thread, so it is cleared row by row in the merge instead of by a pass over the copies.
class RoundRows {
 public:
  /// One block's way into the matrix: row r is the block's copy of it, made from the shared
  /// matrix (unchanged during the round) on first touch.
  class Block {
   public:
    float* row(std::size_t r) {
      float* p = map_[r];
      return p != nullptr ? p : copy(r);
    }
    /// Where row r will be read from, without copying it: the block's copy if it has one, else
    /// the shared row. For prefetching: the copy made later on first touch then finds the shared
    /// row in cache instead of stalling on it (a copy reads its source at once).
    const float* peek(std::size_t r) const {
      const float* p = map_[r];
      return p != nullptr ? p : shared_->row(r);
    }

   private:
    friend class RoundRows;
    [[gnu::noinline]] float* copy(std::size_t r) {
      float* p = copies_->add(static_cast<std::uint32_t>(r), shared_->row(r));
      map_[r] = p;
      std::atomic_ref<std::uint32_t>(touched_[r]).fetch_or(bit_, std::memory_order_relaxed);
      return p;
    }
    const HogwildMatrix* shared_ = nullptr;
    RowCopies* copies_ = nullptr;
    float** map_ = nullptr;
    std::uint32_t* touched_ = nullptr;
    std::uint32_t bit_ = 0;
  };

  static constexpr std::size_t kMaxSlots = 32;  // slots per round: the bits of `touched_`
  static constexpr std::size_t kAhead = 8;      // merge: rows prefetched ahead

  RoundRows(const HogwildMatrix& shared, std::size_t slots) : shared_(&shared), touched_(shared.rows(), 0) {
    if (slots > kMaxSlots) throw Error("deterministic training: at most 32 blocks per round");
    for (std::size_t s = 0; s < slots; ++s) {
      copies_.emplace_back(shared.stride());
      maps_.emplace_back(shared.rows(), nullptr);
    }
  }

  /// Starts slot `s`'s block: forgets the slot's copies of the last round (merged by now).
  Block begin(std::size_t s) {
    copies_[s].clear();
    Block b;
    b.shared_ = shared_;
    b.copies_ = &copies_[s];
    b.map_ = maps_[s].data();
    b.touched_ = touched_.data();
    b.bit_ = std::uint32_t{1} << s;
    return b;
  }

  /// Merges slots 0..n-1 into `shared` (the matrix this was made with): thread `thread` of
  /// `threads` the rows it owns. A row copied by one block becomes that copy; a row copied by
  /// several becomes the first one's copy plus the others' changes (copy - round start), added
  /// in slot order: so the result is the same for any thread count.
  void merge(HogwildMatrix& shared, std::size_t n, int thread, int threads) {
    const std::size_t stride = shared.stride();
    const auto t = static_cast<std::uint32_t>(thread), nt = static_cast<std::uint32_t>(threads);
    for (std::size_t s = 0; s < n; ++s) {
      const RowCopies& c = copies_[s];
      const std::size_t size = c.size();
      for (std::size_t i = 0; i < size; ++i) {
        // The rows are scattered over the matrix: ask for the one kAhead copies on (its flags
        // and its shared row) while this one is merged.
        if (i + kAhead < size) {
          const std::uint32_t ra = c.row(i + kAhead);
          if ((ra >> 4) % nt == t) {
            __builtin_prefetch(&touched_[ra], 1, 3);
            kernels::prefetch_row(shared.row(ra), stride);
          }
        }
        const std::uint32_t r = c.row(i);
        if ((r >> 4) % nt != t) continue;
        const std::uint32_t touched = touched_[r];
        if (touched == 0) continue;  // merged already, from an earlier slot's list
        touched_[r] = 0;
        float* dst = shared.row(r);
        float* first = maps_[s][r];
        maps_[s][r] = nullptr;
        const std::uint32_t others = touched & ~(std::uint32_t{1} << s);  // s is the lowest bit
        if (others == 0) {
          for (std::size_t k = 0; k < stride; k += kernels::kLanes) kernels::store(dst + k, kernels::load(first + k));
          continue;
        }
        float* more[kMaxSlots];
        int m = 0;
        for (std::uint32_t bits = others; bits != 0; bits &= bits - 1) {
          const auto o = static_cast<std::size_t>(__builtin_ctz(bits));
          more[m++] = maps_[o][r];
          maps_[o][r] = nullptr;
        }
        for (std::size_t k = 0; k < stride; k += kernels::kLanes) {
          const kernels::Vec start = kernels::load(dst + k);
          kernels::Vec acc = kernels::load(first + k);
          for (int j = 0; j < m; ++j) acc += kernels::load(more[j] + k) - start;
          kernels::store(dst + k, acc);
        }
      }
    }
  }

 private:
  const HogwildMatrix* shared_;
  std::vector<RowCopies> copies_;
  std::vector<std::vector<float*>> maps_;  // per slot: row -> its copy, or null
  std::vector<std::uint32_t> touched_;     // per row: bit s when slot s copied it (atomic_ref in Block::row)
};

}  // namespace wordvec
