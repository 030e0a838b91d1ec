#pragma once
// The private directory co-occurrence counting spills its sorted runs to.
#include <filesystem>

namespace wordvec::cooccur {

/// A fresh directory under `parent` (empty: $TMPDIR or /tmp), removed with everything in it when
/// this goes out of scope: on success, on error and on cancellation alike.
class SpillDir {
 public:
  /// Creates the directory; throws IoError when it cannot.
  explicit SpillDir(const std::filesystem::path& parent);
  ~SpillDir();
  SpillDir(const SpillDir&) = delete;
  SpillDir& operator=(const SpillDir&) = delete;
  /// A name for the next spill file in the directory (run-0.bin, run-1.bin, ...).
  std::filesystem::path next_file();
  /// The directory.
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  int files_ = 0;
};

}  // namespace wordvec::cooccur
