#include "corpus/line_reader.hpp"

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

LineReader::LineReader(const std::filesystem::path& path, std::uint64_t begin, std::uint64_t end)
    : begin_(begin), end_(end), buf_(2 * kChunk) {
  fd_ = ::open(path.c_str(), O_RDONLY);
  if (fd_ < 0) throw IoError(fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  rewind();
}

LineReader::~LineReader() {
  if (fd_ >= 0) ::close(fd_);
}

void LineReader::rewind() {
  done_ = false;
  eof_ = false;
  buf_pos_ = buf_end_ = 0;
  if (begin_ == 0) {
    file_pos_ = 0;
    return;
  }
  // Start one byte early: unless it is a newline, the line in progress belongs to the previous shard.
  file_pos_ = begin_ - 1;
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

bool LineReader::refill() {
  if (eof_) return false;
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
      return false;
    }
    buf_end_ += static_cast<std::size_t>(n);
    file_pos_ += static_cast<std::uint64_t>(n);
    return true;
  }
}

bool LineReader::next(std::string_view& line) {
  if (done_) return false;
  if (buf_pos_ == buf_end_ && !refill()) {
    done_ = true;
    return false;
  }
  const std::uint64_t line_offset = file_pos_ - (buf_end_ - buf_pos_);
  if (line_offset >= end_) {
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
