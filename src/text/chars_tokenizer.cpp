#include "wordvec/text/chars_tokenizer.hpp"

namespace wordvec {

CharsTokenizer::CharsTokenizer(TokenizerOptions options) : WordsTokenizer(std::move(options), true) {}

}  // namespace wordvec
