// fastText's character n-grams and hash: values checked against gensim's independent
// implementation (gensim.models.fasttext.ft_hash_bytes / compute_ngrams_bytes).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "wordvec/core/error.hpp"
#include "wordvec/vocab/subwords.hpp"

using namespace wordvec;

namespace {
std::vector<std::string> ngrams(const std::string& word, int minn, int maxn) {
  SubwordOptions o;
  o.minn = minn;
  o.maxn = maxn;
  std::vector<std::string> out;
  for (const auto v : subword_strings("<" + word + ">", o)) out.emplace_back(v);
  return out;
}
}  // namespace

TEST_CASE("fasttext_hash is FNV-1a with sign-extended bytes, as fastText and gensim", "[subwords]") {
  CHECK(fasttext_hash("") == 2166136261u);
  CHECK(fasttext_hash("a") == 3826002220u);
  CHECK(fasttext_hash("<wh") == 1048167652u);
  CHECK(fasttext_hash("where>") == 4012121234u);
  // Bytes >= 0x80 are where fastText differs from textbook FNV-1a.
  CHECK(fasttext_hash("<\xc3\xa9") == 672036627u);             // "<é"
  CHECK(fasttext_hash("\xc3\xa9t\xc3\xa9>") == 4054196363u);    // "été>"
  CHECK(fasttext_hash("\xe6\x97\xa5\xe6\x9c\xac") == 4164387409u);  // "日本"
}

TEST_CASE("subwords: n-grams by start then length, the whole <word> included", "[subwords]") {
  CHECK(ngrams("where", 3, 4) ==
        std::vector<std::string>{"<wh", "<whe", "whe", "wher", "her", "here", "ere", "ere>", "re>"});
  // gensim's list for "a", minn 1 maxn 3: the 1-grams "<" and ">" alone are never used.
  auto a = ngrams("a", 1, 3);
  std::sort(a.begin(), a.end());
  CHECK(a == std::vector<std::string>{"<a", "<a>", "a", "a>"});
}

TEST_CASE("subwords: n-grams count UTF-8 characters, not bytes", "[subwords]") {
  auto e = ngrams("\xc3\xa9t\xc3\xa9", 3, 4);  // "été"
  std::sort(e.begin(), e.end());
  std::vector<std::string> expected{"<\xc3\xa9t", "<\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9>",
                                    "t\xc3\xa9>"};
  std::sort(expected.begin(), expected.end());
  CHECK(e == expected);
}

TEST_CASE("subwords: bucket indices are hash % bucket; maxn 0 and </s> give none", "[subwords]") {
  SubwordOptions o;
  o.minn = 3;
  o.maxn = 3;
  o.bucket = 1000;
  std::vector<std::int32_t> ids;
  append_subword_buckets("a", o, ids);  // "<a>" only
  REQUIRE(ids.size() == 1);
  CHECK(ids[0] == static_cast<std::int32_t>(fasttext_hash("<a>") % 1000));
  ids.clear();
  append_subword_buckets("</s>", o, ids);
  CHECK(ids.empty());
  o.maxn = 0;
  append_subword_buckets("where", o, ids);
  CHECK(ids.empty());
}

TEST_CASE("SubwordOptions::validate", "[subwords]") {
  SubwordOptions o;
  CHECK_NOTHROW(o.validate());
  o.minn = 7;
  CHECK_THROWS_AS(o.validate(), OptionError);
  o.minn = 3;
  o.bucket = 0;
  CHECK_THROWS_AS(o.validate(), OptionError);
  o.maxn = 0;
  CHECK_NOTHROW(o.validate());  // off: the rest does not matter
}
