#pragma once
// The Unicode the tokenizers need, from ICU: decoding, character classes (general category and
// script), NFC and full lower-casing of UTF-8 text. ASCII takes table-free fast paths.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wordvec::text {

/// What a code point is to a tokenizer.
enum class CharClass : std::uint8_t {
  Space,   ///< White_Space or a control: separates tokens
  Letter,  ///< L* (not CJK)
  Mark,    ///< M*: stays with the letters it follows
  Number,  ///< N*
  Punct,   ///< P*
  Symbol,  ///< S*
  Cjk,     ///< a Han, Hiragana, Katakana or Hangul character (letters of those scripts)
  Other,   ///< unassigned, private use, surrogates, format characters: separate tokens
};

/// Decodes the code point at s[i] and advances i; an invalid sequence yields -1 (i moves past it).
char32_t next_code_point(std::string_view s, std::size_t& i);
/// Appends `cp` as UTF-8.
void append_utf8(std::string& out, char32_t cp);
/// The class of `cp` (ASCII from a table).
CharClass classify(char32_t cp);
/// True for the Han characters jieba segments (U+4E00..U+9FD5).
inline bool is_jieba_han(char32_t cp) { return cp >= 0x4E00 && cp <= 0x9FD5; }
/// True when `s` is all ASCII.
bool is_ascii(std::string_view s);
/// NFC of `s` into `out`; returns false (out untouched) when `s` is already NFC. Invalid UTF-8
/// bytes become U+FFFD.
bool to_nfc(std::string_view s, std::string& out);
/// Appends the full lower-case mapping of UTF-8 `s` (root locale).
void append_lower(std::string& out, std::string_view s);

}  // namespace wordvec::text
