#include "wordvec/query/query_request.hpp"

#include <omp.h>

#include <utility>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"
#include "wordvec/io/text_fields.hpp"

namespace wordvec {

QueryRequest parse_request(QueryKind kind, std::string_view text) {
  QueryRequest r{kind, std::string(text), {}, {}};
  try {
    if (kind == QueryKind::Similar) {
      r.expr = parse_query(text);
      return r;
    }
    std::vector<std::string> words;
    for (const auto w : split_fields(text)) words.emplace_back(w);
    if (kind == QueryKind::Analogy) {
      if (words.size() != 3) throw OptionError(fmt::format("expected three words A B C, got {}", words.size()));
      r.expr.positive = {words[1], words[2]};
      r.expr.negative = {words[0]};
    } else if (kind == QueryKind::Similarity) {
      if (words.size() != 2) throw OptionError(fmt::format("expected two words, got {}", words.size()));
      r.expr.positive = words;
    } else {
      if (words.size() < 2) throw OptionError(fmt::format("expected at least two words, got {}", words.size()));
      r.expr.positive = words;
    }
  } catch (const OptionError& e) {
    r.error = e.what();
  }
  return r;
}

std::string describe(const QueryRequest& request) {
  if (request.kind == QueryKind::Analogy && request.error.empty())
    return fmt::format("{} - {} + {}", request.expr.positive[0], request.expr.negative[0], request.expr.positive[1]);
  return std::string(trim(request.text));
}

std::vector<QueryAnswer> answer_queries(const SimilarityIndex& index, const std::vector<QueryRequest>& requests,
                                        const QueryOptions& options) {
  std::vector<QueryAnswer> answers(requests.size());
  std::vector<VectorQuery> batch;
  std::vector<std::size_t> batch_of;
  std::vector<Eigen::VectorXf> ann_vectors;
  std::vector<std::vector<std::int32_t>> ann_exclude;
  std::vector<std::size_t> ann_of;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& r = requests[i];
    auto& a = answers[i];
    if (!r.error.empty()) {
      a.error = r.error;
      continue;
    }
    try {
      const auto& w = r.expr.positive;
      if (r.kind == QueryKind::Similarity) {
        a.similarity = index.similarity(w[0], w[1]);
      } else if (r.kind == QueryKind::DoesntMatch) {
        a.odd_one = index.doesnt_match(w);
      } else if (r.kind == QueryKind::Similar && options.ann) {
        std::vector<std::int32_t> exclude;
        Eigen::VectorXf v;
        if (options.metric == Metric::Cosine) {
          v = index.combine(r.expr.positive, r.expr.negative, &exclude);
        } else {
          v = Eigen::VectorXf::Zero(static_cast<Eigen::Index>(index.dim()));
          for (const auto& p : r.expr.positive) v += index.vector(p), exclude.push_back(index.id(p));
          for (const auto& n : r.expr.negative) v -= index.vector(n), exclude.push_back(index.id(n));
        }
        // Answered below, all together: one parallel search instead of a parallel region per query.
        ann_vectors.push_back(std::move(v));
        ann_exclude.push_back(std::move(exclude));
        ann_of.push_back(i);
      } else if (r.kind == QueryKind::Similar && options.metric != Metric::Cosine) {
        Eigen::VectorXf v = Eigen::VectorXf::Zero(static_cast<Eigen::Index>(index.dim()));
        std::vector<std::int32_t> exclude;
        for (const auto& p : r.expr.positive) {
          v += index.vector(p);
          exclude.push_back(index.id(p));
        }
        for (const auto& n : r.expr.negative) {
          v -= index.vector(n);
          exclude.push_back(index.id(n));
        }
        a.neighbors = metric_neighbors(index, v, options.metric, options.topn, exclude);
      } else if (options.cosmul) {
        a.neighbors = index.most_similar_cosmul(r.expr.positive, r.expr.negative, options.topn, options.restrict);
      } else {
        VectorQuery q;
        q.vector = index.combine(r.expr.positive, r.expr.negative, &q.exclude);
        batch.push_back(std::move(q));
        batch_of.push_back(i);
      }
    } catch (const UnknownWordError& e) {  // with the words it may have been meant as
      a.error = std::string(e.what()) + did_you_mean(index.close_words(e.word()));
    } catch (const Error& e) {  // a query without positive words
      a.error = e.what();
    }
  }
  if (!ann_of.empty()) {
    Matrix q(static_cast<Eigen::Index>(ann_of.size()), static_cast<Eigen::Index>(index.dim()));
    for (std::size_t j = 0; j < ann_of.size(); ++j) q.row(static_cast<Eigen::Index>(j)) = ann_vectors[j].transpose();
    const auto near = options.ann->search(q, options.topn, ann_exclude, omp_get_max_threads(), options.ann_ef);
    for (std::size_t j = 0; j < ann_of.size(); ++j)
      for (const auto& s : near[j])
        answers[ann_of[j]].neighbors.push_back({index.vocab().word(static_cast<std::size_t>(s.row)), s.row, s.score});
  }
  auto found = index.most_similar_batch(batch, options.topn, options.restrict, options.cancel);
  for (std::size_t j = 0; j < found.size(); ++j) answers[batch_of[j]].neighbors = std::move(found[j]);
  return answers;
}

void normalize_words(QueryRequest& request, const Tokenizer& tokenizer) {
  if (tokenizer.is_whitespace()) return;
  for (auto& w : request.expr.positive) w = tokenizer.normalize(w);
  for (auto& w : request.expr.negative) w = tokenizer.normalize(w);
}

}  // namespace wordvec
