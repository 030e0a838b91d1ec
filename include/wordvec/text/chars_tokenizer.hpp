#pragma once
// Character tokens for Chinese, Japanese and Korean: every Han, Hiragana, Katakana and Hangul
// character is a token; other scripts are tokenized as by `words`.
#include "wordvec/text/words_tokenizer.hpp"

namespace wordvec {

/// The `chars` tokenizer.
class CharsTokenizer : public WordsTokenizer {
 public:
  /// `options.kind` must be Chars.
  explicit CharsTokenizer(TokenizerOptions options);
};

}  // namespace wordvec
