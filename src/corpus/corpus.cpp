#include "wordvec/corpus/corpus.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"

namespace wordvec {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Creates the spool file under an unpredictable name (O_CREAT | O_EXCL, mode 0600) and unlinks it at once:
// nobody else can open it, and nothing is left behind whatever ends the process. Returns the descriptor.
int make_spool_file(const std::filesystem::path& temp_dir) {
  std::error_code ec;
  auto dir = temp_dir.empty() ? std::filesystem::temp_directory_path(ec) : temp_dir;
  if (ec) dir = ".";
  std::string templ = (dir / "wordvec-corpus-XXXXXX").string();
  const int fd = ::mkostemp(templ.data(), O_CLOEXEC);
  if (fd < 0)
    throw IoError(fmt::format("{}: cannot create the temporary copy of the corpus: {}", dir.string(),
                              std::strerror(errno)));
  ::unlink(templ.c_str());
  return fd;
}

void write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR && !cancel_requested()) continue;
    if (n < 0 && cancel_requested()) throw Cancelled();
    if (n <= 0)
      throw IoError(fmt::format("writing the temporary copy of the corpus failed: {}", std::strerror(errno)));
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

// Copies a stream (stdin or a gzip file) into the spool file.
template <typename ReadFn>
std::uint64_t spool(const std::string& name, int fd, ReadFn&& read_chunk) {
  std::vector<char> buf(1 << 20);
  std::uint64_t total = 0;
  for (;;) {
    if (cancel_requested()) throw Cancelled();
    const long n = read_chunk(buf.data(), buf.size());
    if (cancel_requested()) throw Cancelled();
    if (n < 0) throw IoError(fmt::format("{}: read failed", name));
    if (n == 0) break;
    write_all(fd, buf.data(), static_cast<std::size_t>(n));
    total += static_cast<std::uint64_t>(n);
  }
  return total;
}

}  // namespace

Corpus Corpus::open(const std::string& path, const std::filesystem::path& temp_dir) {
  Corpus corpus;
  corpus.name_ = path == "-" ? std::string("<stdin>") : path;
  if (path == "-" || ends_with(path, ".gz")) {
    corpus.spool_fd_ = make_spool_file(temp_dir);  // the destructor closes it, also when spooling fails
    // The readers open the unlinked file again through its descriptor.
    corpus.text_path_ = fmt::format("/proc/self/fd/{}", corpus.spool_fd_);
    if (path == "-") {
      struct stat st {};
      if (::fstat(STDIN_FILENO, &st) == 0 && S_ISDIR(st.st_mode))
        throw IoError("<stdin>: cannot read the corpus: standard input is a directory");
      corpus.size_ = spool(corpus.name_, corpus.spool_fd_, [](char* buf, std::size_t n) -> long {
        for (;;) {
          const ssize_t got = ::read(STDIN_FILENO, buf, n);
          if (got < 0 && errno == EINTR && !cancel_requested()) continue;
          return got < 0 && cancel_requested() ? 0 : static_cast<long>(got);
        }
      });
    } else {
      if (!std::filesystem::is_regular_file(path))
        throw IoError(fmt::format("{}: cannot open input: no such file", path));
      gzFile gz = gzopen(path.c_str(), "rb");
      if (!gz) throw IoError(fmt::format("{}: cannot open input: {}", path, std::strerror(errno)));
      std::unique_ptr<gzFile_s, int (*)(gzFile)> guard(gz, gzclose);
      corpus.size_ = spool(corpus.name_, corpus.spool_fd_, [&](char* buf, std::size_t n) -> long {
        const int got = gzread(gz, buf, static_cast<unsigned>(n));
        int errnum = Z_OK;
        const char* message = gzerror(gz, &errnum);
        // A stream cut short reads as end of file with Z_BUF_ERROR set.
        if (got < 0 || (errnum != Z_OK && errnum != Z_STREAM_END))
          throw FormatError(fmt::format("{}: corrupt or truncated gzip data: {}", path, message));
        return got;
      });
    }
  } else {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      throw IoError(fmt::format("{}: cannot open input: no such file", path));
    if (!std::filesystem::is_regular_file(path, ec))
      throw IoError(fmt::format("{}: cannot open input: not a regular file", path));
    std::FILE* probe = std::fopen(path.c_str(), "rb");
    if (!probe) throw IoError(fmt::format("{}: cannot open input: {}", path, std::strerror(errno)));
    std::fclose(probe);
    corpus.text_path_ = path;
    corpus.size_ = std::filesystem::file_size(path, ec);
  }
  if (corpus.size_ == 0) throw DataError(fmt::format("{}: the corpus is empty", corpus.name_));
  corpus.end_ = corpus.size_;
  return corpus;
}

Corpus::Corpus(Corpus&& other) noexcept
    : name_(std::move(other.name_)), text_path_(std::move(other.text_path_)), size_(other.size_),
      begin_(other.begin_), end_(other.end_), position_base_(other.position_base_), spool_fd_(other.spool_fd_) {
  other.spool_fd_ = -1;
}

Corpus::~Corpus() {
  if (spool_fd_ >= 0) ::close(spool_fd_);
}

std::pair<std::uint64_t, std::uint64_t> Corpus::shard(int index, int count) const {
  const std::uint64_t size = end_ - begin_;
  const auto begin = begin_ + size * static_cast<std::uint64_t>(index) / static_cast<std::uint64_t>(count);
  const auto end = begin_ + size * static_cast<std::uint64_t>(index + 1) / static_cast<std::uint64_t>(count);
  return {begin, end};
}

void Corpus::restrict(int index, int count) {
  const auto [begin, end] = shard(index, count);
  begin_ = begin;
  end_ = end;
}

}  // namespace wordvec
