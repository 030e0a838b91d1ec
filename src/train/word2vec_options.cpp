#include "wordvec/train/word2vec_options.hpp"

#include <cmath>

#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"

namespace wordvec {

Word2VecModel parse_word2vec_model(const std::string& name) {
  if (name == "skipgram" || name == "sg" || name == "skip-gram") return Word2VecModel::SkipGram;
  static const Word2VecModel models[] = {Word2VecModel::SkipGram, Word2VecModel::Cbow, Word2VecModel::Dbow, Word2VecModel::Dm};
  return models[parse_choice("model", name, {"skipgram", "cbow", "dbow", "dm"})];
}

std::string to_string(Word2VecModel model) {
  switch (model) {
    case Word2VecModel::SkipGram: return "skipgram";
    case Word2VecModel::Cbow: return "cbow";
    case Word2VecModel::Dbow: return "dbow";
    case Word2VecModel::Dm: return "dm";
  }
  return "skipgram";
}

DocTags parse_doc_tags(const std::string& name) {
  return parse_choice("tags", name, {"line", "first-token"}) == 0 ? DocTags::Line : DocTags::FirstToken;
}

std::string to_string(DocTags tags) { return tags == DocTags::Line ? "line" : "first-token"; }

Word2VecLoss parse_word2vec_loss(const std::string& name) {
  if (name == "ns") return Word2VecLoss::NegativeSampling;
  if (name == "hs") return Word2VecLoss::HierarchicalSoftmax;
  throw OptionError(fmt::format("option --loss: expected ns or hs, got '{}'", name));
}

std::string to_string(Word2VecLoss loss) { return loss == Word2VecLoss::NegativeSampling ? "ns" : "hs"; }

double Word2VecOptions::effective_lr() const {
  if (lr > 0.0) return lr;
  // Subword models take fastText's default (0.05 for both architectures): with n-grams, skip-gram
  // at word2vec's 0.025 gives clearly worse vectors in 5 epochs (see bench/README.md).
  if (subwords.enabled()) return 0.05;
  return model == Word2VecModel::Cbow ? 0.05 : 0.025;  // dbow and dm: gensim Doc2Vec's 0.025
}

double Word2VecOptions::effective_init_range() const {
  if (init_range > 0.0) return init_range;
  // Word2vec models start from vectors whose norm (about sqrt(1/3)) does not shrink with dim:
  // from 1/dim, 5 epochs spend much of their early updates growing the vectors out of the
  // near-zero start (see bench/README.md). fastText's n-gram rows keep fastText's 1/dim.
  // PV-DM averages the document vector with the window's words: from that norm the words drown the
  // document (Debian descriptions, bench_doc2vec.sh: nearest-centroid 0.266 against gensim's 0.283);
  // from gensim's +-0.5/dim it gets 0.297. PV-DBOW is better from the larger start (0.616 against
  // 0.536 from 0.5/dim).
  if (model == Word2VecModel::Dm) return 0.5 / dim;
  return subwords.enabled() ? 1.0 / dim : 1.0 / std::sqrt(static_cast<double>(dim));
}

std::uint64_t Word2VecOptions::input_matrix_bytes(std::uint64_t words) const {
  const std::uint64_t rows = words + (subwords.enabled() ? subwords.bucket : 0);
  return rows * static_cast<std::uint64_t>(dim) * sizeof(float);
}

void Word2VecOptions::validate() const {
  require_option(dim >= 1 && dim <= 100000, "dim", "an integer in 1..100000", dim);
  require_option(window >= 1 && window <= 1000, "window", "an integer in 1..1000", window);
  if (loss == Word2VecLoss::NegativeSampling)
    require_option(negative >= 1 && negative <= 1000, "negative", "an integer in 1..1000 (0 only with --loss hs)", negative);
  else
    require_option(negative >= 0 && negative <= 1000, "negative", "an integer in 0..1000", negative);
  require_option(sample >= 0.0 && std::isfinite(sample), "sample", "a threshold >= 0", sample);
  require_option(epochs >= 1, "epochs", "at least 1", epochs);
  require_option(threads >= 1 && threads <= 1024, "threads", "an integer in 1..1024", threads);
  require_option(lr >= 0.0 && lr < 10.0 && std::isfinite(lr), "lr", "a learning rate in (0, 10)", lr);
  require_option(std::isfinite(ns_exponent), "ns-exponent", "a finite number", ns_exponent);
  require_option(init_range >= 0.0 && init_range <= 10.0, "init-range", "a number in [0, 10] (0: the default)", init_range);
  subwords.validate();
  // A fastText model file records one loss; fastText has no hierarchical softmax plus negatives.
  if (subwords.enabled() && both_losses())
    throw OptionError(fmt::format("option --negative: subword models take one loss; with --loss hs use --negative 0, got {}",
                                  negative));
  if (documents() && subwords.enabled())
    throw OptionError(fmt::format("option --maxn: the {} model trains no subwords; use --maxn 0", to_string(model)));
  if (dbow_words && model != Word2VecModel::Dbow)
    throw OptionError(fmt::format("option --dbow-words: only with --model dbow, got --model {}", to_string(model)));
  require_option(max_sentence_length >= 1, "max-sentence-length", "at least 1", max_sentence_length);
}

}  // namespace wordvec
