#pragma once
// Counts how often words occur near each other: multithreaded, within a memory budget.
#include <cstdint>
#include <filesystem>
#include <memory>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/progress.hpp"
#include "wordvec/text/tokenizer.hpp"
#include "wordvec/cooccur/cooccurrence_records.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

class Corpus;

/// How co-occurrences are counted.
struct CooccurrenceOptions {
  int window = 10;                          ///< pairs at distance 1..window count 1/distance, both ways
  int threads = 1;                          ///< counting threads
  std::uint64_t memory_bytes = 1000000000;  ///< budget for the counting structures
  std::filesystem::path temp_dir;           ///< parent of the spill directory; empty: $TMPDIR or /tmp
  int max_fan_in = 64;                      ///< most files one merge opens at once
  std::shared_ptr<const Tokenizer> tokenizer;  ///< how lines split into tokens; null: ASCII whitespace
  CancellationToken cancel;  ///< stops the work with Cancelled once set (default: never)
  /// Throws OptionError for values out of range.
  void validate() const;
};

/// What counting did, for reports and tests.
struct CooccurrenceStats {
  std::uint64_t tokens = 0;        ///< in-vocabulary tokens read
  std::uint64_t pairs = 0;         ///< word pairs within the window (each pair once)
  std::uint64_t dense_words = 0;   ///< pairs of the this many most frequent words use the dense block
  std::uint64_t runs = 0;          ///< sorted runs made from the sparse buffers
  std::uint64_t spill_files = 0;   ///< files written to the spill directory (runs and merges)
  std::uint64_t merge_passes = 0;  ///< intermediate merges that kept the fan-in bounded
  std::uint64_t records = 0;       ///< (word, context) records, mirrors included
};

/// Counts co-occurrences in `corpus` of the words of `vocab`, as Stanford GloVe's `cooccur
/// -symmetric 1` does: within each line (out-of-vocabulary words removed first), a pair of words
/// at distance d <= window adds 1/d to both (w1, w2) and (w2, w1). The result is paired (each
/// record stands for its mirror too) and sorted. Counting is exact and order-independent (fixed
/// point), so the result does not depend on threads or on the memory budget. Spilled runs go to
/// a private directory that is removed on success, on error and on cancellation.
CooccurrenceRecords count_cooccurrences(const Corpus& corpus, const Vocab& vocab, const CooccurrenceOptions& options,
                                        CooccurrenceStats* stats = nullptr, const ProgressCallback& progress = {});

}  // namespace wordvec
