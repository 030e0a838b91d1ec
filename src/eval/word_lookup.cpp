#include "eval/word_lookup.hpp"

#include <locale.h>
#include <wctype.h>

#include <algorithm>

#include "text/unicode.hpp"

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

}  // namespace

std::string to_upper(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  const locale_t loc = utf8_locale();
  for (std::size_t i = 0; i < word.size();) {
    const char c = word[i];
    if (static_cast<unsigned char>(c) < 0x80) {  // ASCII fast path
      out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
      ++i;
      continue;
    }
    const std::size_t start = i;
    const char32_t cp = text::next_code_point(word, i);
    if (cp == static_cast<char32_t>(-1)) {  // not UTF-8: keep the bytes
      out.append(word.substr(start, i - start));
      continue;
    }
    text::append_utf8(out, loc ? static_cast<char32_t>(towupper_l(static_cast<wint_t>(cp), loc)) : cp);
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
