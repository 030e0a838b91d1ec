#include "wordvec/core/utf8.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace wordvec {

namespace {

// The bytes of the UTF-8 sequence starting with the non-ASCII byte s[i]: its length when it is well formed,
// else 0 with *subpart set to its maximal subpart (the lead byte and the continuation bytes that still fit a
// well-formed sequence, at least 1): the bytes one U+FFFD stands for. The second byte's range excludes
// overlong forms, surrogates and values past U+10FFFF.
std::size_t sequence_length(std::string_view s, std::size_t i, std::size_t* subpart) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c == 0xE0) len = 3, lo = 0xA0;
  else if (c == 0xED) len = 3, hi = 0x9F;
  else if (c >= 0xE1 && c <= 0xEF) len = 3;
  else if (c == 0xF0) len = 4, lo = 0x90;
  else if (c == 0xF4) len = 4, hi = 0x8F;
  else if (c >= 0xF1 && c <= 0xF3) len = 4;
  else len = 0;
  std::size_t k = 1;
  for (; k < len && i + k < s.size(); ++k) {
    const auto d = static_cast<unsigned char>(s[i + k]);
    if (d < lo || d > hi) break;
    lo = 0x80, hi = 0xBF;
  }
  if (len != 0 && k == len) return len;
  *subpart = k;
  return 0;
}

}  // namespace

std::size_t invalid_utf8_offset(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    std::size_t subpart = 0;
    const std::size_t len = sequence_length(s, i, &subpart);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::size_t append_replacing_invalid_utf8(std::string_view s, std::string& out) {
  std::size_t replaced = 0;
  while (!s.empty()) {
    const auto bad = invalid_utf8_offset(s);
    if (bad == std::string_view::npos) {
      out.append(s);
      break;
    }
    out.append(s.substr(0, bad));
    out.append("\xEF\xBF\xBD");  // U+FFFD
    ++replaced;
    std::size_t subpart = 1;
    sequence_length(s, bad, &subpart);
    s.remove_prefix(bad + subpart);
  }
  return replaced;
}

std::string bom_note(std::string_view name) {
  return fmt::format("{}: skipped the UTF-8 byte order mark at its start", name);
}

std::string_view skip_bom(std::string_view text, std::string_view name, const NoticeCallback& notice) {
  if (!text.starts_with(kUtf8Bom)) return text;
  if (notice) notice(bom_note(name));
  return text.substr(kUtf8Bom.size());
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
