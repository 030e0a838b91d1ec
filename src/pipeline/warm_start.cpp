#include "pipeline/warm_start.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

namespace {

const ParamMatrix& param(const CheckpointFile& model, const char* name) {
  for (const auto& p : model.state.params)
    if (p.name == name) return p;
  throw FormatError(fmt::format("the model file has no '{}' matrix", name));
}

std::string value_or(const std::map<std::string, std::string>& m, const std::string& key, const char* fallback) {
  const auto it = m.find(key);
  return it == m.end() ? fallback : it->second;
}

// Appends `count` rows starting at `from` of `src` as rows starting at `to`.
void append_rows(ParamRows& out, const float* src, std::size_t from, std::size_t to, std::size_t count) {
  const std::size_t cols = out.cols;
  for (std::size_t i = 0; i < count; ++i) out.rows.push_back(to + i);
  out.data.insert(out.data.end(), src + from * cols, src + (from + count) * cols);
}

}  // namespace

MergedVocab merge_vocab(const Vocab& model, const Vocab& corpus, std::uint64_t min_count) {
  struct Entry {
    const std::string* word;
    std::uint64_t count;
  };
  std::vector<Entry> entries;
  entries.reserve(model.size() + corpus.size());
  MergedVocab out;
  for (std::size_t i = 0; i < model.size(); ++i) {
    const auto id = corpus.find(model.word(i));
    const std::uint64_t fresh = id >= 0 ? corpus.count(static_cast<std::size_t>(id)) : 0;
    entries.push_back({&model.word(i), model.count(i) + fresh});
    out.corpus_words += fresh;
  }
  for (std::size_t j = 0; j < corpus.size(); ++j) {
    if (model.contains(corpus.word(j)) || corpus.count(j) < min_count) continue;
    entries.push_back({&corpus.word(j), corpus.count(j)});
    out.corpus_words += corpus.count(j);
    ++out.new_words;
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.count > b.count; });
  out.vocab.reserve(entries.size());
  for (const auto& e : entries) out.vocab.add(*e.word, e.count);
  return out;
}

void require_continuable(const std::filesystem::path& path, const std::map<std::string, std::string>& meta,
                         const Word2VecOptions& options, const std::map<std::string, std::string>& tokenizer_meta) {
  const std::string model = value_or(meta, "train.model", "(not set)");
  if (model == "glove" || model == "(not set)")
    throw OptionError(fmt::format("{}: --continue needs a skip-gram, CBOW or fastText model written by --save-model "
                                  "(this one is {})", path.string(), model == "glove" ? "GloVe" : "not one"));
  const auto differ = [&](const char* name, const std::string& was, const std::string& is, const std::string& flag) {
    if (was != is)
      throw OptionError(fmt::format("{}: the model was trained with {} = {}, this run has {} = {}; continue it with {}",
                                    path.string(), name, was, name, is, flag));
  };
  if (value_or(meta, "train.loss", "ns") != "ns" || options.loss != Word2VecLoss::NegativeSampling)
    throw OptionError(fmt::format("{}: --continue trains negative sampling models only: hierarchical softmax's "
                                  "output rows belong to the Huffman tree of the old vocabulary, which the new "
                                  "words rebuild", path.string()));
  differ("model", model, to_string(options.model), "--model " + model);
  differ("dim", value_or(meta, "train.dim", "?"), std::to_string(options.dim), "--dim " + value_or(meta, "train.dim", "?"));
  const bool sub = options.subwords.enabled();
  const std::string maxn = value_or(meta, "train.maxn", "0");
  differ("maxn", maxn, std::to_string(sub ? options.subwords.maxn : 0), maxn == "0" ? "--maxn 0" : "--maxn " + maxn);
  if (maxn != "0") {
    differ("minn", value_or(meta, "train.minn", "?"), std::to_string(options.subwords.minn), "--minn " + value_or(meta, "train.minn", "?"));
    differ("bucket", value_or(meta, "train.bucket", "?"), std::to_string(options.subwords.bucket),
           "--bucket " + value_or(meta, "train.bucket", "?"));
  }
  // The tokenizer decides what a word is: another one would make other words of the same text.
  std::map<std::string, std::string> was;
  for (const auto& [k, v] : meta)
    if (k.rfind("train.tokenizer", 0) == 0) was[k.substr(6)] = v;
  for (const auto& [k, v] : tokenizer_meta)
    if (k.rfind("tokenizer", 0) == 0 && !was.count(k)) was[k] = "(not set)";
  for (const auto& [k, v] : was) {
    const auto it = tokenizer_meta.find(k);
    differ(k.c_str(), v, it == tokenizer_meta.end() ? "(not set)" : it->second, "the tokenizer options it was trained with");
  }
}

WarmStart warm_from_model(const CheckpointFile& model, const Vocab& vocab, const Word2VecOptions& options) {
  const Vocab& old = model.vectors.vocab();
  const ParamMatrix& in = param(model, "input");
  const ParamMatrix& out = param(model, "output");
  const auto dim = static_cast<std::size_t>(options.dim);
  const std::size_t buckets = options.subwords.enabled() ? options.subwords.bucket : 0;
  if (in.cols() != dim || out.cols() != dim || in.rows() != old.size() + buckets || out.rows() != old.size())
    throw FormatError(fmt::format("the model file's matrices ({} x {} input, {} x {} output) do not fit its {} words "
                                  "and {} n-gram rows of dimension {}", in.rows(), in.cols(), out.rows(), out.cols(),
                                  old.size(), buckets, dim));
  WarmStart warm;
  ParamRows input{"input", dim, {}, {}}, output{"output", dim, {}, {}};
  for (std::size_t w = 0; w < vocab.size(); ++w) {
    const auto id = old.find(vocab.word(w));
    if (id < 0) continue;  // a new word: starts as in a fresh run
    append_rows(input, in.values.data(), static_cast<std::size_t>(id), w, 1);
    append_rows(output, out.values.data(), static_cast<std::size_t>(id), w, 1);
  }
  append_rows(input, in.values.data(), old.size(), vocab.size(), buckets);  // n-gram rows hash the same
  warm.params.push_back(std::move(input));
  warm.params.push_back(std::move(output));
  return warm;
}

WarmStart warm_from_vectors(const std::filesystem::path& path, const Embeddings& pretrained, const Vocab& vocab,
                            const Word2VecOptions& options, std::size_t* found) {
  const auto dim = static_cast<std::size_t>(options.dim);
  if (pretrained.dim() != dim)
    throw OptionError(fmt::format("{}: vectors of dimension {}, this run trains dimension {} (--dim {} to start from them)",
                                  path.string(), pretrained.dim(), dim, pretrained.dim()));
  // A fastText model with our n-gram scheme: its raw rows, so the composed vectors start as they were.
  const SubwordVectors* sv = pretrained.subwords().get();
  const bool raw = options.subwords.enabled() && sv && sv->prune_index.empty() && sv->input.cols() == dim &&
                   sv->options.minn == options.subwords.minn && sv->options.maxn == options.subwords.maxn &&
                   sv->options.bucket == options.subwords.bucket && sv->input.rows() == sv->words + sv->options.bucket;
  ParamRows input{"input", dim, {}, {}};
  std::size_t n = 0;
  for (std::size_t w = 0; w < vocab.size(); ++w) {
    const auto id = pretrained.vocab().find(vocab.word(w));
    if (id < 0) continue;
    ++n;
    const auto row = static_cast<std::size_t>(id);
    if (raw && row < sv->words) append_rows(input, sv->input.row(0), row, w, 1);
    else append_rows(input, pretrained.row(static_cast<std::size_t>(id)).data(), 0, w, 1);
  }
  if (raw) append_rows(input, sv->input.row(0), sv->words, vocab.size(), sv->options.bucket);
  if (found) *found = n;
  WarmStart warm;
  warm.params.push_back(std::move(input));
  return warm;
}

}  // namespace wordvec
