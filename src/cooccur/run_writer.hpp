#pragma once
// Sorted runs of co-occurrence counts: their entry type, and the writer that spills one to a file.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

namespace wordvec::cooccur {

/// A canonical pair key (hi * V + lo, hi >= lo) and its summed weight in fixed point.
struct RunEntry {
  std::uint64_t key;    ///< hi * vocabulary size + lo
  std::uint64_t count;  ///< summed weights, in units of 1/scale
};
/// Entries sorted by key, each key once.
using Run = std::vector<RunEntry>;

/// Closes a FILE when its owner goes.
struct FileCloser {
  /// fclose, when open.
  void operator()(std::FILE* f) const {
    if (f) std::fclose(f);
  }
};
/// An owned FILE.
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

/// Appends entries to a spill file (raw RunEntry records) through a large buffer.
class RunWriter {
 public:
  /// Creates `path`; throws IoError when it cannot.
  explicit RunWriter(std::filesystem::path path);
  /// Appends one entry (keys must come in order; the writer does not check).
  void add(const RunEntry& e) {
    buf_.push_back(e);
    if (buf_.size() == kBuf) flush();
  }
  /// Writes what is buffered and closes the file; throws IoError when a write fails (disk full).
  void close();
  /// The file.
  const std::filesystem::path& path() const { return path_; }

 private:
  static constexpr std::size_t kBuf = 1 << 16;
  void flush();
  std::filesystem::path path_;
  FilePtr file_;
  std::vector<RunEntry> buf_;
};

}  // namespace wordvec::cooccur
