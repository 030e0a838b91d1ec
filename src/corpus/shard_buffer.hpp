#pragma once
// The buffered reading that both shard readers share: one byte range of a file, its own handle,
// positioned reads into a buffer that keeps the unread tail and grows for long lines or tokens.
#include <cstdint>
#include <filesystem>
#include <vector>

namespace wordvec {

/// Base of LineReader and ShardReader: they differ only in where a shard starts (the next line,
/// the next token) and in what they yield.
class ShardBuffer {
 public:
  ShardBuffer(const ShardBuffer&) = delete;
  ShardBuffer& operator=(const ShardBuffer&) = delete;
  /// Bytes of the shard consumed so far.
  std::uint64_t consumed() const { return offset() - begin_; }

 protected:
  /// Opens `path` for the byte range [begin, end); throws IoError.
  ShardBuffer(const std::filesystem::path& path, std::uint64_t begin, std::uint64_t end);
  ~ShardBuffer();
  /// Empties the buffer; the next refill() reads from byte `file_pos`.
  void reset(std::uint64_t file_pos);
  /// Where the text starts: 3 when the file starts with a UTF-8 byte order mark (which no shard reads), else 0.
  std::uint64_t text_start() const { return bom_ ? 3 : 0; }
  /// Keeps the bytes from buf_pos_ on at the front, reads more after them. Returns false at the
  /// end of the file when no unread byte is left; throws IoError when a read fails.
  bool refill();
  /// File offset of buf_[buf_pos_].
  std::uint64_t offset() const { return file_pos_ - (buf_end_ - buf_pos_); }

  int fd_ = -1;
  std::uint64_t begin_, end_;
  std::uint64_t file_pos_ = 0;  // file offset of buf_[buf_end_]
  std::vector<char> buf_;
  std::size_t buf_pos_ = 0, buf_end_ = 0;
  bool eof_ = false;
  bool done_ = false;
  bool bom_ = false;
};

}  // namespace wordvec
