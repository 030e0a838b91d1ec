#include "wordvec/vocab/subwords.hpp"

#include <string>

#include "wordvec/core/error.hpp"

namespace wordvec {

void SubwordOptions::validate() const {
  require_option(maxn >= 0 && maxn <= 100, "maxn", "an integer in 0..100", maxn);
  if (maxn == 0) return;
  require_option(minn >= 1 && minn <= maxn, "minn", fmt::format("an integer in 1..maxn ({})", maxn), minn);
  require_option(bucket >= 1 && bucket <= 100000000u, "bucket", "an integer in 1..100000000", bucket);
}

namespace {

// Calls f(ngram) for every n-gram of `wrapped` ("<word>") following fastText's
// Dictionary::computeSubwords: start at each character boundary (skipping UTF-8 continuation
// bytes), grow one character at a time up to maxn, emit lengths >= minn, and never emit a
// 1-character n-gram at the very start ("<") or that ends at the very end (">").
template <typename F>
void for_each_ngram(std::string_view wrapped, const SubwordOptions& o, F&& f) {
  const auto is_continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
  const std::size_t size = wrapped.size();
  for (std::size_t i = 0; i < size; ++i) {
    if (is_continuation(wrapped[i])) continue;
    std::size_t j = i;
    for (int n = 1; j < size && n <= o.maxn; ++n) {
      ++j;
      while (j < size && is_continuation(wrapped[j])) ++j;
      if (n >= o.minn && !(n == 1 && (i == 0 || j == size))) f(wrapped.substr(i, j - i));
    }
  }
}

}  // namespace

void append_subword_buckets(std::string_view word, const SubwordOptions& options, std::vector<std::int32_t>& out) {
  if (!options.enabled() || word == "</s>") return;  // fastText gives its end-of-sentence token no n-grams
  std::string wrapped;
  wrapped.reserve(word.size() + 2);
  wrapped.push_back('<');
  wrapped.append(word);
  wrapped.push_back('>');
  for_each_ngram(wrapped, options, [&](std::string_view ngram) {
    out.push_back(static_cast<std::int32_t>(fasttext_hash(ngram) % options.bucket));
  });
}

std::vector<std::string_view> subword_strings(std::string_view wrapped_word, const SubwordOptions& options) {
  std::vector<std::string_view> out;
  if (options.maxn > 0) for_each_ngram(wrapped_word, options, [&](std::string_view ngram) { out.push_back(ngram); });
  return out;
}

}  // namespace wordvec
