#pragma once
// The default tokenizer: tokens are the runs of bytes between ASCII whitespace, as they are.
#include "wordvec/text/tokenizer.hpp"

namespace wordvec {

/// Splits on ASCII space, tab, newline, CR, VT and FF; no normalisation. The corpus readers do the
/// same split themselves without it (their fast path); this class serves single lines and queries.
class WhitespaceTokenizer : public Tokenizer {
 public:
  /// `options.kind` must be Whitespace.
  explicit WhitespaceTokenizer(TokenizerOptions options = {});
  void tokenize(std::string_view line, TokenList& out) const override;
  std::string normalize(std::string_view word) const override { return std::string(word); }
};

}  // namespace wordvec
