#pragma once
// A training corpus: plain UTF-8 text, split on whitespace, one sentence per line, which
// training threads split into byte shards and read on their own.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>

namespace wordvec {

/// A corpus as a seekable plain-text file. Compressed (".gz") input and standard input ("-")
/// are copied once into a temporary plain file under an unpredictable name (O_EXCL, mode 0600) that is
/// unlinked as soon as it is created: it is reached through its descriptor and vanishes with the process.
class Corpus {
 public:
  /// Opens `path`; throws IoError when it is missing or unreadable, DataError when it is empty.
  static Corpus open(const std::string& path, const std::filesystem::path& temp_dir = {});
  ~Corpus();
  Corpus(Corpus&& other) noexcept;
  Corpus& operator=(Corpus&&) = delete;
  Corpus(const Corpus&) = delete;

  /// The name the user gave, for messages.
  const std::string& name() const { return name_; }
  /// The plain-text file the readers open.
  const std::filesystem::path& text_path() const { return text_path_; }
  /// Size in bytes of the plain text (of its range, after restrict()).
  std::uint64_t size_bytes() const { return end_ - begin_; }
  /// Byte range [begin, end) of the file for shard `index` out of `count` equal shards of the range.
  std::pair<std::uint64_t, std::uint64_t> shard(int index, int count) const;
  /// Narrows the corpus to shard `index` of `count` of its range, which shard() then splits: a rank
  /// of a distributed job reads only its part of a shared file.
  void restrict(int index, int count);
  /// Where this file starts in the whole corpus when the corpus is split into files (one per
  /// rank): the sizes of the files before it. Byte offsets of first occurrences count from there.
  std::uint64_t position_base() const { return position_base_; }
  /// Sets position_base().
  void set_position_base(std::uint64_t base) { position_base_ = base; }

 private:
  Corpus() = default;
  std::string name_;
  std::filesystem::path text_path_;
  std::uint64_t size_ = 0;
  std::uint64_t begin_ = 0, end_ = 0;  // the range shard() splits
  std::uint64_t position_base_ = 0;
  int spool_fd_ = -1;  // the unlinked temporary copy, or -1
};

/// True for the bytes that separate tokens (ASCII space, tab, newline, CR, VT, FF).
inline bool is_token_separator(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace wordvec
