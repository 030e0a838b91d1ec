#pragma once
// UTF-8 checks and user data made safe to quote in a message (terminal safety).
#include <cstddef>
#include <string>
#include <string_view>

#include "wordvec/core/progress.hpp"

namespace wordvec {

/// The UTF-8 byte order mark some editors put at the start of a text file.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

/// Offset of the first byte that breaks UTF-8 in `text`, or npos when it is all valid.
std::size_t invalid_utf8_offset(std::string_view text);
/// Appends `text` to `out` with every invalid sequence replaced by U+FFFD, one per maximal subpart of an
/// ill-formed sequence (the Unicode standard's recommended practice, and what Python's
/// bytes.decode('utf-8', errors='replace') does); returns the number of replacements.
std::size_t append_replacing_invalid_utf8(std::string_view text, std::string& out);
/// `word` for messages: control characters and bytes that break UTF-8 escaped as \xNN; more than 80 bytes
/// are cut to the first 80 plus "…(N bytes)".
std::string printable_word(std::string_view word);
/// The note given when a text file's byte order mark is skipped ("NAME: skipped the UTF-8 byte order mark ...").
std::string bom_note(std::string_view name);
/// `text` without the byte order mark at its start, when it has one; `notice` (when set) is then told so with
/// bom_note(name). For the small text files read whole (vocabularies, test sets, projector TSV).
std::string_view skip_bom(std::string_view text, std::string_view name, const NoticeCallback& notice);

}  // namespace wordvec
