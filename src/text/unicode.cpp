#include "text/unicode.hpp"

#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <array>

#include "wordvec/core/error.hpp"

namespace wordvec::text {

namespace {

constexpr std::array<CharClass, 128> ascii_classes() {
  std::array<CharClass, 128> t{};
  for (int c = 0; c < 128; ++c) {
    CharClass k = CharClass::Punct;
    if (c <= 0x20 || c == 0x7F) k = CharClass::Space;
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k = CharClass::Letter;
    else if (c >= '0' && c <= '9') k = CharClass::Number;
    else if (c == '$' || c == '+' || c == '<' || c == '=' || c == '>' || c == '^' || c == '`' || c == '|' || c == '~')
      k = CharClass::Symbol;
    t[static_cast<std::size_t>(c)] = k;
  }
  return t;
}
constexpr auto kAscii = ascii_classes();

const icu::Normalizer2& nfc() {
  static const icu::Normalizer2* n = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* p = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status) || !p) throw Error(std::string("ICU: cannot load NFC data: ") + u_errorName(status));
    return p;
  }();
  return *n;
}

}  // namespace

char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto b = p[i];
  if (b < 0x80) {
    ++i;
    return b;
  }
  const auto n = static_cast<std::int32_t>(s.size());
  auto k = static_cast<std::int32_t>(i);
  UChar32 c;
  U8_NEXT(p, k, n, c);
  i = static_cast<std::size_t>(k);
  return c < 0 ? static_cast<char32_t>(-1) : static_cast<char32_t>(c);
}

void append_utf8(std::string& out, char32_t cp) {
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

CharClass classify(char32_t cp) {
  if (cp < 0x80) return kAscii[cp];
  if (cp == static_cast<char32_t>(-1)) return CharClass::Space;
  const auto c = static_cast<UChar32>(cp);
  if (u_isUWhiteSpace(c)) return CharClass::Space;
  switch (u_charType(c)) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER: case U_MODIFIER_LETTER:
    case U_OTHER_LETTER: {
      UErrorCode status = U_ZERO_ERROR;
      const UScriptCode script = uscript_getScript(c, &status);
      if (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
          script == USCRIPT_HANGUL)
        return CharClass::Cjk;
      return CharClass::Letter;
    }
    case U_NON_SPACING_MARK: case U_ENCLOSING_MARK: case U_COMBINING_SPACING_MARK:
      return CharClass::Mark;
    case U_DECIMAL_DIGIT_NUMBER: case U_LETTER_NUMBER: case U_OTHER_NUMBER:
      return CharClass::Number;
    case U_CONNECTOR_PUNCTUATION: case U_DASH_PUNCTUATION: case U_START_PUNCTUATION: case U_END_PUNCTUATION:
    case U_INITIAL_PUNCTUATION: case U_FINAL_PUNCTUATION: case U_OTHER_PUNCTUATION:
      return CharClass::Punct;
    case U_MATH_SYMBOL: case U_CURRENCY_SYMBOL: case U_MODIFIER_SYMBOL: case U_OTHER_SYMBOL:
      return CharClass::Symbol;
    case U_CONTROL_CHAR: case U_SPACE_SEPARATOR: case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR:
      return CharClass::Space;
    default:
      return CharClass::Other;
  }
}

bool is_ascii(std::string_view s) {
  unsigned char acc = 0;
  for (const char c : s) acc |= static_cast<unsigned char>(c);
  return acc < 0x80;
}

bool to_nfc(std::string_view s, std::string& out) {
  if (is_ascii(s)) return false;
  UErrorCode status = U_ZERO_ERROR;
  const icu::StringPiece piece(s.data(), static_cast<std::int32_t>(s.size()));
  if (nfc().isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return false;
  status = U_ZERO_ERROR;
  std::string result;
  icu::StringByteSink<std::string> sink(&result, static_cast<std::int32_t>(s.size()));
  nfc().normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) return false;  // cannot happen for in-memory text; keep the input
  out = std::move(result);
  return true;
}

namespace {
// True when no character of `s` has a lower-case mapping that differs: ASCII lower case, digits and
// punctuation, and the caseless CJK blocks (punctuation, kana, ideographs, Hangul syllables).
bool caseless(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (b >= 'A' && b <= 'Z') return false;
      ++i;
      continue;
    }
    const char32_t cp = next_code_point(s, i);
    const bool cjk = (cp >= 0x3000 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                     (cp >= 0xFF01 && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
                     (cp >= 0x20000 && cp <= 0x3FFFF) || (cp >= 0x2000 && cp <= 0x206F);
    if (!cjk) return false;
  }
  return true;
}
}  // namespace

void append_lower(std::string& out, std::string_view s) {
  if (is_ascii(s)) {
    for (const char c : s) out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    return;
  }
  if (caseless(s)) {
    out.append(s);
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&out, static_cast<std::int32_t>(s.size()));
  icu::CaseMap::utf8ToLower("", 0, icu::StringPiece(s.data(), static_cast<std::int32_t>(s.size())),
                            sink, nullptr, status);
  if (U_FAILURE(status)) out.append(s);
}

}  // namespace wordvec::text
