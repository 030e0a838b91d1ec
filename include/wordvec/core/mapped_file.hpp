#pragma once
// Read-only view of a whole file, memory-mapped when possible.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace wordvec {

/// A file's bytes, mapped read-only; throws IoError when it cannot be opened.
class MappedFile {
 public:
  /// Maps `path`; an empty file gives an empty view. `populate` maps every page up front
  /// (MAP_POPULATE) for callers that will read the whole file anyway.
  explicit MappedFile(const std::filesystem::path& path, bool populate = false);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  MappedFile(MappedFile&& other) noexcept;

  /// All bytes of the file.
  std::string_view bytes() const { return {data_, size_}; }
  /// Number of bytes.
  std::size_t size() const { return size_; }
  /// The path it was opened from, for messages.
  const std::string& path() const { return path_; }
  /// Tells the kernel the bytes before `offset` are no longer needed, so a reader that copies the file
  /// into its own structures does not hold the file and the copy in memory at once (the view stays valid:
  /// released pages are read again if touched).
  void release_before(std::size_t offset) const;

 private:
  std::string path_;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
};

}  // namespace wordvec
