#pragma once
// UTF-8 checks and user data made safe to quote in a message (terminal safety).
#include <cstddef>
#include <string>
#include <string_view>

namespace wordvec {

/// Offset of the first byte that breaks UTF-8 in `text`, or npos when it is all valid.
std::size_t invalid_utf8_offset(std::string_view text);
/// `word` for messages: control characters and bytes that break UTF-8 escaped as \xNN; more than 80 bytes
/// are cut to the first 80 plus "…(N bytes)".
std::string printable_word(std::string_view word);

}  // namespace wordvec
