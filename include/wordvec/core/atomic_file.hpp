#pragma once
// Output files appear whole or not at all: write to a temporary name, then rename.
#include <cstdio>
#include <filesystem>
#include <string>

namespace wordvec {

/// A file written under a temporary name in the target's directory and renamed on commit().
/// If commit() is never reached (an exception, a crash), the temporary file is removed and
/// whatever existed at the target path is left untouched.
class AtomicFile {
 public:
  /// Opens "<path>.tmp.<pid>.<n>" for binary writing; throws IoError when the directory is missing.
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// The stdio stream to write to.
  std::FILE* stream() { return file_; }
  /// Writes raw bytes; throws IoError on failure.
  void write(const void* data, std::size_t size);
  /// Writes a string.
  void write(const std::string& text) { write(text.data(), text.size()); }
  /// Flushes, closes and renames onto the target; throws IoError on failure.
  void commit();
  /// The final path.
  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::FILE* file_ = nullptr;
};

/// Throws IoError unless the directory that would hold `path` exists.
void require_output_directory(const std::filesystem::path& path);

}  // namespace wordvec
