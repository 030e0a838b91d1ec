#include "wordvec/core/utf8.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace wordvec {

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
  const std::size_t size = word.size();
  const bool long_word = size > 80;
  if (long_word) {
    std::size_t cut = 80;  // not inside a character
    while (cut > 0 && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) --cut;
    word = word.substr(0, cut == 0 ? 80 : cut);
  }
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
  if (long_word) out += fmt::format("\u2026({} bytes)", size);
  return out;
}

}  // namespace wordvec
