#pragma once
// The one output policy: outputs appear whole or not at all, and only ever replace regular files.
//
// What an output path may be, decided here for every writer (resolve_output):
//   - a new name in an existing directory: created (mode 0666 & ~umask, as any new file);
//   - an existing regular file, writable, with a single link: replaced atomically, keeping its owner and mode;
//   - a symlink: followed (to any depth) and its final target replaced as above, next to the target;
//     a dangling symlink is refused (as cp does);
//   - a device, FIFO, socket or directory: refused, never replaced (standard output is the front end's "-");
//   - a file with more than one hard link, a read-only file, or a file owned by another user that we
//     cannot give back to its owner: refused, since replacing it would change what the user has.
// Data goes to a temporary file created with O_CREAT | O_EXCL, mode 0600, under an unpredictable name in the
// target's directory; it is fsync'ed, renamed onto the target, and the directory is fsync'ed.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wordvec/core/cancel.hpp"

namespace wordvec {

/// Where a writer's bytes go: a file written atomically, or a stream such as standard output.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  /// Writes raw bytes; throws IoError on failure (Cancelled once the sink's token is set).
  virtual void write(const void* data, std::size_t size) = 0;
  /// Writes a string.
  void write(std::string_view text) { write(text.data(), text.size()); }
};

/// A sink on an open stdio stream (standard output): every write is checked.
class StreamSink : public ByteSink {
 public:
  /// Writes to `stream`; `name` ("standard output") is used in messages; writes throw Cancelled once `cancel` is set.
  StreamSink(std::FILE* stream, std::string name, CancellationToken cancel = {})
      : stream_(stream), name_(std::move(name)), cancel_(cancel) {}
  void write(const void* data, std::size_t size) override;
  using ByteSink::write;
  /// Flushes; throws IoError when the stream reports an error.
  void flush();

 private:
  std::FILE* stream_;
  std::string name_;
  CancellationToken cancel_;
};

/// A sink on a C++ stream (an std::ostringstream, an open std::ofstream): every write is checked.
class OstreamSink : public ByteSink {
 public:
  /// Writes to `stream`; `name` is used in messages; writes throw Cancelled once `cancel` is set.
  OstreamSink(std::ostream& stream, std::string name, CancellationToken cancel = {})
      : stream_(stream), name_(std::move(name)), cancel_(cancel) {}
  void write(const void* data, std::size_t size) override;
  using ByteSink::write;
  /// Flushes; throws IoError when the stream is in a failed state.
  void flush();

 private:
  std::ostream& stream_;
  std::string name_;
  CancellationToken cancel_;
};

/// What an output path resolves to under the policy above.
struct OutputTarget {
  std::filesystem::path requested;  ///< as given
  std::filesystem::path path;       ///< the file that will be replaced or created (symlinks followed)
  bool exists = false;              ///< path exists (a regular file)
};

/// Applies the output policy to `path` without creating anything; throws IoError saying why a path is refused.
OutputTarget resolve_output(const std::filesystem::path& path);

/// Proves before any work that `path` can be written: the policy, the name length, a temporary file
/// created and removed in its directory, and (when expected_bytes > 0) the free space. Throws IoError.
void check_output(const std::filesystem::path& path, std::uint64_t expected_bytes = 0);

/// An output and the bytes it will take, for check_free_space.
struct PlannedFile {
  std::filesystem::path path;  ///< as the user gave it (symlinks are followed to find its file system)
  std::uint64_t bytes = 0;     ///< expected size; 0: nothing to check
};

/// Throws IoError when the files do not fit in the free space of their file systems: the sizes of the
/// files that go to one file system are added up (a replaced file's old copy is freed only after the new one
/// is written, so it does not count as free). Says which files, how much they need and how much is free.
void check_free_space(const std::vector<PlannedFile>& files);

/// Throws IoError when `output` names the same file (device and inode) as `input`, symlinks followed.
void require_distinct(const std::filesystem::path& output, const std::filesystem::path& input);

/// Throws IoError unless the directory that would hold `path` exists and `path` is not a directory.
void require_output_directory(const std::filesystem::path& path);

/// Removes temporary files that an earlier run of ours left in `dir` (our name pattern, owned by us, made by a
/// process that no longer exists); returns what was removed.
std::vector<std::filesystem::path> remove_stale_temp_files(const std::filesystem::path& dir);

/// True when `name` is one of ours (".<name>.wordvec-tmp-<pid>-XXXXXX"); sets *pid to the pid in it.
bool is_our_temp_name(std::string_view name, long* pid = nullptr);

/// A file written under a temporary name in the target's directory and renamed on commit().
/// If commit() is never reached (an exception, a crash), the temporary file is removed and
/// whatever existed at the target path is left untouched.
class AtomicFile : public ByteSink {
 public:
  /// Applies the output policy and creates the temporary file; throws IoError when the path is refused.
  /// Writes throw Cancelled once `cancel` is set (the temporary file is then removed, the target untouched).
  explicit AtomicFile(std::filesystem::path target, CancellationToken cancel = {});
  ~AtomicFile() override;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// The stdio stream to write to.
  std::FILE* stream() { return file_; }
  /// Writes raw bytes; throws IoError on failure, Cancelled once the token is set.
  void write(const void* data, std::size_t size) override;
  using ByteSink::write;
  /// Flushes, fsyncs and closes the temporary file and gives it the target's owner and mode: after it only the
  /// rename is left. Throws IoError (the temporary file is removed).
  void prepare();
  /// prepare() if not done, then renames onto the target and syncs the directory; throws IoError.
  void commit();
  /// The path as given.
  const std::filesystem::path& target() const { return requested_; }
  /// The temporary file's path.
  const std::filesystem::path& temp_path() const { return temp_; }

 private:
  void discard() noexcept;
  std::filesystem::path requested_;
  std::filesystem::path final_;  // symlinks followed
  std::filesystem::path temp_;
  std::FILE* file_ = nullptr;
  CancellationToken cancel_;
  bool prepared_ = false;
  bool committed_ = false;
  bool keep_owner_ = false;
  unsigned owner_uid_ = 0, owner_gid_ = 0, mode_ = 0;
};

/// Files committed as a group: every file is written and prepared, then all are renamed, so a failure while
/// writing any of them leaves every old file as it was.
class OutputGroup {
 public:
  /// A group whose files' writes throw Cancelled once `cancel` is set.
  explicit OutputGroup(CancellationToken cancel = {}) : cancel_(cancel) {}
  /// Opens one more file of the group (applies the policy; throws IoError).
  AtomicFile& add(const std::filesystem::path& target);
  /// Prepares every file, then renames them all; throws IoError.
  void commit();
  /// Number of files.
  std::size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<AtomicFile>> files_;
  CancellationToken cancel_;
};

}  // namespace wordvec
