#include "wordvec/io/text_fields.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_field_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_field_space(text.back())) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_field_space(line[i])) ++i;
    const auto start = i;
    while (i < line.size() && !is_field_space(line[i])) ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

std::vector<std::string_view> split_exact(std::string_view line, char sep) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (;;) {
    const auto end = line.find(sep, start);
    if (end == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, end - start));
    start = end + 1;
  }
}

bool parse_size(std::string_view text, std::size_t& out) {
  if (text.empty()) return false;
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, out);
  return r.ec == std::errc() && r.ptr == end;
}

bool parse_float(std::string_view text, float& out) {
  if (text.empty()) return false;
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, out);
  if (r.ec == std::errc() && r.ptr == end) return true;
  if (r.ec != std::errc::result_out_of_range || r.ptr != end) return false;
  // Denormals and overflow: strtof rounds them correctly (to a denormal, or to +-inf).
  const std::string copy(text);
  char* stop = nullptr;
  out = std::strtof(copy.c_str(), &stop);
  return stop == copy.c_str() + copy.size();
}

void append_shortest(std::string& out, float value) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, r.ptr);
}


namespace {
bool forbidden(char c, WordRule rule) {
  if (rule == WordRule::NoWhitespace) return is_field_space(c);
  if (rule == WordRule::AnyBytes) return false;
  return c == '\t' || c == '\n' || c == '\r';
}
}  // namespace

void require_representable(std::string_view word, WordRule rule, std::string_view format) {
  if (word.empty()) throw FormatError(fmt::format("{}: cannot write an empty word", format));
  for (const char c : word)
    if (forbidden(c, rule))
      throw FormatError(fmt::format("{}: cannot write the word '{}': it contains {} (use --replace-spaces to write '_' "
                                    "instead)",
                                    format, printable_word(word),
                                    rule == WordRule::NoWhitespace ? "whitespace" : "a tab or line break"));
}

std::string replace_unrepresentable(std::string_view word, WordRule rule) {
  std::string out(word);
  for (char& c : out)
    if (forbidden(c, rule)) c = '_';
  return out;
}

}  // namespace wordvec
