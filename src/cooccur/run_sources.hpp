#pragma once
// Sorted streams of run entries (in memory, in a spill file, the dense block) and their k-way merge.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "cooccur/run_writer.hpp"
#include "wordvec/core/cancel.hpp"

namespace wordvec::cooccur {

/// A stream of entries in key order.
class Source {
 public:
  virtual ~Source() = default;
  /// The next entry; false at the end.
  virtual bool next(RunEntry& out) = 0;
};

/// A run in memory (not copied: it must outlive the source).
class MemorySource : public Source {
 public:
  /// Streams `run`.
  explicit MemorySource(const Run& run) : run_(run) {}
  bool next(RunEntry& out) override {
    if (pos_ == run_.size()) return false;
    out = run_[pos_++];
    return true;
  }

 private:
  const Run& run_;
  std::size_t pos_ = 0;
};

/// A spill file written by RunWriter, read through a buffer.
class FileSource : public Source {
 public:
  /// Opens `path`; throws IoError when it cannot.
  explicit FileSource(std::filesystem::path path);
  /// Throws IoError when a read fails.
  bool next(RunEntry& out) override {
    if (pos_ == end_ && !refill()) return false;
    out = buf_[pos_++];
    return true;
  }

 private:
  static constexpr std::size_t kBuf = 1 << 15;  // 512 KiB
  bool refill();
  std::filesystem::path path_;
  FilePtr file_;
  std::vector<RunEntry> buf_;
  std::size_t pos_ = 0, end_ = 0;
};

/// The dense block: a lower triangle of counters for pairs of the most frequent words, indexed
/// directly by hi * (hi + 1) / 2 + lo, which is also key order; zero cells are skipped.
class DenseSource : public Source {
 public:
  /// Streams the non-zero `cells` as keys of a vocabulary of `vocab_size` words.
  DenseSource(const std::vector<std::uint32_t>& cells, std::uint64_t vocab_size)
      : cells_(cells), vocab_size_(vocab_size) {}
  bool next(RunEntry& out) override {
    for (; idx_ < cells_.size(); ++idx_) {
      const std::uint32_t c = cells_[idx_];
      const std::uint64_t lo = lo_, hi = hi_;
      if (++lo_ > hi_) {
        ++hi_;
        lo_ = 0;
      }
      if (c != 0) {
        ++idx_;
        out = {hi * vocab_size_ + lo, c};
        return true;
      }
    }
    return false;
  }

 private:
  const std::vector<std::uint32_t>& cells_;
  std::uint64_t vocab_size_;
  std::size_t idx_ = 0;
  std::uint64_t hi_ = 0, lo_ = 0;
};

/// Merges sorted sources, summing equal keys; calls emit(key, count) in key order. Throws
/// Cancelled once `cancel` is set.
template <typename Emit>
void merge_sources(const std::vector<Source*>& sources, Emit&& emit, const CancellationToken& cancel = {}) {
  struct Head {
    RunEntry e;
    std::size_t src;
  };
  std::vector<Head> heap;
  for (std::size_t s = 0; s < sources.size(); ++s) {
    RunEntry e;
    if (sources[s]->next(e)) heap.push_back({e, s});
  }
  auto later = [](const Head& a, const Head& b) { return a.e.key > b.e.key; };
  std::make_heap(heap.begin(), heap.end(), later);
  std::uint64_t n = 0;
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const std::uint64_t key = heap.back().e.key;
    std::uint64_t count = 0;
    for (;;) {
      Head& top = heap.back();
      count += top.e.count;
      if (sources[top.src]->next(top.e)) {
        if (top.e.key == key) continue;  // the common case of a long run of one source
        std::push_heap(heap.begin(), heap.end(), later);
      } else {
        heap.pop_back();
      }
      if (heap.empty() || heap.front().e.key != key) break;
      std::pop_heap(heap.begin(), heap.end(), later);
    }
    emit(key, count);
    if ((++n & 0xFFFFF) == 0) cancel.throw_if_requested();
  }
}

}  // namespace wordvec::cooccur
