#pragma once
// How evaluations find a test-set word among the first N words of a model, optionally ignoring case
// the way gensim does (upper-case both sides; of several case variants the first, most frequent row wins).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

/// Upper-cases UTF-8 text character by character (Unicode simple case mapping; invalid bytes kept).
std::string to_upper(std::string_view text);

/// Finds words among the first `restrict` rows of a vocabulary, exactly or case-insensitively.
class WordLookup {
 public:
  /// `restrict` = 0 means every row.
  WordLookup(const Vocab& vocab, std::size_t restrict, bool case_insensitive);
  /// The row a test-set word stands for, or -1 when it is not among the searched rows.
  std::int32_t find(std::string_view word) const;
  /// The row that represents `row`'s word: itself, or the first case variant when ignoring case.
  std::int32_t canonical(std::int32_t row) const;
  /// Number of rows searched.
  std::size_t rows() const { return rows_; }

 private:
  const Vocab& vocab_;
  std::size_t rows_;
  bool case_insensitive_;
  std::unordered_map<std::string, std::int32_t> upper_;  // upper-cased word -> first row
};

}  // namespace wordvec
