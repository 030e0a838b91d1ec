#include "text/word_rules.hpp"

#include <string>

#include "text/unicode.hpp"

namespace wordvec::text {

namespace {

bool ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool starts_with_nocase(std::string_view s, std::size_t i, std::string_view prefix) {
  if (s.size() - i < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    char c = s[i + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != prefix[k]) return false;
  }
  return true;
}

bool url_char(char c) {
  return ascii_alnum(c) || std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(c) != std::string_view::npos;
}

// Drops trailing punctuation that ends the sentence rather than the URL; a ')' or ']' stays when it
// closes one opened inside.
std::size_t trim_url(std::string_view text, std::size_t i, std::size_t j) {
  for (;;) {
    if (j <= i) return j;
    const char c = text[j - 1];
    if (c == ')' || c == ']') {
      const char open = c == ')' ? '(' : '[';
      int balance = 0;
      for (std::size_t k = i; k < j; ++k) balance += text[k] == open ? 1 : text[k] == c ? -1 : 0;
      if (balance >= 0) return j;
      --j;
    } else if (std::string_view(".,;:!?'\"").find(c) != std::string_view::npos) {
      --j;
    } else {
      return j;
    }
  }
}

std::size_t email_length(std::string_view s, std::size_t i) {
  auto local = [](char c) { return ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; };
  std::size_t j = i;
  while (j < s.size() && local(s[j])) ++j;
  if (j == i || j >= s.size() || s[j] != '@') return 0;
  std::size_t k = ++j;
  std::size_t labels = 0, last_label = 0, last_start = k;
  for (;;) {
    const std::size_t start = k;
    while (k < s.size() && (ascii_alnum(s[k]) || s[k] == '-')) ++k;
    if (k == start) break;
    ++labels;
    last_start = start;
    last_label = k - start;
    if (k + 1 < s.size() && s[k] == '.' && ascii_alnum(s[k + 1])) {
      ++k;
      continue;
    }
    break;
  }
  if (labels < 2 || last_label < 2) return 0;
  for (std::size_t p = last_start; p < k; ++p)
    if (!((s[p] >= 'a' && s[p] <= 'z') || (s[p] >= 'A' && s[p] <= 'Z'))) return 0;
  return k - i;
}

// A word being built: its bytes and the class of its last character.
struct Word {
  std::string bytes;
  CharClass last = CharClass::Space;
  bool empty() const { return bytes.empty(); }
};

bool wordish(CharClass c) { return c == CharClass::Letter || c == CharClass::Mark || c == CharClass::Number; }

// Whether punctuation `cp` between the word so far and the next character stays inside the word.
bool joins(char32_t cp, CharClass before, CharClass after) {
  switch (cp) {
    case U'\'': case U'\u2019':
      return (before == CharClass::Letter || before == CharClass::Mark) && after == CharClass::Letter;
    case U'-': case U'\u2010': case U'\u2011': case U'.': case U'_': case U'&':
      return wordish(before) && wordish(after);
    case U',': case U':':
      return before == CharClass::Number && after == CharClass::Number;
    default:
      return false;
  }
}

void flush(Word& w, const WordRules& rules, TokenList& out) {
  if (w.empty()) return;
  std::string& bytes = out.open_bytes();
  if (rules.lowercase) append_lower(bytes, w.bytes);
  else bytes.append(w.bytes);
  out.end_token();
  w.bytes.clear();
  w.last = CharClass::Space;
}

void emit(std::string_view token, const WordRules& rules, TokenList& out) {
  std::string& bytes = out.open_bytes();
  if (rules.lowercase) append_lower(bytes, token);
  else bytes.append(token);
  out.end_token();
}

}  // namespace

std::size_t url_length(std::string_view text, std::size_t i) {
  if (i >= text.size() || !ascii_alnum(text[i])) return 0;
  std::size_t prefix = 0;
  if (starts_with_nocase(text, i, "http://")) prefix = 7;
  else if (starts_with_nocase(text, i, "https://")) prefix = 8;
  else if (starts_with_nocase(text, i, "ftp://")) prefix = 6;
  else if (starts_with_nocase(text, i, "www.")) prefix = 4;
  if (prefix == 0) return email_length(text, i);
  std::size_t j = i + prefix;
  while (j < text.size() && url_char(text[j])) ++j;
  j = trim_url(text, i, j);
  return j > i + prefix ? j - i : 0;
}

void scan_words(std::string_view text, const WordRules& rules, TokenList& out) {
  thread_local Word w;
  w.bytes.clear();
  w.last = CharClass::Space;
  bool after_alnum = false;  // the previous byte was an ASCII letter or digit: no URL starts here
  std::size_t i = 0;
  while (i < text.size()) {
    if (!after_alnum && w.empty()) {
      if (const std::size_t len = url_length(text, i); len > 0) {
        if (rules.keep_urls) emit(text.substr(i, len), rules, out);
        i += len;
        continue;
      }
    }
    std::size_t j = i;
    const char32_t cp = next_code_point(text, j);
    const CharClass cls = classify(cp);
    after_alnum = cp < 0x80 && ascii_alnum(static_cast<char>(cp));
    switch (cls) {
      case CharClass::Letter: case CharClass::Mark: case CharClass::Number:
        w.bytes.append(text.substr(i, j - i));
        w.last = cls;
        break;
      case CharClass::Cjk:
        if (rules.cjk_chars) {
          flush(w, rules, out);
          emit(text.substr(i, j - i), rules, out);
        } else {
          w.bytes.append(text.substr(i, j - i));
          w.last = CharClass::Letter;
        }
        break;
      case CharClass::Punct: case CharClass::Symbol: {
        bool inside = false;
        if (!w.empty() && j < text.size()) {
          std::size_t k = j;
          const CharClass next = classify(next_code_point(text, k));
          inside = joins(cp, w.last, next == CharClass::Cjk && !rules.cjk_chars ? CharClass::Letter : next);
        }
        if (inside) {
          if (cp == U'\u2019') w.bytes.push_back('\'');
          else w.bytes.append(text.substr(i, j - i));
          w.last = CharClass::Punct;
        } else {
          flush(w, rules, out);
          if (rules.punctuation) emit(text.substr(i, j - i), rules, out);
        }
        break;
      }
      case CharClass::Space: case CharClass::Other:
        flush(w, rules, out);
        break;
    }
    i = j;
  }
  flush(w, rules, out);
}

}  // namespace wordvec::text
