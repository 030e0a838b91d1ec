#include "wordvec/query/query_expression.hpp"

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

std::vector<std::string> QueryExpression::words() const {
  auto all = positive;
  all.insert(all.end(), negative.begin(), negative.end());
  return all;
}

QueryExpression parse_query(std::string_view text) {
  QueryExpression q;
  int sign = 0;  // 0: no operator pending
  std::size_t i = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const auto start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i == start) break;
    const auto token = text.substr(start, i - start);
    if (token == "+" || token == "-") {
      if (sign != 0) throw OptionError(fmt::format("query '{}': expected a word after '{}', got '{}'", text, sign > 0 ? "+" : "-", token));
      sign = token == "+" ? 1 : -1;
      continue;
    }
    (sign < 0 ? q.negative : q.positive).emplace_back(token);
    sign = 0;
  }
  if (sign != 0) throw OptionError(fmt::format("query '{}': expected a word after the last operator", text));
  if (q.positive.empty() && q.negative.empty()) throw OptionError("empty query: expected a word or an expression such as 'king - man + woman'");
  return q;
}

}  // namespace wordvec
