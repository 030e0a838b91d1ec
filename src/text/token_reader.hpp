#pragma once
// Tokens of one byte shard of a corpus, line by line, through a Tokenizer: the same interface as
// ShardReader, which stays the (untouched) fast path for the whitespace tokenizer.
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "corpus/line_reader.hpp"
#include "corpus/shard_reader.hpp"
#include "wordvec/text/tokenizer.hpp"

namespace wordvec {

/// Reads the lines starting inside [begin, end) and hands out their tokens.
class TokenReader {
 public:
  /// Opens `path` for [begin, end); `tokenizer` must outlive the reader.
  TokenReader(const std::filesystem::path& path, std::uint64_t begin, std::uint64_t end, const Tokenizer& tokenizer)
      : lines_(path, begin, end), tokenizer_(tokenizer) {}

  /// Calls on_token(std::string_view) for each token of the next line that has any; returns false
  /// when the shard is exhausted (no token was read).
  template <typename OnToken>
  bool next_line(OnToken&& on_token) {
    std::string_view line;
    while (lines_.next(line)) {
      tokens_.clear();
      tokenizer_.tokenize(line, tokens_);
      if (tokens_.empty()) continue;
      for (std::size_t i = 0; i < tokens_.size(); ++i) on_token(tokens_[i]);
      return true;
    }
    return false;
  }
  /// Goes back to the start of the shard.
  void rewind() { lines_.rewind(); }
  /// Bytes of the shard consumed so far.
  std::uint64_t consumed() const { return lines_.consumed(); }

 private:
  LineReader lines_;
  const Tokenizer& tokenizer_;
  TokenList tokens_;
};

/// Calls fn(reader) with a reader of the shard [begin, end) of `path`: a ShardReader when
/// `tokenizer` is null or whitespace (the fast path), else a TokenReader.
template <typename Fn>
void with_token_reader(const std::filesystem::path& path, std::uint64_t begin, std::uint64_t end,
                       const Tokenizer* tokenizer, Fn&& fn) {
  if (tokenizer == nullptr || tokenizer->is_whitespace()) {
    ShardReader reader(path, begin, end);
    fn(reader);
  } else {
    TokenReader reader(path, begin, end, *tokenizer);
    fn(reader);
  }
}

}  // namespace wordvec
