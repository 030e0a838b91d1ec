#pragma once
// Unicode words of raw text: NFC, full lower-casing, punctuation and symbols split off by general
// category, numbers kept, URLs and e-mail addresses whole, apostrophes inside words kept (don't).
#include <memory>

#include "wordvec/text/tokenizer.hpp"

namespace wordvec {

namespace text {
class T2sConverter;
}

/// The `words` tokenizer (see text/word_rules.hpp for the exact rules).
class WordsTokenizer : public Tokenizer {
 public:
  /// `options.kind` must be Words.
  explicit WordsTokenizer(TokenizerOptions options);
  ~WordsTokenizer() override;
  void tokenize(std::string_view line, TokenList& out) const override;
  std::string normalize(std::string_view word) const override;

 protected:
  /// For Chars: every Han, Kana and Hangul character a token.
  WordsTokenizer(TokenizerOptions options, bool cjk_chars);
  /// `line` after t2s (when asked) and NFC; `scratch` holds the bytes when they changed.
  std::string_view prepare(std::string_view line, std::string& scratch) const;

 private:
  bool cjk_chars_;
  std::shared_ptr<const text::T2sConverter> t2s_;
};

}  // namespace wordvec
