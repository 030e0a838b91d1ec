#include "wordvec/corpus/corpus.hpp"

#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

namespace {

std::atomic<int> corpus_counter{0};

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::filesystem::path temp_corpus_path(const std::filesystem::path& temp_dir) {
  std::error_code ec;
  auto dir = temp_dir.empty() ? std::filesystem::temp_directory_path(ec) : temp_dir;
  if (ec) dir = ".";
  return dir / fmt::format("wordvec-corpus-{}-{}.txt", static_cast<long>(::getpid()), corpus_counter++);
}

struct FileCloser {
  void operator()(std::FILE* f) const { if (f) std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// Copies a stream (stdin or a gzip file) into a plain temporary file.
template <typename ReadFn>
std::uint64_t spool(const std::string& name, const std::filesystem::path& out_path, ReadFn&& read_chunk) {
  FilePtr out(std::fopen(out_path.c_str(), "wb"));
  if (!out) throw IoError(fmt::format("{}: cannot create temporary file: {}", out_path.string(), std::strerror(errno)));
  std::vector<char> buf(1 << 20);
  std::uint64_t total = 0;
  for (;;) {
    const long n = read_chunk(buf.data(), buf.size());
    if (n < 0) throw IoError(fmt::format("{}: read failed", name));
    if (n == 0) break;
    if (std::fwrite(buf.data(), 1, static_cast<std::size_t>(n), out.get()) != static_cast<std::size_t>(n))
      throw IoError(fmt::format("{}: write failed: {}", out_path.string(), std::strerror(errno)));
    total += static_cast<std::uint64_t>(n);
  }
  if (std::fflush(out.get()) != 0)
    throw IoError(fmt::format("{}: write failed: {}", out_path.string(), std::strerror(errno)));
  return total;
}

}  // namespace

Corpus Corpus::open(const std::string& path, const std::filesystem::path& temp_dir) {
  Corpus corpus;
  corpus.name_ = path == "-" ? std::string("<stdin>") : path;
  if (path == "-" || ends_with(path, ".gz")) {
    corpus.text_path_ = temp_corpus_path(temp_dir);
    corpus.owns_temp_ = true;  // the destructor removes it, also when spooling fails
    if (path == "-") {
      corpus.size_ = spool(corpus.name_, corpus.text_path_, [](char* buf, std::size_t n) -> long {
        const std::size_t got = std::fread(buf, 1, n, stdin);
        return std::ferror(stdin) ? -1 : static_cast<long>(got);
      });
    } else {
      if (!std::filesystem::is_regular_file(path))
        throw IoError(fmt::format("{}: cannot open input: no such file", path));
      gzFile gz = gzopen(path.c_str(), "rb");
      if (!gz) throw IoError(fmt::format("{}: cannot open input: {}", path, std::strerror(errno)));
      std::unique_ptr<gzFile_s, int (*)(gzFile)> guard(gz, gzclose);
      corpus.size_ = spool(corpus.name_, corpus.text_path_, [&](char* buf, std::size_t n) -> long {
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
  return corpus;
}

Corpus::Corpus(Corpus&& other) noexcept
    : name_(std::move(other.name_)), text_path_(std::move(other.text_path_)), size_(other.size_),
      owns_temp_(other.owns_temp_) {
  other.owns_temp_ = false;
}

Corpus::~Corpus() {
  if (owns_temp_) {
    std::error_code ec;
    std::filesystem::remove(text_path_, ec);
  }
}

std::pair<std::uint64_t, std::uint64_t> Corpus::shard(int index, int count) const {
  const auto begin = size_ * static_cast<std::uint64_t>(index) / static_cast<std::uint64_t>(count);
  const auto end = size_ * static_cast<std::uint64_t>(index + 1) / static_cast<std::uint64_t>(count);
  return {begin, end};
}

}  // namespace wordvec
