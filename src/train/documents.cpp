#include "wordvec/train/documents.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/text/tokenizer.hpp"
#include "corpus/line_reader.hpp"

namespace wordvec {

namespace {

bool has_token(std::string_view text, const Tokenizer* tokenizer, TokenList& tokens) {
  if (tokenizer == nullptr || tokenizer->is_whitespace())
    return std::any_of(text.begin(), text.end(), [](char c) { return !is_token_separator(static_cast<unsigned char>(c)); });
  tokens.clear();
  tokenizer->tokenize(text, tokens);
  return !tokens.empty();
}

}  // namespace

std::string_view take_tag(std::string_view& line) {
  std::size_t b = 0;
  while (b < line.size() && is_token_separator(static_cast<unsigned char>(line[b]))) ++b;
  std::size_t e = b;
  while (e < line.size() && !is_token_separator(static_cast<unsigned char>(line[e]))) ++e;
  const auto tag = line.substr(b, e - b);
  line.remove_prefix(e);
  return tag;
}

std::pair<std::uint64_t, std::uint64_t> Documents::align(std::uint64_t begin, std::uint64_t end_byte,
                                                         std::size_t& first) const {
  const auto at = [&](std::uint64_t offset) {
    return static_cast<std::size_t>(std::lower_bound(starts.begin(), starts.end(), offset) - starts.begin());
  };
  first = at(begin);
  const std::size_t last = at(end_byte);
  const auto offset = [&](std::size_t i) { return i < starts.size() ? starts[i] : end; };
  return {offset(first), offset(last)};
}

Documents scan_documents(const Corpus& corpus, DocTags tags, const Tokenizer* tokenizer) {
  if (tags == DocTags::FirstToken && tokenizer != nullptr && !tokenizer->is_whitespace())
    throw OptionError(fmt::format("option --tags first-token: needs --tokenizer whitespace (the tag is the line's "
                                  "first field), got --tokenizer {}", tokenizer_kind_name(tokenizer->options().kind)));
  Documents docs;
  const auto size = corpus.size_bytes();
  docs.end = size;
  LineReader reader(corpus.text_path(), 0, size);
  std::unordered_map<std::string, std::uint32_t> known;
  TokenList tokens;
  std::string_view line;
  for (std::uint64_t number = 0;; ++number) {
    const std::uint64_t start = reader.consumed();
    if (!reader.next(line)) break;
    // A line the training readers see tokens in: with first-token tags, a line holding only its
    // tag is a document too (one without words, whose vector keeps its start).
    std::string tag;
    if (tags == DocTags::FirstToken) {
      std::string_view rest = line;
      tag = std::string(take_tag(rest));
      if (tag.empty()) continue;
      ++docs.tag_tokens[tag];
    } else {
      if (!has_token(line, tokenizer, tokens)) continue;
      tag = std::to_string(number);
    }
    const auto [it, added] = known.emplace(std::move(tag), static_cast<std::uint32_t>(docs.tags.size()));
    if (added) docs.tags.push_back(it->first);
    docs.starts.push_back(start);
    docs.rows.push_back(it->second);
  }
  if (docs.tags.empty())
    throw DataError(fmt::format("{}: no line holds a document (a token)", corpus.name()));
  return docs;
}

}  // namespace wordvec
