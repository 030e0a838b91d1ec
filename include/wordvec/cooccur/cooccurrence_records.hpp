#pragma once
// Co-occurrence records in memory: (word, context, weighted count) triples, 12 bytes each.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "wordvec/core/random.hpp"

namespace wordvec {

/// One co-occurrence: word w1 seen with context word w2, weighted count `value` (0-based ids).
struct CooccurRecord {
  std::uint32_t w1;  ///< word id
  std::uint32_t w2;  ///< context word id
  float value;       ///< sum of 1/distance over all their co-occurrences
};
static_assert(sizeof(CooccurRecord) == 12);

/// A list of records stored in fixed-size blocks, so that growing it never copies (no peak of
/// twice its size) and a shuffle works in place. When `paired()`, each record (a, b, x) with a != b
/// also stands for its mirror (b, a, x): symmetric counts are stored once, at half the memory.
class CooccurrenceRecords {
 public:
  static constexpr std::size_t kBlockShift = 20;  ///< 2^20 records (12 MiB) per block
  static constexpr std::size_t kBlock = std::size_t{1} << kBlockShift;

  /// An empty list; `paired` says whether records stand for their mirror too.
  explicit CooccurrenceRecords(bool paired = false) : paired_(paired) {}

  /// Appends a record.
  void push_back(const CooccurRecord& r) {
    if ((size_ & (kBlock - 1)) == 0 && (size_ >> kBlockShift) == blocks_.size())
      blocks_.emplace_back(new CooccurRecord[kBlock]);
    (*this)[size_++] = r;
  }
  /// Record i.
  CooccurRecord& operator[](std::size_t i) { return blocks_[i >> kBlockShift][i & (kBlock - 1)]; }
  const CooccurRecord& operator[](std::size_t i) const { return blocks_[i >> kBlockShift][i & (kBlock - 1)]; }
  /// Number of stored records.
  std::size_t size() const { return size_; }
  /// True when no record is stored.
  bool empty() const { return size_ == 0; }
  /// True when each off-diagonal record also stands for its mirror.
  bool paired() const { return paired_; }
  /// Number of (word, context) records it stands for: mirrors included.
  std::uint64_t directed_size() const;
  /// Bytes held.
  std::size_t bytes() const { return blocks_.size() * kBlock * sizeof(CooccurRecord); }
  /// Fisher-Yates shuffle in place.
  void shuffle(Random& rng);
  /// Frees everything.
  void clear() {
    blocks_.clear();
    size_ = 0;
  }

 private:
  std::vector<std::unique_ptr<CooccurRecord[]>> blocks_;
  std::size_t size_ = 0;
  bool paired_;
};

/// A second order over n items: visit v reads item v * P mod n, for a prime P that does not
/// divide n, so it is a permutation of 0..n-1 whose neighbours are far apart in the first order.
/// GloVe training reads paired records in this order for their mirrors, so a record's two
/// directions come at unrelated times (as in a shuffled file of both), without storing a second
/// permutation.
class StridedOrder {
 public:
  explicit StridedOrder(std::size_t n) : n_(n), prime_(n % 2654435761ULL != 0 ? 2654435761ULL : 4294967291ULL) {}
  /// The item read at visit `v` (< n).
  std::size_t operator()(std::size_t v) const {
    const auto x = static_cast<std::uint64_t>(v);
    if (n_ <= 0xFFFFFFFFULL) return static_cast<std::size_t>(x * prime_ % n_);  // both factors < 2^32
    __extension__ typedef unsigned __int128 Wide;
    return static_cast<std::size_t>(static_cast<Wide>(x) * prime_ % n_);
  }

 private:
  std::uint64_t n_, prime_;
};

}  // namespace wordvec
