#pragma once
// jieba's segmentation (jieba 0.42 `Tokenizer.cut` with cut_all=False), over code points: the prefix
// dictionary as a trie, the DAG and its max-probability route, and finalseg's BMES Viterbi.
#include <array>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace wordvec::text {

/// A token of a cut: code points [begin, end) of the text.
struct Span {
  std::uint32_t begin, end;
};

/// jieba's dictionary, HMM tables and user words; cut() may be called from many threads at once.
class JiebaSegmenter {
 public:
  /// Reads dict.txt ("word freq [tag]" lines) and the HMM tables prob_start.py, prob_trans.py and
  /// prob_emit.py from `hmm_dir`; throws IoError / FormatError with the file and line.
  JiebaSegmenter(const std::filesystem::path& dict, const std::filesystem::path& hmm_dir);
  /// Adds the words of a user dictionary as jieba.load_userdict does ("word [freq] [tag]" lines).
  void load_user_dict(const std::filesystem::path& path);
  /// Adds one word as jieba's add_word (freq < 0: suggest_freq's frequency).
  void add_word(const std::u32string& word, std::int64_t freq);
  /// Appends the tokens jieba.cut(text, HMM=hmm) yields for code points `text` to `out`.
  void cut(const std::u32string& text, bool hmm, std::vector<Span>& out) const;
  /// The sum of all frequencies (jieba's total).
  std::int64_t total() const { return total_; }
  /// Frequency of `word`, or -1 when it is not even a prefix of a word.
  std::int64_t frequency(std::u32string_view word) const;

 private:
  std::int32_t child(std::int32_t node, char32_t cp) const;
  std::int32_t add_child(std::int32_t node, char32_t cp);
  void insert(std::u32string_view word, std::int64_t freq);
  void read_dict(const std::filesystem::path& path);
  void read_hmm(const std::filesystem::path& dir);
  void cut_block(const char32_t* s, std::uint32_t n, std::uint32_t offset, bool hmm, std::vector<Span>& out) const;
  void cut_unknown(const char32_t* s, std::uint32_t n, std::uint32_t offset, std::vector<Span>& out) const;
  void viterbi(const char32_t* s, std::uint32_t n, std::uint32_t offset, std::vector<Span>& out) const;
  double emit(int state, char32_t cp) const;

  // The trie: node 0 is the root; children of the root by code point in a table, deeper ones in
  // an open-addressing hash of (node, code point).
  std::vector<std::int64_t> freq_;
  std::vector<double> log_freq_;  // log(freq), 0 (= log 1) for prefixes
  std::vector<std::int32_t> root_;
  std::vector<std::uint64_t> keys_;
  std::vector<std::int32_t> values_;
  std::size_t used_ = 0;
  std::int64_t total_ = 0;
  double log_total_ = 0.0;
  std::set<std::u32string> force_split_;  // user words with frequency 0: the HMM never yields them

  // HMM, states in jieba's order of comparison: B E M S.
  std::array<double, 4> start_{};
  std::array<std::array<double, 4>, 4> trans_{};
  std::vector<std::array<double, 4>> emit_;  // by BMP code point
};

/// UTF-8 to code points; an invalid sequence becomes char32_t(-1). `offsets` (when given) gets the byte
/// offset of every code point and one past the end.
std::u32string decode_utf8(std::string_view s, std::vector<std::uint32_t>* offsets = nullptr);

}  // namespace wordvec::text
