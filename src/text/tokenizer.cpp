#include "wordvec/text/tokenizer.hpp"

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/text/chars_tokenizer.hpp"
#include "wordvec/text/whitespace_tokenizer.hpp"
#include "wordvec/text/words_tokenizer.hpp"
#include "wordvec/text/zh_tokenizer.hpp"

#ifndef WORDVEC_JIEBA_DIR
#define WORDVEC_JIEBA_DIR "/usr/lib/python3/dist-packages/jieba"
#endif

namespace wordvec {

namespace {

constexpr std::pair<TokenizerKind, const char*> kKinds[] = {
    {TokenizerKind::Whitespace, "whitespace"}, {TokenizerKind::Words, "words"},
    {TokenizerKind::Chars, "chars"}, {TokenizerKind::Zh, "zh"}};

bool parse_flag(const std::map<std::string, std::string>& m, const std::string& key, bool fallback) {
  const auto it = m.find(key);
  if (it == m.end()) return fallback;
  if (it->second == "1") return true;
  if (it->second == "0") return false;
  throw FormatError(fmt::format("metadata '{}': expected 0 or 1, got '{}'", key, it->second));
}

std::string metadata_value(const std::map<std::string, std::string>& m, const std::string& key) {
  const auto it = m.find(key);
  return it == m.end() ? std::string() : it->second;
}

}  // namespace

TokenizerKind parse_tokenizer_kind(std::string_view name) {
  for (const auto& [kind, n] : kKinds)
    if (name == n) return kind;
  throw OptionError(fmt::format("option --tokenizer: expected whitespace, words, chars or zh, got '{}'", name));
}

std::string tokenizer_kind_name(TokenizerKind kind) {
  for (const auto& [k, n] : kKinds)
    if (k == kind) return n;
  return "?";
}

std::filesystem::path default_jieba_dict() { return std::filesystem::path(WORDVEC_JIEBA_DIR) / "dict.txt"; }

void TokenizerOptions::validate() const {
  const bool zh = kind == TokenizerKind::Zh;
  if (t2s && kind != TokenizerKind::Zh && kind != TokenizerKind::Chars)
    throw OptionError("option --t2s: applies to --tokenizer zh or chars");
  if (t2s && !opencc_available())
    throw OptionError("option --t2s: this wordvec was built without OpenCC (install libopencc-dev and rebuild)");
  if (!zh && !dict.empty()) throw OptionError("option --dict: applies to --tokenizer zh");
  if (!zh && !hmm_dir.empty()) throw OptionError("option --hmm: applies to --tokenizer zh");
  if (!zh && !user_dict.empty()) throw OptionError("option --user-dict: applies to --tokenizer zh");
}

void TokenizerOptions::to_metadata(std::map<std::string, std::string>& m) const {
  if (kind == TokenizerKind::Whitespace) return;  // the default; files stay as they were
  // Values built as std::string, not assigned from char literals: GCC 12 inlines the latter into a
  // memcpy it wrongly reports as overlapping (-Wrestrict false positive, GCC bug 105329).
  const auto flag = [](bool on) { return std::string(on ? "1" : "0"); };
  m["tokenizer"] = std::string(tokenizer_kind_name(kind));
  m["tokenizer_lowercase"] = flag(lowercase);
  m["tokenizer_keep_urls"] = flag(keep_urls);
  m["tokenizer_punctuation"] = flag(punctuation);
  if (t2s) m["tokenizer_t2s"] = flag(true);
  if (!dict.empty()) m["tokenizer_dict"] = dict.string();
  if (!hmm_dir.empty()) m["tokenizer_hmm"] = hmm_dir.string();
  if (!user_dict.empty()) m["tokenizer_user_dict"] = user_dict.string();
}

TokenizerOptions TokenizerOptions::from_metadata(const std::map<std::string, std::string>& m) {
  TokenizerOptions o;
  const auto name = metadata_value(m, "tokenizer");
  if (name.empty()) return o;
  try {
    o.kind = parse_tokenizer_kind(name);
  } catch (const OptionError&) {
    throw FormatError(fmt::format("metadata 'tokenizer': this wordvec knows no tokenizer '{}'", name));
  }
  o.lowercase = parse_flag(m, "tokenizer_lowercase", true);
  o.keep_urls = parse_flag(m, "tokenizer_keep_urls", false);
  o.punctuation = parse_flag(m, "tokenizer_punctuation", true);
  o.t2s = parse_flag(m, "tokenizer_t2s", false);
  o.dict = metadata_value(m, "tokenizer_dict");
  o.hmm_dir = metadata_value(m, "tokenizer_hmm");
  o.user_dict = metadata_value(m, "tokenizer_user_dict");
  return o;
}

std::string TokenList::joined() const {
  std::string out;
  for (std::size_t i = 0; i < size(); ++i) {
    if (i > 0) out.push_back(' ');
    out.append((*this)[i]);
  }
  return out;
}

std::shared_ptr<const Tokenizer> make_tokenizer(const TokenizerOptions& options) {
  options.validate();
  switch (options.kind) {
    case TokenizerKind::Whitespace: return std::make_shared<WhitespaceTokenizer>(options);
    case TokenizerKind::Words: return std::make_shared<WordsTokenizer>(options);
    case TokenizerKind::Chars: return std::make_shared<CharsTokenizer>(options);
    case TokenizerKind::Zh: return std::make_shared<ZhTokenizer>(options);
  }
  throw OptionError("option --tokenizer: unknown kind");
}

}  // namespace wordvec
