#pragma once
// The vocabulary: words with their corpus counts, most frequent first.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wordvec/core/progress.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/text/tokenizer.hpp"
#include "wordvec/vocab/string_table.hpp"

namespace wordvec {


/// The order of words with equal counts.
enum class VocabTies {
  FirstSeen,  ///< first occurrence in the corpus first (deterministic for any thread count)
  Bytes,      ///< byte order of the words, compared as signed chars: Stanford GloVe's vocab_count,
              ///< so word ids (and co-occurrence files) agree with its vocab.txt
};

/// How a vocabulary is cut from a corpus.
struct VocabOptions {
  std::uint64_t min_count = 5;  ///< words seen fewer times are dropped
  std::uint64_t max_vocab = 0;  ///< keep at most this many most frequent words; 0 = no limit
  int threads = 1;              ///< counting threads
  VocabTies ties = VocabTies::FirstSeen;  ///< order of words with equal counts
  InvalidUtf8 invalid_utf8 = InvalidUtf8::Error;  ///< text that is not valid UTF-8 (Skip, Replace: build_vocab repairs the corpus)
  NoticeCallback notice;  ///< told when a byte order mark is skipped or lines are skipped or repaired; may be empty
  std::shared_ptr<const Tokenizer> tokenizer;  ///< how lines split into tokens; null: ASCII whitespace
  /// Throws OptionError for values out of range.
  void validate() const;
};

/// Words and their counts; word ids are row numbers of every matrix built on it.
class Vocab {
 public:
  /// Appends a word; throws FormatError when it is already present.
  std::int32_t add(std::string_view word, std::uint64_t count = 0);
  /// Id of `word`, or -1 when unknown.
  std::int32_t find(std::string_view word) const { return table_.find(word); }
  /// True when `word` is known.
  bool contains(std::string_view word) const { return find(word) >= 0; }
  /// Number of words.
  std::size_t size() const { return table_.size(); }
  /// True when there are no words.
  bool empty() const { return size() == 0; }
  /// The word with id `id`.
  const std::string& word(std::size_t id) const { return table_.key(id); }
  /// All words in id order.
  const std::vector<std::string>& words() const { return table_.keys(); }
  /// Corpus count of word `id` (0 when unknown, e.g. read from a file without counts).
  std::uint64_t count(std::size_t id) const { return counts_[id]; }
  /// All counts in id order.
  const std::vector<std::uint64_t>& counts() const { return counts_; }
  /// Sum of all counts.
  std::uint64_t total_count() const { return total_; }
  /// Makes room for `n` words without rehashing.
  void reserve(std::size_t n) {
    table_.reserve(n);
    counts_.reserve(n);
  }
  /// Keeps only the first `n` words.
  void truncate(std::size_t n);

 private:
  StringTable table_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t total_ = 0;
};

/// What counting a corpus found, beyond the vocabulary itself.
struct VocabStats {
  std::uint64_t tokens = 0;         ///< all tokens in the corpus
  std::uint64_t distinct = 0;       ///< distinct tokens before min-count
  std::uint64_t kept_tokens = 0;    ///< tokens whose word is in the vocabulary
  std::uint64_t lines = 0;          ///< non-empty lines
  Utf8Repair invalid_utf8;          ///< lines skipped or repaired because they were not valid UTF-8
};

/// Counts the words of `corpus` with `options.threads` threads, each reading its own shard;
/// returns words with count >= min_count sorted by count (ties: options.ties). Text that is not
/// valid UTF-8 stops it (FormatError with the line and byte offset) or, with InvalidUtf8::Skip or
/// Replace, repairs the corpus (Corpus::repair_utf8) before it is counted, so that training reads
/// the repaired text too; options.notice is told what was skipped or repaired, and of a byte order mark.
/// Throws DataError when no word reaches min_count.
Vocab build_vocab(Corpus& corpus, const VocabOptions& options, VocabStats* stats = nullptr,
                  const ProgressCallback& progress = {});

/// Every distinct token of (part of) a corpus with its count and where it was first seen, before
/// the vocabulary is cut: what counting shards produces and merging combines.
struct WordCounts {
  StringTable words;                 ///< distinct tokens, in order of first insertion
  std::vector<std::uint64_t> counts;  ///< count of each
  std::vector<std::uint64_t> first;   ///< byte offset of its first occurrence in the whole corpus
  std::uint64_t tokens = 0;           ///< tokens counted
  std::uint64_t lines = 0;            ///< non-empty lines counted
  /// Adds `other`, which counted text after all of this one's (shards in corpus order).
  void merge(const WordCounts& other);
};

/// Counts the tokens of `corpus` (its byte range, see Corpus::restrict) with options.threads threads.
WordCounts count_words(const Corpus& corpus, const VocabOptions& options);
/// count_words, after which a corpus holding invalid UTF-8 is repaired (Corpus::repair_utf8) and counted
/// again when options.invalid_utf8 is Skip or Replace; tells options.notice of what changed and of a
/// byte order mark. What build_vocab counts with, also on each rank of a distributed job.
WordCounts count_words_repairing(Corpus& corpus, const VocabOptions& options, Utf8Repair* repair = nullptr);

/// Cuts the vocabulary from merged counts: count >= min_count, at most max_vocab words, sorted by
/// count (ties: options.ties). `corpus` (where the counts came from, or this rank's part of it) names
/// the corpus in errors: no word left, invalid UTF-8 (FormatError with InvalidUtf8::Error; words that
/// are still invalid with Skip or Replace, counted without repair, are left out).
Vocab cut_vocab(const WordCounts& counts, const VocabOptions& options, const Corpus& corpus,
                VocabStats* stats = nullptr);

}  // namespace wordvec
