#pragma once
// How a line of text becomes tokens: the stage between reading a corpus and counting words. Every
// command that reads text (training, embedding, query and test words) goes through one Tokenizer.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wordvec {

/// The tokenizers there are.
enum class TokenizerKind {
  Whitespace,  ///< split on ASCII whitespace only, bytes as they are (pre-tokenized corpora; the default)
  Words,       ///< Unicode words of raw text: NFC, lower-case, punctuation split off, URLs kept whole
  Chars,       ///< as Words, but every Han, Hiragana, Katakana and Hangul character is a token
  Zh,          ///< Chinese word segmentation (jieba's method and data), other scripts as Words
};

/// The kind named `name` ("whitespace", "words", "chars", "zh"); throws OptionError otherwise.
TokenizerKind parse_tokenizer_kind(std::string_view name);
/// The name of a kind, as parse_tokenizer_kind takes it.
std::string tokenizer_kind_name(TokenizerKind kind);

/// A tokenizer and its settings; what a model records so that its queries are tokenized alike.
struct TokenizerOptions {
  TokenizerKind kind = TokenizerKind::Whitespace;  ///< which tokenizer
  bool lowercase = true;     ///< words/chars/zh: lower-case with Unicode's full case mapping
  bool keep_urls = false;    ///< URLs and e-mail addresses as one token (false: words/chars drop them, zh cuts them as jieba)
  bool punctuation = true;   ///< words/chars/zh: punctuation and symbols as tokens (false: dropped)
  bool t2s = false;          ///< chars/zh: traditional to simplified Chinese first (OpenCC's t2s)
  std::filesystem::path dict;       ///< zh: jieba's dict.txt ("word freq [tag]" lines); empty: the default
  std::filesystem::path hmm_dir;    ///< zh: folder of jieba's prob_start/trans/emit.py; empty: dict's finalseg/
  std::filesystem::path user_dict;  ///< zh: extra words, as jieba's load_userdict reads them; empty: none

  /// Throws OptionError for settings that do not apply or cannot work (--t2s without OpenCC).
  void validate() const;
  /// Writes the settings as "tokenizer*" metadata entries (nothing for the whitespace default).
  void to_metadata(std::map<std::string, std::string>& metadata) const;
  /// The settings a model's metadata records; whitespace when it records none.
  /// Throws FormatError for values this build cannot read.
  static TokenizerOptions from_metadata(const std::map<std::string, std::string>& metadata);
};

/// The default jieba dictionary (Debian python3-jieba's dict.txt; the path is fixed at build time).
std::filesystem::path default_jieba_dict();
/// True when this build can convert traditional to simplified Chinese (built with OpenCC).
bool opencc_available();

/// Tokens of one line, packed into one byte buffer (tokens may differ from the input's bytes).
class TokenList {
 public:
  /// Number of tokens.
  std::size_t size() const { return ends_.size(); }
  /// True when there are none.
  bool empty() const { return ends_.empty(); }
  /// Token `i`; valid until the list changes.
  std::string_view operator[](std::size_t i) const {
    const std::uint32_t b = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(b, ends_[i] - b);
  }
  /// Removes every token.
  void clear() {
    bytes_.clear();
    ends_.clear();
  }
  /// Appends a token (empty ones are ignored).
  void add(std::string_view token) {
    if (token.empty()) return;
    bytes_.append(token);
    ends_.push_back(static_cast<std::uint32_t>(bytes_.size()));
  }
  /// The bytes of the token being built: append to them, then close it with end_token().
  std::string& open_bytes() { return bytes_; }
  /// Ends the token appended to open_bytes() since the last token (nothing when empty).
  void end_token() {
    const std::uint32_t last = ends_.empty() ? 0 : ends_.back();
    if (bytes_.size() > last) ends_.push_back(static_cast<std::uint32_t>(bytes_.size()));
  }
  /// Every token joined by single spaces.
  std::string joined() const;

 private:
  std::string bytes_;
  std::vector<std::uint32_t> ends_;
};

/// Splits lines into tokens. Implementations are immutable after construction and may be used by
/// many threads at once. Invalid UTF-8 bytes never reach a token of the Unicode tokenizers: each
/// acts as a separator.
class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  /// Appends the tokens of `line` (without its newline) to `out`.
  virtual void tokenize(std::string_view line, TokenList& out) const = 0;
  /// A query or test word as the corpus words were normalised (t2s, NFC, lower-case), not split.
  virtual std::string normalize(std::string_view word) const = 0;
  /// The settings it was made with.
  const TokenizerOptions& options() const { return options_; }
  /// True for the whitespace tokenizer, whose tokens are the corpus bytes themselves.
  bool is_whitespace() const { return options_.kind == TokenizerKind::Whitespace; }

 protected:
  explicit Tokenizer(TokenizerOptions options) : options_(std::move(options)) {}

 private:
  TokenizerOptions options_;
};

/// Makes the tokenizer `options` ask for; throws OptionError, or IoError / FormatError when the
/// zh dictionary or HMM tables are missing or malformed (file and line in the message).
std::shared_ptr<const Tokenizer> make_tokenizer(const TokenizerOptions& options);

}  // namespace wordvec
