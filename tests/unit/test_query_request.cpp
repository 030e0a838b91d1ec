// Queries as text: parsing per kind, their description, and answers that equal the single calls
// (the 3CosAdd ones answered as one batch).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "wordvec/query/query_request.hpp"
#include "wordvec/query/similarity_index.hpp"
#include "random_embeddings.hpp"

using namespace wordvec;

namespace {

std::vector<std::string> words_of(const std::vector<Neighbor>& ns) {
  std::vector<std::string> out;
  for (const auto& n : ns) out.push_back(n.word);
  return out;
}

}  // namespace

TEST_CASE("parse_request reads each kind's shape and reports malformed queries") {
  const auto analogy = parse_request(QueryKind::Analogy, " man king  woman ");
  CHECK(analogy.error.empty());
  CHECK(analogy.expr.positive == std::vector<std::string>{"king", "woman"});
  CHECK(analogy.expr.negative == std::vector<std::string>{"man"});
  CHECK(describe(analogy) == "king - man + woman");

  const auto similar = parse_request(QueryKind::Similar, "king - man + woman");
  CHECK(similar.expr.positive == std::vector<std::string>{"king", "woman"});
  CHECK(similar.expr.negative == std::vector<std::string>{"man"});
  CHECK(describe(similar) == "king - man + woman");

  CHECK(parse_request(QueryKind::Analogy, "a b").error == "expected three words A B C, got 2");
  CHECK(parse_request(QueryKind::Similarity, "a b c").error == "expected two words, got 3");
  CHECK(parse_request(QueryKind::DoesntMatch, "a").error == "expected at least two words, got 1");
  CHECK_FALSE(parse_request(QueryKind::Similar, "king -").error.empty());
  CHECK(describe(parse_request(QueryKind::Analogy, " a b ")) == "a b");  // malformed: shown as typed
}

TEST_CASE("answer_queries gives what the single SimilarityIndex calls give, errors per request") {
  const SimilarityIndex index(test::random_embeddings(300, 16, 7, 0.5f, 3.0f));
  const std::vector<QueryRequest> requests{
      parse_request(QueryKind::Similar, "w3"),
      parse_request(QueryKind::Similar, "w1 - w2 + w5"),
      parse_request(QueryKind::Similar, "nosuchword"),
      parse_request(QueryKind::Analogy, "w1 w2"),
      parse_request(QueryKind::Analogy, "w10 w11 w12"),
  };
  const QueryOptions options{5, 100, false};
  const auto answers = answer_queries(index, requests, options);
  REQUIRE(answers.size() == requests.size());
  CHECK(words_of(answers[0].neighbors) == words_of(index.most_similar({"w3"}, {}, 5, 100)));
  CHECK(words_of(answers[1].neighbors) == words_of(index.most_similar({"w1", "w5"}, {"w2"}, 5, 100)));
  CHECK(answers[1].neighbors[0].score == Approx(index.most_similar({"w1", "w5"}, {"w2"}, 5, 100)[0].score));
  CHECK(answers[2].error == "word 'nosuchword' not in vocabulary");
  CHECK(answers[2].neighbors.empty());
  CHECK(answers[3].error == "expected three words A B C, got 2");
  CHECK(words_of(answers[4].neighbors) == words_of(index.most_similar({"w11", "w12"}, {"w10"}, 5, 100)));
  for (const auto& a : answers[0].neighbors) CHECK(index.id(a.word) < 100);

  const auto mul = answer_queries(index, {requests[4]}, QueryOptions{5, 0, true});
  CHECK(words_of(mul[0].neighbors) == words_of(index.most_similar_cosmul({"w11", "w12"}, {"w10"}, 5)));

  const auto other = answer_queries(
      index, {parse_request(QueryKind::Similarity, "w1 w2"), parse_request(QueryKind::DoesntMatch, "w1 w2 w3 w4")});
  CHECK(other[0].similarity == index.similarity("w1", "w2"));
  CHECK(other[1].odd_one == index.doesnt_match({"w1", "w2", "w3", "w4"}));
}
