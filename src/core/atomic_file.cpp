#include "wordvec/core/atomic_file.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

namespace {
std::atomic<int> temp_counter{0};

std::filesystem::path parent_or_dot(const std::filesystem::path& path) {
  auto parent = path.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}
}  // namespace

void require_output_directory(const std::filesystem::path& path) {
  const auto dir = parent_or_dot(path);
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw IoError(fmt::format("{}: cannot write: directory {} does not exist", path.string(), dir.string()));
  if (std::filesystem::is_directory(path, ec))
    throw IoError(fmt::format("{}: cannot write: it is a directory", path.string()));
}

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  require_output_directory(target_);
  temp_ = target_;
  temp_ += fmt::format(".tmp.{}.{}", static_cast<long>(::getpid()), temp_counter++);
  file_ = std::fopen(temp_.c_str(), "wb");
  if (!file_)
    throw IoError(fmt::format("{}: cannot create temporary file: {}", temp_.string(), std::strerror(errno)));
  // A large buffer keeps writes of many small words cheap.
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
}

AtomicFile::~AtomicFile() {
  if (file_) {
    std::fclose(file_);
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void AtomicFile::write(const void* data, std::size_t size) {
  if (!file_) throw IoError(fmt::format("{}: write after the file was committed", target_.string()));
  if (size != 0 && std::fwrite(data, 1, size, file_) != size)
    throw IoError(fmt::format("{}: write failed: {}", temp_.string(), std::strerror(errno)));
}

void AtomicFile::commit() {
  if (!file_) throw IoError(fmt::format("{}: committed twice", target_.string()));
  const bool flushed = std::fflush(file_) == 0 && !std::ferror(file_);
  const int saved_errno = errno;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  std::error_code ec;
  if (!flushed || !closed) {
    std::filesystem::remove(temp_, ec);
    throw IoError(fmt::format("{}: write failed: {}", target_.string(), std::strerror(saved_errno)));
  }
  std::filesystem::rename(temp_, target_, ec);
  if (ec) {
    std::filesystem::remove(temp_, ec);
    throw IoError(fmt::format("{}: cannot rename temporary file into place: {}", target_.string(), ec.message()));
  }
}

}  // namespace wordvec
