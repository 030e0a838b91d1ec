#pragma once
// Checked reads from an in-memory byte range: every read says what it wanted and where.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

/// A read position inside a byte range; reads past the end throw FormatError naming the source.
class ByteCursor {
 public:
  /// `source` names the file in messages.
  ByteCursor(std::string_view bytes, std::string source) : bytes_(bytes), source_(std::move(source)) {}

  /// Current byte offset.
  std::size_t offset() const { return pos_; }
  /// Bytes left.
  std::size_t remaining() const { return bytes_.size() - pos_; }
  /// True when every byte has been read.
  bool at_end() const { return pos_ >= bytes_.size(); }
  /// The name used in messages.
  const std::string& source() const { return source_; }

  /// Throws unless `count` bytes remain; `what` names the field.
  void require(std::size_t count, std::string_view what) const {
    if (count > remaining())
      throw FormatError(fmt::format("{}: byte {}: expected {} ({} bytes), but only {} bytes remain", source_, pos_,
                                    what, count, remaining()));
  }

  /// Reads a little-endian arithmetic value.
  template <typename T>
  T read(std::string_view what) {
    static_assert(std::is_arithmetic_v<T>);
    require(sizeof(T), what);
    T value;
    std::memcpy(&value, bytes_.data() + pos_, sizeof(T));  // all supported targets are little-endian
    pos_ += sizeof(T);
    return value;
  }

  /// Returns a view of the next `count` bytes and moves past them.
  std::string_view take(std::size_t count, std::string_view what) {
    require(count, what);
    auto view = bytes_.substr(pos_, count);
    pos_ += count;
    return view;
  }

  /// Copies `count` values of T into `out`.
  template <typename T>
  void read_array(T* out, std::size_t count, std::string_view what) {
    // count * sizeof(T) can wrap around: compare counts, not byte sizes.
    if (count > remaining() / sizeof(T))
      throw FormatError(fmt::format("{}: byte {}: expected {} ({} values of {} bytes), but only {} bytes remain", source_,
                                    pos_, what, count, sizeof(T), remaining()));
    std::memcpy(out, bytes_.data() + pos_, count * sizeof(T));
    pos_ += count * sizeof(T);
  }

  /// Peeks the next byte; -1 at the end.
  int peek() const { return at_end() ? -1 : static_cast<unsigned char>(bytes_[pos_]); }
  /// Moves to absolute offset `offset` (checked against the size).
  void seek(std::size_t offset, std::string_view what) {
    if (offset > bytes_.size())
      throw FormatError(fmt::format("{}: expected {} at byte {}, but the data holds only {} bytes", source_, what, offset,
                                    bytes_.size()));
    pos_ = offset;
  }
  /// The whole byte range.
  std::string_view bytes() const { return bytes_; }
  /// Skips `count` bytes (checked).
  void skip(std::size_t count, std::string_view what) { take(count, what); }
  /// Throws FormatError with the current offset.
  [[noreturn]] void fail(std::string_view message) const {
    throw FormatError(fmt::format("{}: byte {}: {}", source_, pos_, message));
  }

 private:
  std::string_view bytes_;
  std::string source_;
  std::size_t pos_ = 0;
};

/// Appends a value's little-endian bytes to `out`.
template <typename T>
void append_le(std::string& out, T value) {
  static_assert(std::is_arithmetic_v<T>);
  char buf[sizeof(T)];
  std::memcpy(buf, &value, sizeof(T));
  out.append(buf, sizeof(T));
}

}  // namespace wordvec
