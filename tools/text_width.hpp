#pragma once
// Column widths of UTF-8 text on a terminal, so tables line up with non-ASCII words.
#include <cstddef>
#include <string>
#include <string_view>

namespace wordvec::cli {

/// Terminal columns `text` takes: East Asian wide and fullwidth characters count 2, combining marks 0,
/// other characters 1 (wcwidth(3) of the C.UTF-8 locale); an invalid byte counts 1.
std::size_t display_width(std::string_view text);

/// `text` followed by spaces up to `width` columns (nothing added when it is already as wide).
std::string pad_right(std::string_view text, std::size_t width);

}  // namespace wordvec::cli
