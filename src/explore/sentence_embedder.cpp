#include "wordvec/explore/sentence_embedder.hpp"

#include <cctype>
#include <fstream>
#include <memory>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/core/utf8.hpp"
#include "wordvec/explore/pca.hpp"

namespace wordvec {

WordVectorFn lookup_in(const Embeddings& emb) {
  return [&emb](std::string_view word, Eigen::Ref<Eigen::VectorXf> out) { return emb.vector_for(word, out.data()); };
}

WordProbabilityFn probability_from_counts(const Vocab& vocab) {
  if (vocab.total_count() == 0) throw DataError("SIF weights: the vocabulary has no word counts");
  const double total = static_cast<double>(vocab.total_count());
  return [&vocab, total](std::string_view word) {
    const auto id = vocab.find(word);
    return id < 0 ? 0.0 : static_cast<double>(vocab.count(static_cast<std::size_t>(id))) / total;
  };
}

WordProbabilityFn probability_from_rank(const Vocab& vocab) {
  double harmonic = 0.0;
  for (std::size_t r = 1; r <= vocab.size(); ++r) harmonic += 1.0 / static_cast<double>(r);
  return [&vocab, harmonic](std::string_view word) {
    const auto id = vocab.find(word);
    return id < 0 ? 0.0 : 1.0 / ((static_cast<double>(id) + 1.0) * harmonic);
  };
}

WordProbabilityFn probability_from_count_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw IoError(fmt::format("{}: cannot open the word counts", path.string()));
  auto counts = std::make_shared<std::unordered_map<std::string, double>>();
  double total = 0.0;
  std::string line, word, rest;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    std::istringstream fields(line);
    double count = -1.0;
    if (!(fields >> word)) continue;  // blank line
    if (!(fields >> count) || count < 0.0 || (fields >> rest))
      throw FormatError(fmt::format("{}: line {}: expected 'word count' with a count >= 0, got '{}'", path.string(), n,
                                    printable_word(line)));
    (*counts)[word] += count;
    total += count;
  }
  if (in.bad()) throw IoError(fmt::format("{}: read error", path.string()));
  if (total <= 0.0) throw DataError(fmt::format("{}: no word has a positive count", path.string()));
  return [counts, total](std::string_view w) {
    const auto it = counts->find(std::string(w));
    return it == counts->end() ? 0.0 : it->second / total;
  };
}

void SentenceEmbedderOptions::validate() const {
  require_option(sif_a >= 0.0, "sif", "a weight parameter >= 0 (0 = plain mean; 1e-3 is usual)", sif_a);
}

SentenceEmbedder::SentenceEmbedder(std::size_t dim, WordVectorFn vector_of, WordProbabilityFn probability,
                                   SentenceEmbedderOptions options)
    : dim_(dim), vector_of_(std::move(vector_of)), probability_(std::move(probability)), options_(options) {
  options_.validate();
  if (dim_ == 0) throw OptionError("sentence embedder: the word vectors have dimension 0");
  if (options_.sif_a > 0.0 && !probability_) throw OptionError("sentence embedder: SIF weights need word probabilities");
}

bool SentenceEmbedder::embed_line(std::string_view line, Eigen::Ref<Eigen::VectorXf> out, std::size_t* known,
                                  std::size_t* unknown) const {
  out.setZero();
  Eigen::VectorXf word(static_cast<Eigen::Index>(dim_));
  std::string lowered;
  double weight_sum = 0.0;
  std::size_t found = 0, missed = 0;
  auto add = [&](std::string_view token) {
    if (options_.lowercase) {
      lowered.assign(token);
      for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      token = lowered;
    }
    if (!vector_of_(token, word)) {
      ++missed;
      return;
    }
    if (options_.normalize_words) {
      const float norm = word.norm();
      if (norm == 0.0f) {  // fastText adds only words of norm > 0
        ++missed;
        return;
      }
      word /= norm;
    }
    ++found;
    // SIF (Arora, Liang & Ma 2017): frequent words weigh less, a / (a + p(w)).
    const double w = options_.sif_a > 0.0 ? options_.sif_a / (options_.sif_a + probability_(token)) : 1.0;
    out += static_cast<float>(w) * word;
    weight_sum += 1.0;
  };
  if (options_.tokenizer && !options_.tokenizer->is_whitespace()) {
    TokenList tokens;
    options_.tokenizer->tokenize(line, tokens);
    for (std::size_t t = 0; t < tokens.size(); ++t) add(tokens[t]);
  } else {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && is_space(line[i])) ++i;
      const auto begin = i;
      while (i < line.size() && !is_space(line[i])) ++i;
      if (begin == i) break;
      add(line.substr(begin, i - begin));
    }
  }
  if (known) *known += found;
  if (unknown) *unknown += missed;
  if (found == 0) return false;
  out /= static_cast<float>(weight_sum);
  return true;
}

SentenceVectors SentenceEmbedder::embed_lines(const std::vector<std::string>& lines) const {
  SentenceVectors out;
  Matrix rows(static_cast<Eigen::Index>(lines.size()), static_cast<Eigen::Index>(dim_));
  Eigen::Index used = 0;
  Eigen::VectorXf v(static_cast<Eigen::Index>(dim_));
  for (std::size_t n = 0; n < lines.size(); ++n) {
    if (embed_line(lines[n], v, &out.known_tokens, &out.unknown_tokens)) {
      rows.row(used++) = v.transpose();
      out.lines.push_back(n + 1);
    } else {
      out.unembedded.push_back(n + 1);
    }
  }
  out.vectors = rows.topRows(used);
  // SIF's common component: the first singular vector of the (uncentred) sentence matrix.
  if (options_.sif_a > 0.0 && options_.remove_component && used > 1) {
    const Pca first = fit_pca(out.vectors, 1, /*centre=*/false);
    const Eigen::VectorXf u = first.axes.col(0).cast<float>();
    out.vectors -= (out.vectors * u) * u.transpose();
    out.removed_component = u;
  }
  return out;
}

}  // namespace wordvec
