#include "wordvec/text/words_tokenizer.hpp"

#include "text/t2s_converter.hpp"
#include "text/unicode.hpp"
#include "text/word_rules.hpp"

namespace wordvec {

WordsTokenizer::WordsTokenizer(TokenizerOptions options) : WordsTokenizer(std::move(options), false) {}

WordsTokenizer::WordsTokenizer(TokenizerOptions options, bool cjk_chars)
    : Tokenizer(std::move(options)), cjk_chars_(cjk_chars) {
  if (this->options().t2s) t2s_ = std::make_shared<text::T2sConverter>();
}

WordsTokenizer::~WordsTokenizer() = default;

std::string_view WordsTokenizer::prepare(std::string_view line, std::string& scratch) const {
  if (t2s_ && !text::is_ascii(line)) {
    scratch = t2s_->convert(line);
    line = scratch;
  }
  std::string normalized;
  if (text::to_nfc(line, normalized)) {
    scratch = std::move(normalized);
    line = scratch;
  }
  return line;
}

void WordsTokenizer::tokenize(std::string_view line, TokenList& out) const {
  thread_local std::string scratch;
  const auto& o = options();
  text::scan_words(prepare(line, scratch), {o.lowercase, o.keep_urls, o.punctuation, cjk_chars_}, out);
}

std::string WordsTokenizer::normalize(std::string_view word) const {
  std::string scratch;
  const std::string_view prepared = prepare(word, scratch);
  std::string out;
  if (options().lowercase) text::append_lower(out, prepared);
  else out.assign(prepared);
  return out;
}

}  // namespace wordvec
