#pragma once
// Reads the lines of one byte shard of a plain-text corpus with its own handle, for tokenizers that
// need whole lines (the whitespace fast path reads tokens with ShardReader instead).
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "corpus/shard_buffer.hpp"

namespace wordvec {

/// Yields the lines that start inside [begin, end) of a file, without their "\n" (nor a "\r"
/// before it). A line belongs to the shard its first byte lies in, so the shards of a file together
/// yield every line exactly once.
class LineReader : public ShardBuffer {
 public:
  /// Opens `path` for the byte range [begin, end); throws IoError.
  LineReader(const std::filesystem::path& path, std::uint64_t begin, std::uint64_t end);

  /// Sets `line` to the next line; returns false when the shard is exhausted. The view is valid
  /// until the next call.
  bool next(std::string_view& line);
  /// Goes back to the start of the shard.
  void rewind();
};

}  // namespace wordvec
