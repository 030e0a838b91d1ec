#include "wordvec/corpus/corpus.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <sys/statvfs.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "corpus/line_reader.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/utf8.hpp"

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

void write_all(int fd, const char* data, std::size_t size, const CancellationToken& cancel) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR && !cancel.requested()) continue;
    if (n < 0 && cancel.requested()) throw Cancelled();
    if (n <= 0)
      throw IoError(fmt::format("writing the temporary copy of the corpus failed: {}", std::strerror(errno)));
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

// Copies a stream (stdin or a gzip file) into the spool file.
template <typename ReadFn>
std::uint64_t spool(const std::string& name, int fd, const CancellationToken& cancel, ReadFn&& read_chunk) {
  std::vector<char> buf(1 << 20);
  std::uint64_t total = 0;
  for (;;) {
    cancel.throw_if_requested();
    const long n = read_chunk(buf.data(), buf.size());
    cancel.throw_if_requested();
    if (n < 0) throw IoError(fmt::format("{}: read failed", name));
    if (n == 0) break;
    write_all(fd, buf.data(), static_cast<std::size_t>(n), cancel);
    total += static_cast<std::uint64_t>(n);
  }
  return total;
}

// True when the file starts with the UTF-8 byte order mark.
bool file_starts_with_bom(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char head[3];
  const ssize_t n = ::pread(fd, head, sizeof head, 0);
  ::close(fd);
  return n == 3 && std::string_view(head, 3) == kUtf8Bom;
}

}  // namespace

Corpus Corpus::open(const std::string& path, const std::filesystem::path& temp_dir, CancellationToken cancel) {
  Corpus corpus;
  corpus.temp_dir_ = temp_dir;
  corpus.cancel_ = cancel;
  corpus.name_ = path == "-" ? std::string("<stdin>") : path;
  if (path == "-" || ends_with(path, ".gz")) {
    corpus.spool_fd_ = make_spool_file(temp_dir);  // the destructor closes it, also when spooling fails
    // The readers open the unlinked file again through its descriptor.
    corpus.text_path_ = fmt::format("/proc/self/fd/{}", corpus.spool_fd_);
    if (path == "-") {
      struct stat st {};
      if (::fstat(STDIN_FILENO, &st) == 0 && S_ISDIR(st.st_mode))
        throw IoError("<stdin>: cannot read the corpus: standard input is a directory");
      corpus.size_ = spool(corpus.name_, corpus.spool_fd_, cancel, [&cancel](char* buf, std::size_t n) -> long {
        for (;;) {
          const ssize_t got = ::read(STDIN_FILENO, buf, n);
          if (got < 0 && errno == EINTR && !cancel.requested()) continue;
          return got < 0 && cancel.requested() ? 0 : static_cast<long>(got);
        }
      });
    } else {
      if (!std::filesystem::is_regular_file(path))
        throw IoError(fmt::format("{}: cannot open input: no such file", path));
      gzFile gz = gzopen(path.c_str(), "rb");
      if (!gz) throw IoError(fmt::format("{}: cannot open input: {}", path, std::strerror(errno)));
      std::unique_ptr<gzFile_s, int (*)(gzFile)> guard(gz, gzclose);
      corpus.size_ = spool(corpus.name_, corpus.spool_fd_, cancel, [&](char* buf, std::size_t n) -> long {
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
  corpus.bom_ = file_starts_with_bom(corpus.text_path_);
  return corpus;
}

std::uint64_t Corpus::line_at(std::uint64_t offset) const {
  const int fd = ::open(text_path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  std::vector<char> buf(1 << 20);
  std::uint64_t line = 1, pos = 0;
  while (pos < offset) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), offset - pos));
    const ssize_t n = ::pread(fd, buf.data(), want, static_cast<off_t>(pos));
    if (n <= 0) break;
    line += static_cast<std::uint64_t>(std::count(buf.data(), buf.data() + n, '\n'));
    pos += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  return line;
}

Utf8Repair Corpus::repair_utf8(InvalidUtf8 policy) {
  Utf8Repair repair;
  if (policy == InvalidUtf8::Error) return repair;
  const int fd = make_spool_file(temp_dir_);
  struct statvfs fs {};
  const std::uint64_t need = end_ - begin_;
  if (::fstatvfs(fd, &fs) == 0 && static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize < need) {
    ::close(fd);
    throw IoError(fmt::format("{}: the repaired copy of the corpus needs about {} MB in the temporary directory, "
                              "which has {} MB free (set TMPDIR to a larger one)",
                              name_, need / 1000000, static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize / 1000000));
  }
  std::uint64_t written = 0, line_no = begin_ == 0 ? 0 : line_at(begin_) - 1;
  try {
    LineReader lines(text_path_, begin_, end_);
    std::string out;
    std::string_view line;
    while (lines.next(line)) {
      ++line_no;
      if ((line_no & 4095) == 0) cancel_.throw_if_requested();
      if (invalid_utf8_offset(line) == std::string_view::npos) {
        out.append(line);
        out += '\n';
      } else {
        ++repair.lines;
        if (repair.first_line == 0) repair.first_line = line_no;
        if (policy == InvalidUtf8::Replace) {
          repair.sequences += append_replacing_invalid_utf8(line, out);
          out += '\n';
        }
      }
      if (out.size() >= (1 << 20)) {
        write_all(fd, out.data(), out.size(), cancel_);
        written += out.size();
        out.clear();
      }
    }
    write_all(fd, out.data(), out.size(), cancel_);
    written += out.size();
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (spool_fd_ >= 0) ::close(spool_fd_);
  spool_fd_ = fd;
  text_path_ = fmt::format("/proc/self/fd/{}", spool_fd_);
  size_ = written;
  begin_ = 0;
  end_ = written;
  bom_ = false;
  if (size_ == 0) throw DataError(fmt::format("{}: no line is left once those with invalid UTF-8 are left out", name_));
  return repair;
}

Corpus::Corpus(Corpus&& other) noexcept
    : name_(std::move(other.name_)), text_path_(std::move(other.text_path_)), size_(other.size_),
      begin_(other.begin_), end_(other.end_), position_base_(other.position_base_), spool_fd_(other.spool_fd_),
      temp_dir_(std::move(other.temp_dir_)), cancel_(other.cancel_), bom_(other.bom_) {
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
