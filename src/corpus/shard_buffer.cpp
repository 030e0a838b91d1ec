#include "corpus/shard_buffer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/core/utf8.hpp"

namespace wordvec {

namespace {
constexpr std::size_t kChunk = 1 << 20;
}

ShardBuffer::ShardBuffer(const std::filesystem::path& path, std::uint64_t begin, std::uint64_t end)
    : begin_(begin), end_(end), buf_(2 * kChunk) {
  fd_ = ::open(path.c_str(), O_RDONLY);
  if (fd_ < 0) throw IoError(fmt::format("{}: cannot open: {}", path.string(), std::strerror(errno)));
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  char head[3];
  bom_ = ::pread(fd_, head, sizeof head, 0) == 3 && std::string_view(head, 3) == kUtf8Bom;
}

ShardBuffer::~ShardBuffer() {
  if (fd_ >= 0) ::close(fd_);
}

void ShardBuffer::reset(std::uint64_t file_pos) {
  done_ = false;
  eof_ = false;
  buf_pos_ = buf_end_ = 0;
  file_pos_ = file_pos;
}

bool ShardBuffer::refill() {
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
      return buf_end_ > buf_pos_;
    }
    buf_end_ += static_cast<std::size_t>(n);
    file_pos_ += static_cast<std::uint64_t>(n);
    return true;
  }
}

}  // namespace wordvec
