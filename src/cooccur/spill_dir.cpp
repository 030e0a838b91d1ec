#include "cooccur/spill_dir.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
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
  // mkdtemp: an unpredictable name, created exclusively with mode 0700. The pid in the name lets a later run
  // remove what a killed one left (remove_stale_temp_files).
  std::string templ = (base / fmt::format("wordvec-spill-{}-XXXXXX", static_cast<long>(::getpid()))).string();
  if (!::mkdtemp(templ.data()))
    throw IoError(fmt::format("{}: cannot create a temporary directory: {}", base.string(), std::strerror(errno)));
  path_ = templ;
}

SpillDir::~SpillDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path SpillDir::next_file() { return path_ / fmt::format("run-{}.bin", files_++); }

}  // namespace wordvec::cooccur
