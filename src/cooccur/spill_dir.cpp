#include "cooccur/spill_dir.hpp"

#include <unistd.h>

#include <atomic>
#include <system_error>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec::cooccur {

SpillDir::SpillDir(const std::filesystem::path& parent) {
  std::error_code ec;
  auto base = parent;
  if (base.empty()) {
    base = std::filesystem::temp_directory_path(ec);
    if (ec) base = ".";
  }
  static std::atomic<int> counter{0};
  for (int attempt = 0;; ++attempt) {
    path_ = base / fmt::format("wordvec-cooccur-{}-{}", static_cast<long>(::getpid()), counter++);
    if (std::filesystem::create_directory(path_, ec)) break;
    if (ec || attempt > 1000)
      throw IoError(fmt::format("{}: cannot create a temporary directory: {}", path_.string(),
                                ec ? ec.message() : "name taken"));
  }
}

SpillDir::~SpillDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path SpillDir::next_file() { return path_ / fmt::format("run-{}.bin", files_++); }

}  // namespace wordvec::cooccur
