#include "wordvec/io/text_fields.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

bool is_field_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

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

std::size_t invalid_utf8_offset(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
    else return i;
    if (n - i < len) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string printable_word(std::string_view word) {
  std::string out;
  const bool long_word = word.size() > 80;
  if (long_word) word = word.substr(0, 80);
  for (const char ch : word) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) out += fmt::format("\\x{:02x}", c);
    else out += ch;
  }
  if (invalid_utf8_offset(out) != std::string::npos) {
    // Escape the bytes that break UTF-8 so the message itself stays valid text.
    std::string clean;
    std::string_view rest = out;
    while (!rest.empty()) {
      const auto bad = invalid_utf8_offset(rest);
      if (bad == std::string_view::npos) {
        clean.append(rest);
        break;
      }
      clean.append(rest.substr(0, bad));
      clean += fmt::format("\\x{:02x}", static_cast<unsigned char>(rest[bad]));
      rest.remove_prefix(bad + 1);
    }
    out = std::move(clean);
  }
  if (long_word) out += "...";
  return out;
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
