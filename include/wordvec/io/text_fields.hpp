#pragma once
// Helpers shared by the text formats: fields, numbers, shortest decimals, UTF-8 and word checks.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "wordvec/core/utf8.hpp"

namespace wordvec {

/// True for the bytes text vector formats treat as separators (space, tab, CR, LF, VT, FF). Inline: the library
/// is built with -fPIC for the Python module, and GCC does not inline an exported function into its callers then
/// (split_fields called it for every byte of a text vector file: 17% of the load).
inline bool is_field_space(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}
/// `text` without leading and trailing field spaces.
std::string_view trim(std::string_view text);
/// Splits `line` at runs of field spaces; empty fields are dropped.
std::vector<std::string_view> split_fields(std::string_view line);
/// Calls `f(line, line_number)` for every line of `text` (1-based numbers, line ends removed).
template <class F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    auto line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(line, ++line_no);
    pos = nl + 1;
  }
}

/// Splits `line` at every `sep` (empty fields kept), after dropping one trailing CR.
std::vector<std::string_view> split_exact(std::string_view line, char sep);
/// Parses a whole field as a non-negative decimal integer.
bool parse_size(std::string_view text, std::size_t& out);
/// Parses a whole field as a float, correctly rounded (denormals and "inf"/"nan" included).
bool parse_float(std::string_view text, float& out);
/// Appends the shortest decimal that reads back as exactly `value`.
void append_shortest(std::string& out, float value);

/// What a target format cannot hold inside a word.
enum class WordRule {
  NoWhitespace,  ///< word2vec, GloVe, fastText text: fields are separated by any whitespace
  NoTabNewline,  ///< TSV and line-per-word files: tab and line breaks are structure
  AnyBytes,      ///< length-prefixed words (native): anything but the empty word
};
/// Throws FormatError naming `format` when `word` is empty or breaks `rule`.
void require_representable(std::string_view word, WordRule rule, std::string_view format);
/// `word` with every forbidden byte replaced by '_'.
std::string replace_unrepresentable(std::string_view word, WordRule rule);

}  // namespace wordvec
