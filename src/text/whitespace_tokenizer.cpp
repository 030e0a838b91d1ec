#include "wordvec/text/whitespace_tokenizer.hpp"

#include "wordvec/corpus/corpus.hpp"

namespace wordvec {

WhitespaceTokenizer::WhitespaceTokenizer(TokenizerOptions options) : Tokenizer(std::move(options)) {}

void WhitespaceTokenizer::tokenize(std::string_view line, TokenList& out) const {
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_token_separator(static_cast<unsigned char>(line[i]))) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_token_separator(static_cast<unsigned char>(line[i]))) ++i;
    out.add(line.substr(start, i - start));
  }
}

}  // namespace wordvec
