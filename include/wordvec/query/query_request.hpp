#pragma once
// Queries as a front end receives them (one line of text each) and their answers: parsed per kind,
// answered together so that neighbour queries by 3CosAdd share one batched search.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "wordvec/query/query_expression.hpp"
#include "wordvec/query/ann_index.hpp"
#include "wordvec/query/metric_search.hpp"
#include "wordvec/query/similarity_index.hpp"
#include "wordvec/text/tokenizer.hpp"

namespace wordvec {

/// What a query asks.
enum class QueryKind {
  Similar,      ///< nearest neighbours of a word or an expression ("king - man + woman")
  Analogy,      ///< "A B C": A is to B as C is to ?
  DoesntMatch,  ///< the word farthest from the others' mean
  Similarity,   ///< cosine of two words
};

/// How answer_queries answers.
struct QueryOptions {
  std::size_t topn = 10;     ///< answers per neighbour query
  std::size_t restrict = 0;  ///< search only the first N words (0 = all)
  bool cosmul = false;       ///< neighbour queries by 3CosMul instead of 3CosAdd
  /// Similar queries: cosine (3CosAdd on unit vectors), or the dot product / Euclidean distance of the
  /// raw vectors (the query is the sum of the positive words' raw vectors minus the negative ones').
  Metric metric = Metric::Cosine;
  /// Similar queries: answered by this approximate index (built for `metric`) instead of exact search.
  const AnnIndex* ann = nullptr;
  std::size_t ann_ef = 0;  ///< its candidate list (0 = its default)
  CancellationToken cancel{};  ///< the batch of neighbour queries stops with Cancelled once set (default: never)
};

/// One query as typed and what it asks.
struct QueryRequest {
  QueryKind kind = QueryKind::Similar;  ///< what it asks
  std::string text;                     ///< as typed
  QueryExpression expr;  ///< similar, analogy: words to add and subtract (analogy A B C: B + C - A); others: all in positive
  std::string error;     ///< why the text is not a query of its kind; empty when it is
};

/// The answer to one QueryRequest; the field its kind asks for is set, or `error`.
struct QueryAnswer {
  std::vector<Neighbor> neighbors;  ///< similar, analogy
  float similarity = 0.0f;          ///< similarity
  std::string odd_one;              ///< doesnt-match
  std::string error;                ///< an unknown word, a malformed query; empty on success
};

/// Parses `text` as a query of `kind`: an expression for Similar, three words for Analogy, two
/// for Similarity, at least two for DoesntMatch. A malformed query comes back with `error` set.
QueryRequest parse_request(QueryKind kind, std::string_view text);

/// Normalises the request's words as `tokenizer` normalised the corpus words (t2s, NFC, lower case);
/// nothing for the whitespace tokenizer.
void normalize_words(QueryRequest& request, const Tokenizer& tokenizer);
/// The query as shown with its answers: analogies as the offset they compute ("king - man + woman"),
/// the others as typed (trimmed).
std::string describe(const QueryRequest& request);

/// Answers every request (answer i belongs to request i). 3CosAdd neighbour queries go to the index
/// as one batch (SimilarityIndex::most_similar_batch); a request's error stays with its answer.
std::vector<QueryAnswer> answer_queries(const SimilarityIndex& index, const std::vector<QueryRequest>& requests,
                                        const QueryOptions& options = {});

}  // namespace wordvec
