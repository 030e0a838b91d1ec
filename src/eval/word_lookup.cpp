#include "eval/word_lookup.hpp"

#include <locale.h>
#include <wctype.h>

#include <algorithm>

namespace wordvec {

namespace {

// A UTF-8 locale object for towupper_l; made once, never freed (it lives as long as the program).
locale_t utf8_locale() {
  static const locale_t loc = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    if (!l) l = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", static_cast<locale_t>(nullptr));
    return l;
  }();
  return loc;
}

// Decodes one UTF-8 sequence at text[i]; returns its length, or 0 when it is not valid UTF-8.
std::size_t decode(std::string_view text, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > text.size()) return 0;
  cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b >> 6) != 0x2) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  return len;
}

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

std::string to_upper(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const locale_t loc = utf8_locale();
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) < 0x80) {  // ASCII fast path
      out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
      ++i;
      continue;
    }
    char32_t cp = 0;
    const auto len = decode(text, i, cp);
    if (len == 0) {  // not UTF-8: keep the byte
      out.push_back(c);
      ++i;
      continue;
    }
    encode(loc ? static_cast<char32_t>(towupper_l(static_cast<wint_t>(cp), loc)) : cp, out);
    i += len;
  }
  return out;
}

WordLookup::WordLookup(const Vocab& vocab, std::size_t restrict, bool case_insensitive)
    : vocab_(vocab), rows_(restrict > 0 ? std::min(restrict, vocab.size()) : vocab.size()),
      case_insensitive_(case_insensitive) {
  if (!case_insensitive_) return;
  upper_.reserve(rows_);
  for (std::size_t r = 0; r < rows_; ++r) upper_.emplace(to_upper(vocab.word(r)), static_cast<std::int32_t>(r));
}

std::int32_t WordLookup::find(std::string_view word) const {
  if (case_insensitive_) {
    const auto it = upper_.find(to_upper(word));
    return it == upper_.end() ? -1 : it->second;
  }
  const auto row = vocab_.find(word);
  return row >= 0 && static_cast<std::size_t>(row) < rows_ ? row : -1;
}

std::int32_t WordLookup::canonical(std::int32_t row) const {
  return case_insensitive_ ? find(vocab_.word(static_cast<std::size_t>(row))) : row;
}

}  // namespace wordvec
