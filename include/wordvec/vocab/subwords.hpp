#pragma once
// fastText's character n-grams: "<word>" cut into UTF-8 n-grams of minn..maxn characters, each
// hashed (FNV-1a, 32 bit) into one of `bucket` rows.
#include <cstdint>
#include <string_view>
#include <vector>

namespace wordvec {

/// Which n-grams a word is made of; maxn = 0 turns subwords off.
struct SubwordOptions {
  int minn = 3;                    ///< shortest n-gram, in characters
  int maxn = 6;                    ///< longest n-gram, in characters; 0 = no subwords
  std::uint32_t bucket = 2000000;  ///< number of hash rows the n-grams share

  /// True when words have n-grams at all.
  bool enabled() const { return maxn > 0 && bucket > 0; }
  /// Throws OptionError naming the first bad value.
  void validate() const;
};

/// fastText's FNV-1a: each byte is sign-extended first (`uint32_t(int8_t(c))`), as fastText does,
/// so n-grams with non-ASCII bytes hash exactly as in fastText's files.
inline std::uint32_t fasttext_hash(std::string_view bytes) {
  std::uint32_t h = 2166136261u;
  for (const char c : bytes) {
    h ^= static_cast<std::uint32_t>(static_cast<std::int8_t>(c));
    h *= 16777619u;
  }
  return h;
}

/// Appends to `out` the bucket index (hash % bucket, 0-based) of every n-gram of "<word>",
/// in fastText's order (by start character, then length); duplicates are kept as fastText keeps
/// them. Single-character n-grams "<" and ">" alone are skipped, as in fastText.
void append_subword_buckets(std::string_view word, const SubwordOptions& options, std::vector<std::int32_t>& out);

/// The n-gram strings of "<word>" in the same order (for tests and inspection).
std::vector<std::string_view> subword_strings(std::string_view wrapped_word, const SubwordOptions& options);

}  // namespace wordvec
