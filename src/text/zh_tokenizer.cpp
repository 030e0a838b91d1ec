#include "wordvec/text/zh_tokenizer.hpp"

#include "text/jieba_segmenter.hpp"
#include "text/t2s_converter.hpp"
#include "text/unicode.hpp"
#include "text/word_rules.hpp"

namespace wordvec {

namespace {

std::shared_ptr<const text::JiebaSegmenter> load_segmenter(const TokenizerOptions& o) {
  const auto dict = o.dict.empty() ? default_jieba_dict() : o.dict;
  const auto hmm = o.hmm_dir.empty() ? dict.parent_path() / "finalseg" : o.hmm_dir;
  auto seg = std::make_shared<text::JiebaSegmenter>(dict, hmm);
  if (!o.user_dict.empty()) seg->load_user_dict(o.user_dict);
  return seg;
}

// A character jieba cuts alone that `words` would join into words: letters, marks and numbers of
// scripts other than Latin-1's ASCII and CJK.
bool other_script_word_char(char32_t cp) {
  if (cp < 0x80) return false;
  const auto c = text::classify(cp);
  return c == text::CharClass::Letter || c == text::CharClass::Mark || c == text::CharClass::Number;
}

bool all_punctuation(std::string_view token) {
  std::size_t i = 0;
  while (i < token.size()) {
    const auto c = text::classify(text::next_code_point(token, i));
    if (c != text::CharClass::Punct && c != text::CharClass::Symbol) return false;
  }
  return true;
}

}  // namespace

ZhTokenizer::ZhTokenizer(TokenizerOptions options) : Tokenizer(std::move(options)) {
  segmenter_ = load_segmenter(this->options());
  if (this->options().t2s) t2s_ = std::make_shared<text::T2sConverter>();
}

ZhTokenizer::~ZhTokenizer() = default;

void ZhTokenizer::jieba_cut(std::string_view line, bool hmm, TokenList& out) const {
  std::vector<std::uint32_t> offsets;
  const std::u32string cps = text::decode_utf8(line, &offsets);
  std::vector<text::Span> spans;
  segmenter_->cut(cps, hmm, spans);
  for (const auto& sp : spans) out.add(line.substr(offsets[sp.begin], offsets[sp.end] - offsets[sp.begin]));
}

void ZhTokenizer::tokenize(std::string_view line, TokenList& out) const {
  thread_local std::string scratch, normalized;
  thread_local std::vector<std::uint32_t> offsets;
  thread_local std::vector<text::Span> spans;
  thread_local std::u32string cps;
  const auto& o = options();
  if (t2s_ && !text::is_ascii(line)) {
    scratch = t2s_->convert(line);
    line = scratch;
  }
  if (text::to_nfc(line, normalized)) line = normalized;
  auto emit = [&](std::string_view token) {
    std::string& bytes = out.open_bytes();
    if (o.lowercase) text::append_lower(bytes, token);
    else bytes.append(token);
    out.end_token();
  };
  // Segments the text between URLs (all of it unless URLs are kept whole).
  auto segment = [&](std::string_view piece) {
    if (piece.empty()) return;
    offsets.clear();
    cps = text::decode_utf8(piece, &offsets);
    spans.clear();
    segmenter_->cut(cps, true, spans);
    for (std::size_t t = 0; t < spans.size(); ++t) {
      const auto& sp = spans[t];
      const char32_t first = cps[sp.begin];
      if (sp.end - sp.begin == 1 || (first == U'\r' && sp.end - sp.begin == 2)) {
        const auto c = text::classify(first);
        if (c == text::CharClass::Space || c == text::CharClass::Other) continue;  // white space, invalid bytes
        if (other_script_word_char(first)) {  // jieba's single characters of other scripts become words
          std::size_t u = t;
          while (u + 1 < spans.size() && spans[u + 1].end - spans[u + 1].begin == 1 &&
                 other_script_word_char(cps[spans[u + 1].begin]))
            ++u;
          emit(piece.substr(offsets[sp.begin], offsets[spans[u].end] - offsets[sp.begin]));
          t = u;
          continue;
        }
      }
      const std::string_view token = piece.substr(offsets[sp.begin], offsets[sp.end] - offsets[sp.begin]);
      if (!o.punctuation && all_punctuation(token)) continue;
      emit(token);
    }
  };
  std::size_t piece = 0;
  bool after_alnum = false;
  for (std::size_t i = 0; i < line.size();) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c >= 0x80) {
      after_alnum = false;
      ++i;
      continue;
    }
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    // Without --keep-urls a URL is text like any other, cut as jieba cuts it ("https : / / www . debian ...").
    if (o.keep_urls && alnum && !after_alnum) {
      if (const std::size_t len = text::url_length(line, i); len > 0) {
        segment(line.substr(piece, i - piece));
        emit(line.substr(i, len));
        i += len;
        piece = i;
        after_alnum = false;
        continue;
      }
    }
    after_alnum = alnum;
    ++i;
  }
  segment(line.substr(piece));
}

std::string ZhTokenizer::normalize(std::string_view word) const {
  std::string converted = t2s_ ? t2s_->convert(word) : std::string(word);
  std::string normalized;
  if (text::to_nfc(converted, normalized)) converted = std::move(normalized);
  if (!options().lowercase) return converted;
  std::string out;
  text::append_lower(out, converted);
  return out;
}

}  // namespace wordvec
