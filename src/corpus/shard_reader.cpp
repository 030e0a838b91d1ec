#include "corpus/shard_reader.hpp"

#include <cstring>

namespace wordvec {

ShardReader::ShardReader(const std::filesystem::path& path, std::uint64_t begin, std::uint64_t end)
    : ShardBuffer(path, begin, end) {
  rewind();
}

void ShardReader::rewind() {
  // A shard that starts where the text does (after a byte order mark) starts at a token.
  if (begin_ <= text_start()) {
    reset(text_start());
    return;
  }
  // Start one byte early: if that byte is not a separator, the first partial token belongs to
  // the previous shard and is skipped.
  reset(begin_ - 1);
  if (!refill()) {
    done_ = true;
    return;
  }
  const bool mid_token = !is_token_separator(static_cast<unsigned char>(buf_[buf_pos_]));
  ++buf_pos_;
  if (mid_token) {
    for (;;) {
      while (buf_pos_ < buf_end_ && !is_token_separator(static_cast<unsigned char>(buf_[buf_pos_]))) ++buf_pos_;
      if (buf_pos_ < buf_end_ || !refill()) break;
    }
  }
}

}  // namespace wordvec
