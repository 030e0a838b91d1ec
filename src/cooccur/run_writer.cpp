#include "cooccur/run_writer.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec::cooccur {

RunWriter::RunWriter(std::filesystem::path path) : path_(std::move(path)), file_(std::fopen(path_.c_str(), "wb")) {
  if (!file_) throw IoError(fmt::format("{}: cannot create spill file: {}", path_.string(), std::strerror(errno)));
  buf_.reserve(kBuf);
}

void RunWriter::close() {
  flush();
  if (std::fclose(file_.release()) != 0)
    throw IoError(fmt::format("{}: write failed: {}", path_.string(), std::strerror(errno)));
}

void RunWriter::flush() {
  if (!buf_.empty() && std::fwrite(buf_.data(), sizeof(RunEntry), buf_.size(), file_.get()) != buf_.size())
    throw IoError(fmt::format("{}: write failed (disk full?): {}", path_.string(), std::strerror(errno)));
  buf_.clear();
}

}  // namespace wordvec::cooccur
