#include "cooccur/run_sources.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec::cooccur {

FileSource::FileSource(std::filesystem::path path) : path_(std::move(path)), file_(std::fopen(path_.c_str(), "rb")) {
  if (!file_) throw IoError(fmt::format("{}: cannot open spill file: {}", path_.string(), std::strerror(errno)));
  buf_.resize(kBuf);
}

bool FileSource::refill() {
  end_ = std::fread(buf_.data(), sizeof(RunEntry), buf_.size(), file_.get());
  pos_ = 0;
  if (end_ == 0) {
    if (std::ferror(file_.get())) throw IoError(fmt::format("{}: read failed: {}", path_.string(), std::strerror(errno)));
    return false;
  }
  return true;
}

}  // namespace wordvec::cooccur
