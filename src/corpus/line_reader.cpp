#include "corpus/line_reader.hpp"

#include <cstring>

namespace wordvec {

LineReader::LineReader(const std::filesystem::path& path, std::uint64_t begin, std::uint64_t end)
    : ShardBuffer(path, begin, end) {
  rewind();
}

void LineReader::rewind() {
  // A shard that starts where the text does (after a byte order mark) starts at a line.
  if (begin_ <= text_start()) {
    reset(text_start());
    return;
  }
  // Start one byte early: unless it is a newline, the line in progress belongs to the previous shard.
  reset(begin_ - 1);
  if (!refill()) {
    done_ = true;
    return;
  }
  const bool mid_line = buf_[buf_pos_] != '\n';
  ++buf_pos_;
  if (!mid_line) return;
  for (;;) {
    const void* nl = std::memchr(buf_.data() + buf_pos_, '\n', buf_end_ - buf_pos_);
    if (nl) {
      buf_pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data()) + 1;
      return;
    }
    buf_pos_ = buf_end_;
    if (!refill()) {
      done_ = true;
      return;
    }
  }
}

bool LineReader::next(std::string_view& line) {
  if (done_) return false;
  if (buf_pos_ == buf_end_ && !refill()) {
    done_ = true;
    return false;
  }
  if (offset() >= end_) {
    done_ = true;
    return false;
  }
  std::size_t scanned = 0;
  for (;;) {
    const void* nl = std::memchr(buf_.data() + buf_pos_ + scanned, '\n', buf_end_ - buf_pos_ - scanned);
    if (nl) {
      const auto p = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data());
      std::size_t len = p - buf_pos_;
      if (len > 0 && buf_[p - 1] == '\r') --len;
      line = std::string_view(buf_.data() + buf_pos_, len);
      buf_pos_ = p + 1;
      return true;
    }
    scanned = buf_end_ - buf_pos_;
    if (!refill()) {  // the last line has no newline
      line = std::string_view(buf_.data() + buf_pos_, buf_end_ - buf_pos_);
      buf_pos_ = buf_end_;
      done_ = true;
      return !line.empty();
    }
  }
}

}  // namespace wordvec
