#pragma once
// Suggestions for a name the user got slightly wrong: its case variants and its near spellings.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wordvec {

/// Edit distance of `a` and `b` in bytes: insertions, deletions, substitutions and swaps of two
/// neighbours (optimal string alignment); stops early and returns `limit + 1` once it is certain to
/// exceed `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

/// Up to `max_count` of `candidates` close to `word`, best first: those equal to it but for ASCII case,
/// then those within edit distance 1 (words of up to 5 bytes) or 2 ignoring ASCII case, nearer first, ties in
/// candidate order.
std::vector<std::string> close_spellings(std::string_view word, std::span<const std::string> candidates,
                                         std::size_t max_count = 3);

/// " (did you mean 'a' or 'b'?)" for `suggestions` (each written with `prefix`, e.g. "--"), "" when empty.
std::string did_you_mean(const std::vector<std::string>& suggestions, std::string_view prefix = "");

/// "a", "a or b", "one of a, b, c": how a message lists the accepted values.
std::string one_of(const std::vector<std::string>& accepted);

/// The index of `got` in `accepted`; otherwise throws OptionError
/// "option --{option}: expected one of a, b, c, got '{got}'" with a did-you-mean hint when one is close.
std::size_t parse_choice(std::string_view option, std::string_view got, const std::vector<std::string>& accepted);

}  // namespace wordvec
