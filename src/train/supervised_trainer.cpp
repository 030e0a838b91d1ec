#include "wordvec/train/supervised_trainer.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/core/random.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/vocab/vocab.hpp"
#include "corpus/shard_reader.hpp"
#include "train/corpus_chunks.hpp"
#include "train/hogwild_matrix.hpp"
#include "train/huffman_tree.hpp"
#include "train/input_init.hpp"
#include "train/negative_sampler.hpp"
#include "train/sigmoid_table.hpp"
#include "train/vector_kernels.hpp"

namespace wordvec {

namespace {

// The words (count >= min_count, "</s>" once per line) and labels (count >= min_count_label) of the
// corpus, each most frequent first, ties in order of first appearance.
struct Dictionary {
  Vocab words, labels;
  std::uint64_t tokens = 0;  // every token of the corpus, labels and ends of line included
};

Dictionary count_dictionary(const Corpus& corpus, const SupervisedOptions& o) {
  VocabOptions vo;
  vo.threads = o.threads;
  vo.min_count = 1;
  const WordCounts counts = count_words(corpus, vo);
  struct Entry {
    std::uint64_t count, first;
    std::int64_t id;  // -1: the end of line
  };
  std::vector<Entry> words{{counts.lines, 0, -1}}, labels;
  for (std::size_t i = 0; i < counts.counts.size(); ++i) {
    const bool label = std::string_view(counts.words.key(i)).starts_with(o.label);
    if (counts.counts[i] < (label ? std::max<std::uint64_t>(1, o.min_count_label) : o.min_count)) continue;
    (label ? labels : words).push_back({counts.counts[i], counts.first[i], static_cast<std::int64_t>(i)});
  }
  const auto order = [](const Entry& a, const Entry& b) { return a.count != b.count ? a.count > b.count : a.first < b.first; };
  std::sort(words.begin(), words.end(), order);
  std::sort(labels.begin(), labels.end(), order);
  Dictionary d;
  const auto name = [&](const Entry& e) {
    return e.id < 0 ? std::string(kEndOfLine) : counts.words.key(static_cast<std::size_t>(e.id));
  };
  for (const auto& e : words) d.words.add(name(e), e.count);
  for (const auto& e : labels) d.labels.add(name(e), e.count);
  d.tokens = counts.tokens + counts.lines;
  if (d.labels.empty())
    throw DataError(fmt::format("{}: no labels: no token starts with '{}' (fastText's format: '{}spam some text'; "
                                "--label sets the prefix)", corpus.name(), o.label, o.label));
  return d;
}

// State shared by all threads: the parameters and the read-only tables.
struct Shared {
  const SupervisedModel& model;  // the dictionary and n-gram scheme (its matrices are filled at the end)
  const SupervisedOptions& options;
  HogwildMatrix input, output;
  std::vector<float*> label_rows;  // output row of every label (softmax and ova use all)
  SigmoidTable sigmoid;
  NegativeSampler sampler;         // ns: labels by count^0.5, as fastText
  // hs: label l's path is output rows path_rows[path_offsets[l] .. path_offsets[l+1]) with the branch taken (fastText's code bit).
  std::vector<std::uint32_t> path_offsets;
  std::vector<std::int32_t> path_rows;
  std::vector<float> path_codes;
  std::size_t max_targets = 1;

  Shared(const SupervisedModel& m, const SupervisedOptions& o)
      : model(m), options(o), input(m.params.words + o.effective_bucket(), static_cast<std::size_t>(o.dim)),
        output(m.labels.size(), static_cast<std::size_t>(o.dim)) {
    for (std::size_t l = 0; l < m.labels.size(); ++l) label_rows.push_back(output.row(l));
    max_targets = m.labels.size() + static_cast<std::size_t>(o.negative) + 1;
  }
};

void build_paths(Shared& sh) {
  const HuffmanTree tree(sh.model.labels.counts());
  sh.path_offsets.assign(1, 0);
  for (std::size_t l = 0; l < tree.size(); ++l) {
    const auto points = tree.points(l);
    const auto codes = tree.codes(l);
    sh.path_rows.insert(sh.path_rows.end(), points.begin(), points.end());
    for (const auto c : codes) sh.path_codes.push_back(static_cast<float>(c));
    sh.path_offsets.push_back(static_cast<std::uint32_t>(sh.path_rows.size()));
  }
}

// Per-thread state: its RNG, the line being read, aligned scratch rows and per-target values.
struct ThreadState {
  Random rng;
  LineInput line;
  HogwildMatrix scratch;  // row 0: hidden, row 1: its gradient
  std::vector<float*> out_rows;
  std::vector<float> y, f, g;  // targets' labels, scores, scaled gradients
  double loss = 0.0;
  std::uint64_t terms = 0;

  ThreadState(std::uint64_t seed, std::size_t dim, std::size_t max_targets)
      : rng(seed), scratch(2, dim), out_rows(max_targets), y(max_targets), f(max_targets), g(max_targets) {}
};

// The objectives: which output rows a line trains (st.out_rows, with labels st.y) and, from their
// scores st.f, the gradients st.g and the loss. Chosen once per run as a template argument.

// Logistic loss per target, as fastText's binaryLogistic (no cut-off at saturation).
void logistic_gradients(const Shared& sh, ThreadState& st, int nt, float lr) {
  for (int t = 0; t < nt; ++t) {
    const auto u = static_cast<std::size_t>(t);
    const bool positive = st.y[u] > 0.5f;
    st.g[u] = lr * (st.y[u] - sh.sigmoid.sigmoid(st.f[u]));
    st.loss -= sh.sigmoid.log_sigmoid(positive ? st.f[u] : -st.f[u]);
  }
}

// Softmax over all labels.
struct Softmax {
  static int targets(const Shared& sh, ThreadState& st, std::int32_t) {
    std::copy(sh.label_rows.begin(), sh.label_rows.end(), st.out_rows.begin());
    return static_cast<int>(sh.label_rows.size());
  }
  static void gradients(const Shared&, ThreadState& st, std::int32_t target, int nt, float lr) {
    const auto n = static_cast<std::size_t>(nt);
    const float max = *std::max_element(st.f.begin(), st.f.begin() + nt);
    float z = 0.0f;
    for (std::size_t i = 0; i < n; ++i) z += st.f[i] = std::exp(st.f[i] - max);
    for (std::size_t i = 0; i < n; ++i) {
      const float p = st.f[i] / z;
      st.g[i] = lr * ((static_cast<std::int32_t>(i) == target ? 1.0f : 0.0f) - p);
    }
    st.loss -= std::log(st.f[static_cast<std::size_t>(target)] / z + 1e-10f);
  }
};

// The label, then `negative` labels drawn by count^0.5 (never the label itself).
struct NegativeSampling {
  static int targets(const Shared& sh, ThreadState& st, std::int32_t target) {
    st.out_rows[0] = sh.label_rows[static_cast<std::size_t>(target)];
    st.y[0] = 1.0f;
    int nt = 1;
    if (sh.label_rows.size() < 2) return nt;  // no other label to draw
    for (int k = 0; k < sh.options.negative; ++k) {
      std::int32_t neg;
      do neg = sh.sampler.sample(st.rng);
      while (neg == target);
      st.out_rows[static_cast<std::size_t>(nt)] = sh.label_rows[static_cast<std::size_t>(neg)];
      st.y[static_cast<std::size_t>(nt++)] = 0.0f;
    }
    return nt;
  }
  static void gradients(const Shared& sh, ThreadState& st, std::int32_t, int nt, float lr) {
    logistic_gradients(sh, st, nt, lr);
  }
};

// The inner nodes on the label's path in the label tree, with the branch taken.
struct HierarchicalSoftmax {
  static int targets(const Shared& sh, ThreadState& st, std::int32_t target) {
    const auto begin = sh.path_offsets[static_cast<std::size_t>(target)];
    const auto end = sh.path_offsets[static_cast<std::size_t>(target) + 1];
    for (auto i = begin; i < end; ++i) {
      st.out_rows[i - begin] = sh.label_rows[static_cast<std::size_t>(sh.path_rows[i])];
      st.y[i - begin] = sh.path_codes[i];
    }
    return static_cast<int>(end - begin);
  }
  static void gradients(const Shared& sh, ThreadState& st, std::int32_t, int nt, float lr) {
    logistic_gradients(sh, st, nt, lr);
  }
};

// One binary classifier per label: every label on the line is positive, all others negative.
struct OneVsAll {
  static int targets(const Shared& sh, ThreadState& st, std::int32_t) {
    std::copy(sh.label_rows.begin(), sh.label_rows.end(), st.out_rows.begin());
    std::fill(st.y.begin(), st.y.begin() + static_cast<std::ptrdiff_t>(sh.label_rows.size()), 0.0f);
    for (const auto l : st.line.labels) st.y[static_cast<std::size_t>(l)] = 1.0f;
    return static_cast<int>(sh.label_rows.size());
  }
  static void gradients(const Shared& sh, ThreadState& st, std::int32_t, int nt, float lr) {
    logistic_gradients(sh, st, nt, lr);
  }
};

// fastText's supervised update of one line: the mean of its input rows predicts one of its labels
// (drawn at random when it has several; ova takes all), the output rows move, and the hidden
// gradient, divided by the number of input rows, goes to each of them.
template <typename Objective>
void train_line(Shared& sh, ThreadState& st, float lr) {
  const auto& rows = st.line.rows;
  if (rows.empty() || st.line.labels.empty()) return;
  const std::size_t stride = sh.input.stride();
  const int n = static_cast<int>(rows.size());
  float* hidden = st.scratch.row(0);
  float* grad = st.scratch.row(1);
  kernels::gather_scaled(hidden, sh.input.row(0), rows.data(), n, 1.0f / static_cast<float>(n), stride);
  const auto& labels = st.line.labels;
  const std::int32_t target = labels.size() == 1 ? labels[0] : labels[st.rng.below(static_cast<std::uint32_t>(labels.size()))];
  const int nt = Objective::targets(sh, st, target);
  kernels::dots(hidden, st.out_rows.data(), nt, stride, st.f.data());
  Objective::gradients(sh, st, target, nt, lr);
  kernels::zero(grad, stride);
  kernels::cbow_update(hidden, st.out_rows.data(), st.g.data(), nt, grad, stride);
  kernels::scale(grad, 1.0f / static_cast<float>(n), stride);
  kernels::scatter_add(sh.input.row(0), rows.data(), n, grad, stride);
  ++st.terms;
}

// One epoch of one thread: its interleaved chunks of the corpus, line by line.
template <typename Objective>
void train_shard(Shared& sh, const Corpus& corpus, ThreadState& st, LoopThread& loop) {
  const int chunks = static_cast<int>(chunks_per_thread(corpus, loop.threads())) * loop.threads();
  for (int chunk = loop.thread(); chunk < chunks; chunk += loop.threads()) {
    const auto [begin, end] = corpus.shard(chunk, chunks);
    ShardReader reader(corpus.text_path(), begin, end);
    st.line.clear();
    while (reader.next_line([&](std::string_view token) { sh.model.add_token(token, st.line); })) {
      sh.model.add_token(kEndOfLine, st.line);
      sh.model.end_line(st.line);
      train_line<Objective>(sh, st, loop.lr());
      loop.add_loss(st.loss, st.terms);
      st.loss = 0.0;
      st.terms = 0;
      loop.advance(st.line.tokens);
      st.line.clear();
    }
  }
}

template <typename Objective>
TrainingSummary run(Shared& sh, const Corpus& corpus, std::uint64_t tokens, const ProgressCallback& progress) {
  const auto& o = sh.options;
  LoopOptions lo;
  lo.threads = o.threads;
  lo.cancel = o.cancel;
  lo.epochs = o.epochs;
  lo.lr = o.lr;
  lo.min_lr_ratio = 0.0;  // fastText decays to 0
  TrainingLoop loop(lo, tokens, progress);
  std::vector<std::unique_ptr<ThreadState>> states;
  for (int t = 0; t < o.threads; ++t)
    states.push_back(std::make_unique<ThreadState>(o.seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(t) + 1,
                                                   static_cast<std::size_t>(o.dim), sh.max_targets));
  return loop.run([&](LoopThread& thread) {
    train_shard<Objective>(sh, corpus, *states[static_cast<std::size_t>(thread.thread())], thread);
  });
}

// The loss per example of the untrained model (all scores 0); ending far above it is divergence.
double untrained_loss(const Shared& sh) {
  const double labels = static_cast<double>(sh.label_rows.size());
  switch (sh.options.loss) {
    case SupervisedLoss::Softmax: return std::log(labels);
    case SupervisedLoss::NegativeSampling: return (labels < 2 ? 1.0 : 1.0 + sh.options.negative) * std::log(2.0);
    case SupervisedLoss::OneVsAll: return labels * std::log(2.0);
    case SupervisedLoss::HierarchicalSoftmax: {
      const auto& counts = sh.model.labels.counts();
      double weighted = 0.0, total = 0.0;
      for (std::size_t l = 0; l < counts.size(); ++l) {
        weighted += static_cast<double>(counts[l]) * (sh.path_offsets[l + 1] - sh.path_offsets[l]);
        total += static_cast<double>(counts[l]);
      }
      return total > 0 ? weighted / total * std::log(2.0) : 0.0;
    }
  }
  return 0.0;
}

}  // namespace

SupervisedModel train_supervised(const Corpus& corpus, const SupervisedOptions& options,
                                 const ProgressCallback& progress, TrainingSummary* summary) {
  options.validate();
  Dictionary dict = count_dictionary(corpus, options);
  SupervisedModel model;
  model.words = std::move(dict.words);
  model.labels = std::move(dict.labels);
  model.label_prefix = options.label;
  auto& p = model.params;
  p.words = model.words.size();
  p.ntokens = dict.tokens;
  p.options.minn = options.minn;
  p.options.maxn = options.maxn;
  p.options.bucket = options.effective_bucket();
  model.loss = options.loss;
  model.word_ngrams = options.word_ngrams;
  // What a fastText .bin records of the options (its format's int32 min count).
  model.metadata["model"] = "supervised";
  model.metadata["dim"] = std::to_string(options.dim);
  model.metadata["epochs"] = std::to_string(options.epochs);
  model.metadata["min_count"] = std::to_string(std::min<std::uint64_t>(options.min_count, 0x7fffffff));
  model.metadata["negative"] = std::to_string(options.negative);

  Shared sh(model, options);
  // Row lookups during training go through the model, whose input matrix is not made yet: give
  // it the shape (bucket_row checks rows against it) without the memory.
  p.input = MatrixBuffer(nullptr, sh.input.rows(), sh.input.cols());
  init_input(sh.input, 1.0 / options.dim, options.seed, options.threads);
  if (options.loss == SupervisedLoss::NegativeSampling) sh.sampler = NegativeSampler(model.labels.counts(), 0.5);
  if (options.loss == SupervisedLoss::HierarchicalSoftmax) build_paths(sh);
  TrainingSummary result;
  switch (options.loss) {
    case SupervisedLoss::Softmax: result = run<Softmax>(sh, corpus, dict.tokens, progress); break;
    case SupervisedLoss::NegativeSampling: result = run<NegativeSampling>(sh, corpus, dict.tokens, progress); break;
    case SupervisedLoss::HierarchicalSoftmax: result = run<HierarchicalSoftmax>(sh, corpus, dict.tokens, progress); break;
    case SupervisedLoss::OneVsAll: result = run<OneVsAll>(sh, corpus, dict.tokens, progress); break;
  }
  // A classifier's loss, small late in training, moves with the order of the lines (files sorted by
  // label) by more than the 10% between epochs that require_converging allows word2vec: only
  // non-finite losses and a final loss far above chance count as divergence here.
  for (const double loss : result.epoch_loss)
    if (!std::isfinite(loss))
      throw DataError("training diverged: the loss is not finite; nothing written (try a smaller --lr)");
  TrainingSummary last;
  if (!result.epoch_loss.empty()) last.epoch_loss.push_back(result.epoch_loss.back());
  require_converging(last, untrained_loss(sh), "loss");
  p.input = sh.input.release_compact();
  p.output = sh.output.release_compact();
  for (std::size_t r = 0; r < p.input.rows() * p.input.cols(); ++r)
    if (!std::isfinite(p.input.data()[r]))
      throw DataError("training diverged: a vector holds NaN or inf; nothing written (try a smaller --lr)");
  if (summary) *summary = result;
  return model;
}

}  // namespace wordvec
