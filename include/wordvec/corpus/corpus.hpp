#pragma once
// A training corpus: plain UTF-8 text, split on whitespace, one sentence per line, which
// training threads split into byte shards and read on their own.
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>

#include "wordvec/core/cancel.hpp"

namespace wordvec {

/// What reading a corpus does with text that is not valid UTF-8 (no reader would accept a vector file holding it).
enum class InvalidUtf8 {
  Error,    ///< stop with the line and byte offset of the first invalid sequence (the default)
  Skip,     ///< leave out every line that holds an invalid sequence
  Replace,  ///< replace each invalid sequence by U+FFFD, as Python's errors='replace' decodes
};

/// What Corpus::repair_utf8 changed.
struct Utf8Repair {
  std::uint64_t lines = 0;       ///< lines that held invalid UTF-8 (left out with Skip, repaired with Replace)
  std::uint64_t sequences = 0;   ///< invalid sequences replaced by U+FFFD (Replace)
  std::uint64_t first_line = 0;  ///< the first such line (counted from 1 in the file), 0 when none
};

/// A corpus as a seekable plain-text file. Compressed (".gz") input and standard input ("-")
/// are copied once into a temporary plain file under an unpredictable name (O_EXCL, mode 0600) that is
/// unlinked as soon as it is created: it is reached through its descriptor and vanishes with the process.
class Corpus {
 public:
  /// Opens `path`; throws IoError when it is missing or unreadable, DataError when it is empty. Copying
  /// standard input or a ".gz" file, and repair_utf8(), throw Cancelled once `cancel` is set.
  static Corpus open(const std::string& path, const std::filesystem::path& temp_dir = {},
                     CancellationToken cancel = {});
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
  /// True when the file starts with a UTF-8 byte order mark, which the readers skip.
  bool starts_with_bom() const { return bom_; }
  /// The line (counted from 1) that byte `offset` of the text lies on; reads the file up to there,
  /// so meant for messages.
  std::uint64_t line_at(std::uint64_t offset) const;
  /// With Skip or Replace, replaces the text (of its range) by a cleaned copy, spooled like standard input:
  /// lines holding invalid UTF-8 are left out (Skip) or get U+FFFD for each invalid sequence (Replace).
  /// The copy needs about size_bytes() of free space in the temporary directory (checked first: IoError).
  /// Does nothing with Error. Meant for a corpus known to hold invalid text: it reads the whole range.
  Utf8Repair repair_utf8(InvalidUtf8 policy);

 private:
  Corpus() = default;
  std::string name_;
  std::filesystem::path text_path_;
  std::uint64_t size_ = 0;
  std::uint64_t begin_ = 0, end_ = 0;  // the range shard() splits
  std::uint64_t position_base_ = 0;
  int spool_fd_ = -1;  // the unlinked temporary copy, or -1
  std::filesystem::path temp_dir_;  // where spool files go (empty: the system's)
  CancellationToken cancel_;
  bool bom_ = false;
};

/// True for the bytes that separate tokens (ASCII space, tab, newline, CR, VT, FF).
inline bool is_token_separator(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace wordvec
