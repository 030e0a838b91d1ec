#include "wordvec/core/spelling.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

namespace {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = ascii_lower(c);
  return out;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t diff = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (diff > limit) return limit + 1;
  // Three rows: the one before last is needed for transpositions ("trian" is one step from "train").
  std::vector<std::size_t> before(b.size() + 1), last(b.size() + 1), row(b.size() + 1);
  std::iota(last.begin(), last.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      row[j] = std::min({last[j] + 1, row[j - 1] + 1, last[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) row[j] = std::min(row[j], before[j - 2] + 1);
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;  // every alignment through this row already costs more
    std::swap(before, last);
    std::swap(last, row);
  }
  return std::min(last[b.size()], limit + 1);
}

std::vector<std::string> close_spellings(std::string_view word, std::span<const std::string> candidates,
                                         std::size_t max_count) {
  std::vector<std::string> out;
  for (const auto& c : candidates)
    if (out.size() < max_count && c != word && equal_ignoring_case(c, word)) out.push_back(c);
  const std::size_t limit = word.size() <= 5 ? 1 : 2;
  const std::string low = lowered(word);
  std::string candidate;
  std::vector<std::pair<std::size_t, std::size_t>> near;  // (distance, candidate index)
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& c = candidates[i];
    const std::size_t diff = c.size() > low.size() ? c.size() - low.size() : low.size() - c.size();
    if (diff > limit || equal_ignoring_case(c, word)) continue;
    candidate.assign(c);
    for (auto& ch : candidate) ch = ascii_lower(ch);
    const std::size_t d = edit_distance(low, candidate, limit);
    if (d <= limit) near.emplace_back(d, i);
  }
  std::stable_sort(near.begin(), near.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (const auto& [d, i] : near) {
    if (out.size() >= max_count) break;
    out.push_back(candidates[i]);
  }
  return out;
}

std::string did_you_mean(const std::vector<std::string>& suggestions, std::string_view prefix) {
  if (suggestions.empty()) return "";
  std::vector<std::string> quoted;
  for (const auto& s : suggestions) quoted.push_back(fmt::format("'{}{}'", prefix, s));
  if (quoted.size() == 1) return fmt::format(" (did you mean {}?)", quoted[0]);
  const std::string last = quoted.back();
  quoted.pop_back();
  return fmt::format(" (did you mean {} or {}?)", fmt::join(quoted, ", "), last);
}

std::string one_of(const std::vector<std::string>& accepted) {
  if (accepted.size() == 1) return accepted[0];
  if (accepted.size() == 2) return accepted[0] + " or " + accepted[1];
  return fmt::format("one of {}", fmt::join(accepted, ", "));
}

std::size_t parse_choice(std::string_view option, std::string_view got, const std::vector<std::string>& accepted) {
  for (std::size_t i = 0; i < accepted.size(); ++i)
    if (accepted[i] == got) return i;
  throw OptionError(fmt::format("option --{}: expected {}, got '{}'{}", option, one_of(accepted), got,
                                did_you_mean(close_spellings(got, accepted, 1))));
}

}  // namespace wordvec
