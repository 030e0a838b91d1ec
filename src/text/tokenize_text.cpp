#include "wordvec/text/tokenize_text.hpp"

#include <omp.h>

#include <algorithm>
#include <exception>
#include <vector>

namespace wordvec {

void tokenize_text(std::string_view text, const Tokenizer& tokenizer, int threads, std::string& out) {
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = nl + 1;
  }
  // Contiguous groups of lines per task, each joined into its own string, then concatenated in order.
  const std::size_t groups = std::max<std::size_t>(1, std::min<std::size_t>(lines.size(), static_cast<std::size_t>(threads) * 8));
  std::vector<std::string> parts(groups);
  std::vector<std::exception_ptr> errors(groups);
#pragma omp parallel for num_threads(std::max(1, threads)) schedule(dynamic, 1)
  for (std::size_t g = 0; g < groups; ++g) {
    try {
      TokenList tokens;
      const std::size_t begin = lines.size() * g / groups, end = lines.size() * (g + 1) / groups;
      std::string& part = parts[g];
      for (std::size_t i = begin; i < end; ++i) {
        tokens.clear();
        tokenizer.tokenize(lines[i], tokens);
        for (std::size_t t = 0; t < tokens.size(); ++t) {
          if (t > 0) part.push_back(' ');
          part.append(tokens[t]);
        }
        part.push_back('\n');
      }
    } catch (...) {
      errors[g] = std::current_exception();
    }
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  std::size_t total = out.size();
  for (const auto& p : parts) total += p.size();
  out.reserve(total);
  for (const auto& p : parts) out.append(p);
}

}  // namespace wordvec
