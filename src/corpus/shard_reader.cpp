#include "corpus/shard_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

namespace {
constexpr std::size_t kChunk = 1 << 20;
}

ShardReader::ShardReader(const std::filesystem::path& path, std::uint64_t begin, std::uint64_t end)
    : begin_(begin), end_(end), buf_(2 * kChunk) {
  fd_ = ::open(path.c_str(), O_RDONLY);
  if (fd_ < 0) throw IoError(fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  rewind();
}

ShardReader::~ShardReader() {
  if (fd_ >= 0) ::close(fd_);
}

void ShardReader::rewind() {
  done_ = false;
  eof_ = false;
  buf_pos_ = buf_end_ = 0;
  if (begin_ == 0) {
    file_pos_ = 0;
    return;
  }
  // Start one byte early: if that byte is not a separator, the first partial token belongs to
  // the previous shard and is skipped.
  file_pos_ = begin_ - 1;
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

bool ShardReader::refill() {
  if (eof_) return false;
  // Keep the unread tail at the front of the buffer.
  const std::size_t keep = buf_end_ - buf_pos_;
  if (keep > 0 && buf_pos_ > 0) std::memmove(buf_.data(), buf_.data() + buf_pos_, keep);
  buf_pos_ = 0;
  buf_end_ = keep;
  if (buf_.size() - buf_end_ < kChunk) buf_.resize(buf_end_ + kChunk);
  for (;;) {
    const ssize_t n = ::pread(fd_, buf_.data() + buf_end_, kChunk, static_cast<off_t>(file_pos_));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError(fmt::format("read failed at byte {}: {}", file_pos_, std::strerror(errno)));
    }
    if (n == 0) {
      eof_ = true;
      return buf_end_ > buf_pos_;
    }
    buf_end_ += static_cast<std::size_t>(n);
    file_pos_ += static_cast<std::uint64_t>(n);
    return true;
  }
}

}  // namespace wordvec
