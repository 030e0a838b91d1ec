#include "phrases/line_shards.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

std::vector<std::uint64_t> line_shards(const Corpus& corpus, std::size_t count) {
  const std::uint64_t size = corpus.size_bytes();
  std::vector<std::uint64_t> b(count + 1, size);
  b[0] = 0;
  const int fd = ::open(corpus.text_path().c_str(), O_RDONLY);
  if (fd < 0) throw IoError(fmt::format("{}: cannot open: {}", corpus.text_path().string(), std::strerror(errno)));
  char buf[1 << 16];
  for (std::size_t k = 1; k < count; ++k) {
    std::uint64_t pos = std::max(b[k - 1], size / count * k);
    std::uint64_t found = size;
    while (pos < size) {
      const ssize_t n = ::pread(fd, buf, sizeof buf, static_cast<off_t>(pos));
      if (n < 0) {
        const int err = errno;
        ::close(fd);
        throw IoError(fmt::format("{}: read failed: {}", corpus.text_path().string(), std::strerror(err)));
      }
      if (n == 0) break;
      if (const void* nl = std::memchr(buf, '\n', static_cast<std::size_t>(n))) {
        found = pos + static_cast<std::uint64_t>(static_cast<const char*>(nl) - buf) + 1;
        break;
      }
      pos += static_cast<std::uint64_t>(n);
    }
    b[k] = found;
  }
  ::close(fd);
  return b;
}

}  // namespace wordvec
