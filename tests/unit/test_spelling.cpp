// Spelling suggestions: edit distance, case variants first, the "expected one of" message of enum options.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"

using namespace wordvec;

TEST_CASE("edit_distance counts insertions, deletions and substitutions, bounded by a limit", "[spelling]") {
  CHECK(edit_distance("kitten", "sitting", 5) == 3);
  CHECK(edit_distance("", "abc", 5) == 3);
  CHECK(edit_distance("abc", "abc", 0) == 0);
  CHECK(edit_distance("horse", "hors", 2) == 1);
  CHECK(edit_distance("kitten", "sitting", 2) == 3);  // limit + 1 once it is certain to exceed the limit
  CHECK(edit_distance("a", "abcdef", 2) == 3);        // lengths alone exceed the limit
  CHECK(edit_distance("trian", "train", 2) == 1);     // a swap of neighbours is one step
}

TEST_CASE("close_spellings puts case variants before near spellings, nearer first", "[spelling]") {
  const std::vector<std::string> vocab = {"the", "king", "kings", "queen", "KING", "kind", "France"};
  CHECK(close_spellings("King", vocab) == std::vector<std::string>{"king", "KING", "kings"});
  CHECK(close_spellings("france", vocab) == std::vector<std::string>{"France"});
  CHECK(close_spellings("quen", vocab) == std::vector<std::string>{"queen"});
  CHECK(close_spellings("zzzzzz", vocab).empty());
  CHECK(close_spellings("king", vocab, 1) == std::vector<std::string>{"KING"});  // the word itself is no suggestion
}

TEST_CASE("did_you_mean and one_of phrase the hints", "[spelling]") {
  CHECK(did_you_mean({}) == "");
  CHECK(did_you_mean({"king"}) == " (did you mean 'king'?)");
  CHECK(did_you_mean({"dim", "dims", "dimm"}, "--") == " (did you mean '--dim', '--dims' or '--dimm'?)");
  CHECK(one_of({"glove"}) == "glove");
  CHECK(one_of({"add", "mul"}) == "add or mul");
  CHECK(one_of({"skip", "subword", "both"}) == "one of skip, subword, both");
}

TEST_CASE("parse_choice names the option, lists every value and hints at the case variant", "[spelling]") {
  const std::vector<std::string> models = {"skipgram", "cbow", "fasttext", "glove"};
  CHECK(parse_choice("model", "cbow", models) == 1);
  CHECK_THROWS_AS(parse_choice("model", "CBOW", models), OptionError);
  CHECK_THROWS_WITH(parse_choice("model", "GloVe", models),
                    "option --model: expected one of skipgram, cbow, fasttext, glove, got 'GloVe' (did you mean 'glove'?)");
  CHECK_THROWS_WITH(parse_choice("to", "bogus", {"a", "b"}), "option --to: expected a or b, got 'bogus'");
}
