#pragma once
// The rules of the `words` tokenizer, shared by `chars` and by `zh` for text that is not Chinese.
#include <cstddef>
#include <string_view>

#include "wordvec/text/tokenizer.hpp"

namespace wordvec::text {

/// What scan_words does with what it finds.
struct WordRules {
  bool lowercase = true;    ///< lower-case every token
  bool keep_urls = false;   ///< URLs and e-mail addresses: one token (false: dropped)
  bool punctuation = true;  ///< punctuation and symbols: one token per character (false: dropped)
  bool cjk_chars = false;   ///< every Han, Kana and Hangul character is a token of its own
};

/// Appends the tokens of `text` (already NFC) to `out`. Letters, marks and numbers make words;
/// ' and U+2019 between letters (don't), - between letters or digits (well-known, 1923-24), . between
/// letters or digits (3.14, e.g), , and : between digits (1,000 10:30), _ and & between word
/// characters stay inside a word (U+2019 becomes '); any other punctuation or symbol character is a
/// token of its own; white space, controls and invalid bytes separate.
void scan_words(std::string_view text, const WordRules& rules, TokenList& out);

/// Length of the URL (http://, https://, ftp://, www.) or e-mail address starting at text[i],
/// without trailing punctuation; 0 when none starts there.
std::size_t url_length(std::string_view text, std::size_t i);

}  // namespace wordvec::text
