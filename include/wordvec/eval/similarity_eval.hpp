#pragma once
// Word-similarity benchmarks (WordSim-353, SimLex-999, ...): correlation of cosine with human scores,
// as gensim's evaluate_word_pairs.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "wordvec/core/progress.hpp"
#include "wordvec/text/tokenizer.hpp"
#include "wordvec/query/similarity_index.hpp"

namespace wordvec {

/// One judged pair.
struct WordPair {
  std::string a;          ///< first word
  std::string b;          ///< second word
  double gold = 0.0;      ///< human score
  std::size_t line = 0;   ///< 1-based line in the file
};

/// A whole word-pair file.
struct WordPairSet {
  std::string source;           ///< path, for messages and reports
  std::vector<WordPair> pairs;  ///< in file order
};

/// Parses "w1 w2 score" lines separated by tabs (or, in files without tabs, by commas or spaces);
/// `#` lines and blank lines are skipped. A first line whose score is not a number is a header;
/// the original SimLex-999 header (word1 word2 POS SimLex999 ...) selects its SimLex999 column.
/// Throws FormatError with the line number for any other malformed line.
WordPairSet parse_word_pairs(std::string_view text, const std::string& source);
/// Reads and parses a word-pair file; throws IoError / FormatError. A byte order mark at the start is skipped,
/// and `notice` told so.
WordPairSet read_word_pairs(const std::filesystem::path& path, const NoticeCallback& notice = {});
/// Every word of `set` as `tokenizer` normalises corpus words (the model's tokenizer).
void normalize_words(WordPairSet& set, const Tokenizer& tokenizer);

/// How pairs are looked up.
struct SimilarityOptions {
  std::size_t restrict = 300000;  ///< pairs with a word outside the first N rows are out of vocabulary; 0 = all
  bool case_insensitive = true;   ///< compare upper-cased words, first case variant wins (gensim's default)
  /// A word outside the searched rows gets its subword vector (models with subwords) instead of
  /// putting its pair out of vocabulary.
  bool oov_subword = false;
  /// A pair with an unknown word enters the correlations with similarity 0 instead of being left out
  /// (gensim's dummy4unknown=True).
  bool dummy4unknown = false;
};

/// Everything evaluating one word-pair file gives.
struct SimilarityResult {
  std::string source;        ///< the file
  std::size_t pairs = 0;     ///< pairs in the file
  std::size_t used = 0;      ///< pairs with both words known
  double spearman = 0.0;     ///< Spearman's rho (ties as average ranks) over the used pairs (every pair with dummy4unknown); NaN if undefined
  double pearson = 0.0;      ///< Pearson's r over the same pairs; NaN if undefined
  /// Percentage of pairs with an unknown word.
  double oov_percent() const { return pairs ? 100.0 * static_cast<double>(pairs - used) / static_cast<double>(pairs) : 0.0; }
};

/// Correlates the cosine of each pair with its human score (NaN correlations when fewer than two pairs are usable).
SimilarityResult evaluate_word_pairs(const SimilarityIndex& index, const WordPairSet& set, const SimilarityOptions& options);

}  // namespace wordvec
