#pragma once
// Reads the tokens of one byte shard of a plain-text corpus, line by line, with its own handle.
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "corpus/shard_buffer.hpp"
#include "wordvec/corpus/corpus.hpp"

namespace wordvec {

/// Reads the tokens that start inside [begin, end) of a file. A token belongs to the shard its
/// first byte lies in, so the shards of a file together yield every token exactly once.
class ShardReader : public ShardBuffer {
 public:
  /// Opens `path` for the byte range [begin, end); throws IoError.
  ShardReader(const std::filesystem::path& path, std::uint64_t begin, std::uint64_t end);

  /// Calls on_token(std::string_view) for each token of the next line; returns false when the
  /// shard is exhausted (no token was read). The view is valid only during the call.
  template <typename OnToken>
  bool next_line(OnToken&& on_token);

  /// Goes back to the start of the shard (for the next epoch).
  void rewind();
};

template <typename OnToken>
bool ShardReader::next_line(OnToken&& on_token) {
  if (done_) return false;
  bool any = false;
  for (;;) {
    // Skip separators; a newline ends the line once it has tokens.
    for (;;) {
      if (buf_pos_ == buf_end_ && !refill()) {
        done_ = true;
        return any;
      }
      const auto c = static_cast<unsigned char>(buf_[buf_pos_]);
      if (!is_token_separator(c)) break;
      ++buf_pos_;
      if (c == '\n' && any) return true;
    }
    // A token starting at or past the shard end belongs to the next shard.
    if (offset() >= end_) {
      done_ = true;
      return any;
    }
    std::size_t p = buf_pos_;
    for (;;) {
      while (p < buf_end_ && !is_token_separator(static_cast<unsigned char>(buf_[p]))) ++p;
      if (p < buf_end_ || eof_) break;
      // The token runs past the buffer: keep it, read more (the buffer grows for huge tokens).
      const std::size_t scanned = p - buf_pos_;
      if (!refill()) break;
      p = buf_pos_ + scanned;
    }
    on_token(std::string_view(buf_.data() + buf_pos_, p - buf_pos_));
    any = true;
    buf_pos_ = p;
  }
}

}  // namespace wordvec
