#pragma once
// Reads the lines of one byte shard of a plain-text corpus with its own handle, for tokenizers that
// need whole lines (the whitespace fast path reads tokens with ShardReader instead).
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace wordvec {

/// Yields the lines that start inside [begin, end) of a file, without their "\n" (nor a "\r"
/// before it). A line belongs to the shard its first byte lies in, so the shards of a file together
/// yield every line exactly once.
class LineReader {
 public:
  /// Opens `path` for the byte range [begin, end); throws IoError.
  LineReader(const std::filesystem::path& path, std::uint64_t begin, std::uint64_t end);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  /// Sets `line` to the next line; returns false when the shard is exhausted. The view is valid
  /// until the next call.
  bool next(std::string_view& line);
  /// Goes back to the start of the shard.
  void rewind();
  /// Bytes of the shard consumed so far.
  std::uint64_t consumed() const { return file_pos_ - (buf_end_ - buf_pos_) - begin_; }

 private:
  bool refill();  // keeps bytes from buf_pos_ on, reads more; false when nothing more was read
  int fd_ = -1;
  std::uint64_t begin_, end_;
  std::uint64_t file_pos_ = 0;  // file offset of buf_[buf_end_]
  std::vector<char> buf_;
  std::size_t buf_pos_ = 0, buf_end_ = 0;
  bool eof_ = false;
  bool done_ = false;
};

}  // namespace wordvec
