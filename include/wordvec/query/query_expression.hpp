#pragma once
// Queries as people type them: "king", "king queen", "king - man + woman".
#include <string>
#include <string_view>
#include <vector>

namespace wordvec {

/// Words to add and words to subtract (gensim's positive / negative lists).
struct QueryExpression {
  std::vector<std::string> positive;  ///< words added
  std::vector<std::string> negative;  ///< words subtracted
  /// All words, positive first.
  std::vector<std::string> words() const;
};

/// Parses whitespace-separated words with optional "+" / "-" tokens before a word (default "+"):
/// "king - man + woman" -> positive {king, woman}, negative {man}. Throws OptionError for an empty
/// query, two operators in a row, or an operator at the end.
QueryExpression parse_query(std::string_view text);

}  // namespace wordvec
