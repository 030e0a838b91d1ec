#include "wordvec/train/word2vec_trainer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/core/random.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "corpus/shard_reader.hpp"
#include "text/token_reader.hpp"
#include "train/block_rows.hpp"
#include "train/hogwild_matrix.hpp"
#include "train/huffman_tree.hpp"
#include "train/negative_sampler.hpp"
#include "train/sigmoid_table.hpp"
#include "train/vector_kernels.hpp"

namespace wordvec {

namespace {

// State shared by all threads: the two parameter matrices and the read-only tables.
struct Shared {
  const Vocab& vocab;
  const Word2VecOptions& options;
  HogwildMatrix input;   // word vectors (what training returns)
  // Output rows: negative sampling's (one per word) when negative > 0, then hierarchical
  // softmax's (one per inner node of the Huffman tree, padded to one per word as fastText does).
  HogwildMatrix output;
  NegativeSampler sampler;
  SigmoidTable sigmoid;
  std::vector<std::uint32_t> keep;  // subsampling: keep a token when rng32 < keep[id]
  // Subword models: input rows of word w are rows[offsets[w] .. offsets[w+1]) (its own row, then
  // its n-gram rows, which follow the vocab.size() word rows in `input`).
  std::vector<std::uint32_t> offsets;
  std::vector<std::int32_t> rows;
  // Hierarchical softmax: word w's path is output rows path_rows[path_offsets[w] .. path_offsets[w+1])
  // with labels path_labels (1 - the Huffman code bit, word2vec.c's convention).
  std::vector<std::uint32_t> path_offsets;
  std::vector<std::int32_t> path_rows;
  std::vector<float> path_labels;
  int max_path = 0;

  Shared(const Vocab& v, const Word2VecOptions& o)
      : vocab(v), options(o),
        input(v.size() + (o.subwords.enabled() ? o.subwords.bucket : 0u), static_cast<std::size_t>(o.dim)),
        output(v.size() * (o.both_losses() ? 2 : 1), static_cast<std::size_t>(o.dim)),
        sampler(v.counts(), o.ns_exponent) {}

  /// First output row of hierarchical softmax.
  std::size_t hs_base() const { return options.negative > 0 ? vocab.size() : 0; }
  /// Most targets one prediction can have (path plus positive and negatives).
  int max_targets() const {
    return (options.loss == Word2VecLoss::HierarchicalSoftmax ? max_path : 0) +
           (options.negative > 0 ? options.negative + 1 : 0);
  }

  const std::int32_t* rows_begin(std::int32_t w) const { return rows.data() + offsets[static_cast<std::size_t>(w)]; }
  int rows_count(std::int32_t w) const {
    return static_cast<int>(offsets[static_cast<std::size_t>(w) + 1] - offsets[static_cast<std::size_t>(w)]);
  }
};

// The input rows of every word under fastText's scheme: own row, then nwords + bucket of each n-gram.
void build_subword_rows(Shared& sh) {
  const auto nwords = static_cast<std::int32_t>(sh.vocab.size());
  sh.offsets.assign(1, 0);
  sh.offsets.reserve(sh.vocab.size() + 1);
  for (std::int32_t w = 0; w < nwords; ++w) {
    const std::size_t first = sh.rows.size() + 1;
    sh.rows.push_back(w);
    append_subword_buckets(sh.vocab.word(static_cast<std::size_t>(w)), sh.options.subwords, sh.rows);
    for (std::size_t i = first; i < sh.rows.size(); ++i) sh.rows[i] += nwords;
    sh.offsets.push_back(static_cast<std::uint32_t>(sh.rows.size()));
  }
}

// The Huffman paths of every word as output rows and labels.
void build_paths(Shared& sh) {
  const HuffmanTree tree(sh.vocab.counts());
  const auto base = static_cast<std::int32_t>(sh.hs_base());
  sh.path_offsets.assign(1, 0);
  for (std::size_t w = 0; w < tree.size(); ++w) {
    const auto points = tree.points(w);
    const auto codes = tree.codes(w);
    for (std::size_t d = 0; d < points.size(); ++d) {
      sh.path_rows.push_back(base + points[d]);
      sh.path_labels.push_back(1.0f - static_cast<float>(codes[d]));
    }
    sh.path_offsets.push_back(static_cast<std::uint32_t>(sh.path_rows.size()));
  }
  sh.max_path = tree.max_depth();
}

// The loss per target word of the untrained model: every score is 0, so each binary decision costs ln 2 (the
// 1 + negative ones of negative sampling, the nodes on the word's Huffman path). Ending above it is divergence.
double untrained_loss(const Shared& sh) {
  double decisions = sh.options.negative > 0 ? 1.0 + sh.options.negative : 0.0;
  if (sh.options.loss == Word2VecLoss::HierarchicalSoftmax) {
    // Targets are the words that survive subsampling: weight each path by count * keep probability.
    const auto& counts = sh.vocab.counts();
    double weighted = 0.0, total = 0.0;
    for (std::size_t w = 0; w < counts.size(); ++w) {
      const double kept = static_cast<double>(counts[w]) * (static_cast<double>(sh.keep[w]) / 4294967296.0);
      weighted += kept * (sh.path_offsets[w + 1] - sh.path_offsets[w]);
      total += kept;
    }
    if (total > 0) decisions += weighted / total;
  }
  return decisions * std::log(2.0);
}

// Per-thread state: its own RNG and aligned scratch rows.
struct ThreadState {
  Random rng;
  std::vector<std::int32_t> sentence;
  std::vector<std::int32_t> targets;
  std::vector<float> labels;                 // the targets' labels (hierarchical softmax only)
  std::vector<std::int32_t> window_targets;  // a window's targets, pair after pair (subword skip-gram)
  std::vector<float> window_labels;          // and their labels (hierarchical softmax only)
  std::vector<int> window_sizes;             // how many targets each pair of the window has
  HogwildMatrix scratch;  // row 0: hidden, row 1: hidden gradient, rows 2..: output deltas
  std::vector<float*> out_rows;  // output rows of the current targets
  std::vector<float*> deltas;    // scratch rows summing a window's output updates (skip-gram)
  std::vector<float> f, g;       // dot products and gradients per target
  // The targets whose gradient is not zero (hierarchical softmax only, see live_targets).
  std::vector<float*> live_rows, live_deltas;
  std::vector<float> live_g;
  // Hierarchical softmax skip-gram: a window's distinct context rows, how often each occurs, and
  // their gradients against the centre's path (context-major).
  std::vector<std::int32_t> contexts;
  std::vector<int> multiplicity;
  std::vector<float> window_g;
  double loss = 0.0;
  std::uint64_t terms = 0;

  ThreadState(std::uint64_t seed, std::size_t dim, int max_targets)
      : rng(seed), scratch(static_cast<std::size_t>(max_targets) + 2, dim), out_rows(static_cast<std::size_t>(max_targets)),
        deltas(out_rows.size()), f(out_rows.size()), g(out_rows.size()), live_rows(out_rows.size()),
        live_deltas(out_rows.size()), live_g(out_rows.size()),
        window_g(static_cast<std::size_t>(kernels::kWindowContexts) * out_rows.size()) {}
};

// Word2vec's subsampling: keep a word of frequency f with probability (sqrt(f/t) + 1) * t/f.
std::vector<std::uint32_t> keep_thresholds(const Vocab& vocab, double sample) {
  std::vector<std::uint32_t> keep(vocab.size(), 0xFFFFFFFFu);
  if (sample <= 0.0) return keep;
  const double threshold = sample * static_cast<double>(vocab.total_count());
  for (std::size_t i = 0; i < vocab.size(); ++i) {
    const double count = static_cast<double>(vocab.count(i));
    if (count <= 0.0) continue;
    const double p = (std::sqrt(count / threshold) + 1.0) * threshold / count;
    keep[i] = p >= 1.0 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(p * 4294967296.0);
  }
  return keep;
}

void init_input(HogwildMatrix& m, double range, std::uint64_t seed, int threads) {
  // Uniform in [-range, range); blocks of rows get their own seeds so the (2M-row, with subwords)
  // matrix fills in parallel, identically for any thread count.
  const auto scale = static_cast<float>(range);
  constexpr std::size_t kBlock = 1 << 14;
  const auto blocks = static_cast<std::int64_t>((m.rows() + kBlock - 1) / kBlock);
#pragma omp parallel for num_threads(threads) schedule(static)
  for (std::int64_t b = 0; b < blocks; ++b) {
    Random rng((seed ^ 0x5eed5eedULL) + static_cast<std::uint64_t>(b) * 0x9E3779B97F4A7C15ULL);
    const std::size_t end = std::min(m.rows(), static_cast<std::size_t>(b + 1) * kBlock);
    for (std::size_t r = static_cast<std::size_t>(b) * kBlock; r < end; ++r) {
      float* row = m.row(r);
      for (std::size_t c = 0; c < m.cols(); ++c) row[c] = rng.symmetric(scale);
    }
  }
}

// Appends to st.targets the positive word followed by negatives (skipping draws equal to it).
inline void append_negatives(const Shared& sh, ThreadState& st, std::int32_t word) {
  st.targets.push_back(word);
  for (int k = 0; k < sh.options.negative; ++k) {
    const auto t = sh.sampler.sample(st.rng);
    if (t != word) st.targets.push_back(t);
  }
}

// Appends to st.targets / st.labels word's Huffman path.
inline void append_path(const Shared& sh, ThreadState& st, std::int32_t word) {
  const auto begin = sh.path_offsets[static_cast<std::size_t>(word)];
  const auto end = sh.path_offsets[static_cast<std::size_t>(word) + 1];
  st.targets.insert(st.targets.end(), sh.path_rows.begin() + begin, sh.path_rows.begin() + end);
  st.labels.insert(st.labels.end(), sh.path_labels.begin() + begin, sh.path_labels.begin() + end);
}

// The objectives: how a predicted word becomes output rows (st.targets) and their labels. Chosen
// once per run as a template argument, so negative sampling's inner loop is the one it always was:
// its labels are implicit (the first target is the positive one) and never stored.

// Negative sampling: the word (label 1), then `negative` sampled words (label 0).
struct NegativeSampling {
  static constexpr bool kLabelled = false;
  static void draw(const Shared& sh, ThreadState& st, std::int32_t word) {
    st.targets.clear();
    append_negatives(sh, st, word);
  }
};

// Hierarchical softmax: the inner nodes on the word's path, labelled with the branch taken.
struct HierarchicalSoftmax {
  static constexpr bool kLabelled = true;
  static void draw(const Shared& sh, ThreadState& st, std::int32_t word) {
    st.targets.clear();
    st.labels.clear();
    append_path(sh, st, word);
  }
  // The word's targets and labels without copying them (the path is fixed); returns their number.
  static int view(const Shared& sh, ThreadState&, std::int32_t word, const std::int32_t*& ids, const float*& labels) {
    const auto begin = sh.path_offsets[static_cast<std::size_t>(word)];
    ids = sh.path_rows.data() + begin;
    labels = sh.path_labels.data() + begin;
    return static_cast<int>(sh.path_offsets[static_cast<std::size_t>(word) + 1] - begin);
  }
};

// Both at once, as word2vec.c with -hs 1 -negative N: the path, then the sampled targets (their
// rows follow in the same output matrix, see Shared::output).
struct HierarchicalSoftmaxAndNegatives {
  static constexpr bool kLabelled = true;
  static void draw(const Shared& sh, ThreadState& st, std::int32_t word) {
    st.targets.clear();
    st.labels.clear();
    append_path(sh, st, word);
    const std::size_t first = st.targets.size();
    append_negatives(sh, st, word);
    st.labels.push_back(1.0f);
    st.labels.resize(st.labels.size() + (st.targets.size() - first - 1), 0.0f);
  }
  static int view(const Shared& sh, ThreadState& st, std::int32_t word, const std::int32_t*& ids, const float*& labels) {
    draw(sh, st, word);
    ids = st.targets.data();
    labels = st.labels.data();
    return static_cast<int>(st.targets.size());
  }
};

// From the dot products st.f of the targets, the scaled gradients st.g and the loss. Labels are
// `labels` for labelled objectives, else 1 for the first target and 0 for the others.
// Like gensim and word2vec.c, a target whose score is already saturated (|f| >= 6) gets no update.
template <typename Objective>
inline void gradients(const Shared& sh, ThreadState& st, const float* labels, int nt, float lr) {
  for (int t = 0; t < nt; ++t) {
    const auto u = static_cast<std::size_t>(t);
    const float f = st.f[u];
    bool positive;
    if constexpr (Objective::kLabelled) positive = labels[t] > 0.5f;
    else positive = t == 0;
    st.g[u] = (f <= -6.0f || f >= 6.0f) ? 0.0f : ((positive ? 1.0f : 0.0f) - sh.sigmoid.sigmoid(f)) * lr;
    st.loss -= sh.sigmoid.log_sigmoid(positive ? f : -f);
  }
}

// Hierarchical softmax: copies the targets whose gradient is not zero (score saturated, |f| >= 6)
// to st.live_*, returns how many. Most nodes near the root of the tree saturate as training
// goes, and skipping their updates, as word2vec.c does, saves much of the work; negative
// sampling's few targets are rarely saturated and keep their straight path.
inline int live_targets(ThreadState& st, int nt) {
  int m = 0;
  for (int t = 0; t < nt; ++t) {
    const auto u = static_cast<std::size_t>(t);
    if (st.g[u] == 0.0f) continue;
    st.live_rows[static_cast<std::size_t>(m)] = st.out_rows[u];
    st.live_deltas[static_cast<std::size_t>(m)] = st.deltas[u];
    st.live_g[static_cast<std::size_t>(m)] = st.g[u];
    ++m;
  }
  return m;
}

// Where the models read and write parameters. Hogwild: straight in the shared matrices.
struct SharedParams {
  Shared& sh;
  float* in(std::size_t r) { return sh.input.row(r); }
  float* out(std::size_t r) { return sh.output.row(r); }
  void gather(float* out, const std::int32_t* idx, int n, float a, std::size_t stride) {
    kernels::gather_scaled(out, sh.input.row(0), idx, n, a, stride);
  }
  void scatter(const std::int32_t* idx, int n, const float* x, std::size_t stride) {
    kernels::scatter_add(sh.input.row(0), idx, n, x, stride);
  }
};

// Deterministic: the current block's private copies (block_rows.hpp).
struct BlockParams {
  PrivateRows& input;
  PrivateRows& output;
  std::vector<float*>& ptrs;  // scratch: a word's input rows
  float* in(std::size_t r) { return input.row(r); }
  float* out(std::size_t r) { return output.row(r); }
  void gather(float* out, const std::int32_t* idx, int n, float a, std::size_t stride) {
    resolve(idx, n);
    kernels::zero(out, stride);
    for (int u = 0; u < n; ++u) kernels::add(out, ptrs[static_cast<std::size_t>(u)], stride);
    kernels::scale(out, a, stride);
  }
  void scatter(const std::int32_t* idx, int n, const float* x, std::size_t stride) {
    resolve(idx, n);
    for (int u = 0; u < n; ++u) kernels::add(ptrs[static_cast<std::size_t>(u)], x, stride);
  }
  void resolve(const std::int32_t* idx, int n) {
    ptrs.resize(static_cast<std::size_t>(n));
    for (int u = 0; u < n; ++u) ptrs[static_cast<std::size_t>(u)] = input.row(static_cast<std::size_t>(idx[u]));
  }
};

// Draws the targets of `word`, points st.out_rows at their output rows, and from their dot
// products with the hidden vector `h` computes the gradients and the loss. Returns the number of targets.
template <typename Objective, typename Params>
inline int score_targets(Shared& sh, ThreadState& st, Params& p, const float* h, std::int32_t word, float lr) {
  Objective::draw(sh, st, word);
  const int nt = static_cast<int>(st.targets.size());
  for (int t = 0; t < nt; ++t)
    st.out_rows[t] = p.out(static_cast<std::size_t>(st.targets[static_cast<std::size_t>(t)]));
  kernels::dots(h, st.out_rows.data(), nt, sh.input.stride(), st.f.data());
  gradients<Objective>(sh, st, st.labels.data(), nt, lr);
  return nt;
}

inline int reduced_window(const Shared& sh, ThreadState& st) {
  return sh.options.window - static_cast<int>(st.rng.below(static_cast<std::uint32_t>(sh.options.window)));
}

// Skip-gram: every context word's input vector predicts the centre word. The negatives are drawn
// once per centre and shared by its whole window, and the output-row updates of the window are
// summed locally and applied once at the end (HogBatch, Ji et al. 2016): the K+1 output rows stay
// in L1 for the window and the sampler runs once per centre instead of once per pair. With
// hierarchical softmax the targets are the centre's path, shared by the window the same way.
template <typename Objective>
struct SkipGram {
  template <typename Params>
  static void train(Shared& sh, ThreadState& st, Params& p, const std::int32_t* s, int n, float lr) {
    const std::size_t stride = sh.input.stride();
    for (int i = 0; i < n; ++i) {
      const int r = reduced_window(sh, st);
      const int lo = std::max(0, i - r), hi = std::min(n - 1, i + r);
      if (lo == hi) continue;
      Objective::draw(sh, st, s[i]);
      const int nt = static_cast<int>(st.targets.size());
      for (int t = 0; t < nt; ++t) {
        st.out_rows[t] = p.out(static_cast<std::size_t>(st.targets[static_cast<std::size_t>(t)]));
        st.deltas[t] = st.scratch.row(2 + static_cast<std::size_t>(t));
        kernels::zero(st.deltas[t], stride);
      }
      for (int j = lo; j <= hi; ++j) {
        if (j == i) continue;
        float* h = p.in(static_cast<std::size_t>(s[j]));
        kernels::dots(h, st.out_rows.data(), nt, stride, st.f.data());
        gradients<Objective>(sh, st, st.labels.data(), nt, lr);
        kernels::sg_update(h, st.out_rows.data(), st.deltas.data(), st.g.data(), nt, stride);
        ++st.terms;
      }
      for (int t = 0; t < nt; ++t) kernels::add(st.out_rows[t], st.deltas[t], stride);
    }
  }
};

// Skip-gram with hierarchical softmax: the centre's path (a dozen rows, the same for the whole
// window) against all context rows of the window at once. Every gradient of the window comes
// from the vectors as they were at its start (HogBatch, as the output side already is for
// negative sampling), so the whole update is one pass that loads and stores each row once
// (kernels::window_update). A context word seen twice in the window counts twice.
template <typename Objective>
  requires Objective::kLabelled
struct SkipGram<Objective> {
  template <typename Params>
  static void train(Shared& sh, ThreadState& st, Params& p, const std::int32_t* s, int n, float lr) {
    const std::size_t stride = sh.input.stride();
    float* rows_h[kernels::kWindowContexts];
    for (int i = 0; i < n; ++i) {
      const int r = reduced_window(sh, st);
      const int lo = std::max(0, i - r), hi = std::min(n - 1, i + r);
      if (lo == hi) continue;
      const std::int32_t* ids;
      const float* labels;
      const int nt = Objective::view(sh, st, s[i], ids, labels);
      for (int t = 0; t < nt; ++t) st.out_rows[t] = p.out(static_cast<std::size_t>(ids[t]));
      st.contexts.clear();
      st.multiplicity.clear();
      for (int j = lo; j <= hi; ++j) {
        if (j == i) continue;
        const auto it = std::find(st.contexts.begin(), st.contexts.end(), s[j]);
        if (it != st.contexts.end()) {
          ++st.multiplicity[static_cast<std::size_t>(it - st.contexts.begin())];
        } else {
          st.contexts.push_back(s[j]);
          st.multiplicity.push_back(1);
        }
      }
      const int nc = static_cast<int>(st.contexts.size());
      for (int c0 = 0; c0 < nc; c0 += kernels::kWindowContexts) {
        const int c = std::min(kernels::kWindowContexts, nc - c0);
        for (int j = 0; j < c; ++j) rows_h[j] = p.in(static_cast<std::size_t>(st.contexts[static_cast<std::size_t>(c0 + j)]));
        kernels::window_dots(rows_h, c, st.out_rows.data(), nt, stride, st.window_g.data());
        for (int j = 0; j < c; ++j) {
          float* gj = st.window_g.data() + static_cast<std::size_t>(j) * static_cast<std::size_t>(nt);
          std::copy(gj, gj + nt, st.f.begin());
          const double before = st.loss;
          gradients<Objective>(sh, st, labels, nt, lr);
          const int times = st.multiplicity[static_cast<std::size_t>(c0 + j)];
          st.loss += (times - 1) * (st.loss - before);
          st.terms += static_cast<std::uint64_t>(times);
          for (int t = 0; t < nt; ++t) gj[t] = st.g[static_cast<std::size_t>(t)] * static_cast<float>(times);
        }
        kernels::window_update(rows_h, c, st.out_rows.data(), st.window_g.data(), nt, stride);
      }
    }
  }
};

// fastText's skip-gram with subwords: the centre word's input vector (the mean of its own row and
// its n-gram rows) predicts each context word, with fresh negatives per pair, output rows updated
// per pair, as fastText does. The centre vector is built once per position instead of once per
// pair: fastText adds each pair's gradient to every one of the word's rows, which moves their mean
// by exactly that gradient, so adding it to the local mean and scattering the window's sum to the
// rows once at the end gives the same result with one gather and one scatter per position.
template <typename Objective>
struct SubwordSkipGram {
  template <typename Params>
  static void train(Shared& sh, ThreadState& st, Params& p, const std::int32_t* s, int n, float lr) {
    const std::size_t stride = sh.input.stride();
    float* hidden = st.scratch.row(0);
    float* total = st.scratch.row(1);
    for (int i = 0; i < n; ++i) {
      const int r = reduced_window(sh, st);
      const int lo = std::max(0, i - r), hi = std::min(n - 1, i + r);
      if (lo == hi) continue;
      const std::int32_t* rows = sh.rows_begin(s[i]);
      const int nrows = sh.rows_count(s[i]);
      p.gather(hidden, rows, nrows, 1.0f / static_cast<float>(nrows), stride);
      kernels::zero(total, stride);
      // Draw the whole window's targets first and ask for their output rows, so the rows of
      // later pairs arrive while earlier pairs are computed.
      st.window_targets.clear();
      st.window_sizes.clear();
      if constexpr (Objective::kLabelled) st.window_labels.clear();
      for (int j = lo; j <= hi; ++j) {
        if (j == i) continue;
        Objective::draw(sh, st, s[j]);
        if constexpr (Objective::kLabelled) st.window_labels.insert(st.window_labels.end(), st.labels.begin(), st.labels.end());
        st.window_sizes.push_back(static_cast<int>(st.targets.size()));
        for (const std::int32_t t : st.targets) {
          st.window_targets.push_back(t);
          kernels::prefetch_row(p.out(static_cast<std::size_t>(t)), stride);
        }
      }
      const std::int32_t* targets = st.window_targets.data();
      const float* labels = st.window_labels.data();
      for (const int nt : st.window_sizes) {
        for (int t = 0; t < nt; ++t) st.out_rows[t] = p.out(static_cast<std::size_t>(targets[t]));
        targets += nt;
        kernels::dots(hidden, st.out_rows.data(), nt, stride, st.f.data());
        gradients<Objective>(sh, st, labels, nt, lr);
        if constexpr (Objective::kLabelled) {
          labels += nt;
          const int live = live_targets(st, nt);
          kernels::hidden_update(hidden, st.live_rows.data(), st.live_g.data(), live, total, stride);
        } else {
          kernels::hidden_update(hidden, st.out_rows.data(), st.g.data(), nt, total, stride);
        }
        ++st.terms;
      }
      p.scatter(rows, nrows, total, stride);
    }
  }
};

// How a word maps to its input rows: word2vec uses the word's own row; fastText uses its own row
// and its n-gram rows (Shared::rows_begin / rows_count).
struct WordRow {
  static const std::int32_t* begin(const Shared&, const std::int32_t& word) { return &word; }
  static int count(const Shared&, std::int32_t) { return 1; }
};
struct SubwordRows {
  static const std::int32_t* begin(const Shared& sh, std::int32_t word) { return sh.rows_begin(word); }
  static int count(const Shared& sh, std::int32_t word) { return sh.rows_count(word); }
};

// CBOW: the mean of the input rows of the context words predicts the centre word; the hidden
// gradient goes back in full to every one of those rows, as in word2vec.c and gensim
// (cbow_mean=1) and in fastText's CBOW (whose rows include the n-gram rows).
template <typename Rows, typename Objective>
struct CbowOver {
  template <typename Params>
  static void train(Shared& sh, ThreadState& st, Params& p, const std::int32_t* s, int n, float lr) {
    const std::size_t stride = sh.input.stride();
    float* hidden = st.scratch.row(0);
    float* grad = st.scratch.row(1);
    for (int i = 0; i < n; ++i) {
      const int r = reduced_window(sh, st);
      const int lo = std::max(0, i - r), hi = std::min(n - 1, i + r);
      if (lo == hi) continue;
      kernels::zero(hidden, stride);
      int count = 0;
      for (int j = lo; j <= hi; ++j) {
        if (j == i) continue;
        const std::int32_t* rows = Rows::begin(sh, s[j]);
        const int nrows = Rows::count(sh, s[j]);
        for (int k = 0; k < nrows; ++k) kernels::add(hidden, p.in(static_cast<std::size_t>(rows[k])), stride);
        count += nrows;
      }
      kernels::scale(hidden, 1.0f / static_cast<float>(count), stride);
      const int nt = score_targets<Objective>(sh, st, p, hidden, s[i], lr);
      kernels::zero(grad, stride);
      if constexpr (Objective::kLabelled) {
        const int live = live_targets(st, nt);
        kernels::cbow_update(hidden, st.live_rows.data(), st.live_g.data(), live, grad, stride);
      } else {
        kernels::cbow_update(hidden, st.out_rows.data(), st.g.data(), nt, grad, stride);
      }
      ++st.terms;
      for (int j = lo; j <= hi; ++j) {
        if (j == i) continue;
        const std::int32_t* rows = Rows::begin(sh, s[j]);
        const int nrows = Rows::count(sh, s[j]);
        for (int k = 0; k < nrows; ++k) kernels::add(p.in(static_cast<std::size_t>(rows[k])), grad, stride);
      }
    }
  }
};
template <typename Objective>
using Cbow = CbowOver<WordRow, Objective>;
template <typename Objective>
using SubwordCbow = CbowOver<SubwordRows, Objective>;

// One epoch of one thread: read its shard line by line, subsample, train each line.
template <typename Model, typename Params, typename Reader>
void train_chunk(Shared& sh, ThreadState& st, Params& p, LoopThread& loop, Reader& reader) {
  const auto max_len = static_cast<std::size_t>(sh.options.max_sentence_length);
  std::uint64_t words = 0;
  auto flush_sentence = [&] {
    if (st.sentence.size() > 1)
      Model::train(sh, st, p, st.sentence.data(), static_cast<int>(st.sentence.size()), loop.lr());
    st.sentence.clear();
  };
  while (reader.next_line([&](std::string_view token) {
    const auto id = sh.vocab.find(token);
    if (id < 0) return;
    ++words;
    if (st.rng.next32() < sh.keep[static_cast<std::size_t>(id)] || sh.keep[static_cast<std::size_t>(id)] == 0xFFFFFFFFu)
      st.sentence.push_back(id);
    if (st.sentence.size() >= max_len) flush_sentence();
  })) {
    flush_sentence();
    loop.add_loss(st.loss, st.terms);
    st.loss = 0.0;
    st.terms = 0;
    loop.advance(words);
    words = 0;
  }
  flush_sentence();
  loop.add_loss(st.loss, st.terms);
  st.loss = 0.0;
  st.terms = 0;
  loop.advance(words);
}


// Threads read the corpus in interleaved chunks (thread t takes chunks t, t+T, t+2T, ...), so at
// any moment all threads train on nearby text with the same learning rate, as a single reader
// would, while each still reads its own bytes with its own handle.
std::size_t chunks_per_thread(const Corpus& corpus, int threads) {
  const std::uint64_t per_thread = corpus.size_bytes() / static_cast<std::uint64_t>(threads);
  return static_cast<std::size_t>(std::clamp<std::uint64_t>(per_thread / (1u << 20), 1, 1024));
}

template <typename Model>
void train_shard(Shared& sh, const Corpus& corpus, ThreadState& st, LoopThread& loop) {
  const auto per_thread = chunks_per_thread(corpus, loop.threads());
  const int chunks = static_cast<int>(per_thread) * loop.threads();
  SharedParams p{sh};
  for (int chunk = loop.thread(); chunk < chunks; chunk += loop.threads()) {
    const auto [begin, end] = corpus.shard(chunk, chunks);
    with_token_reader(corpus.text_path(), begin, end, sh.options.tokenizer.get(),
                      [&](auto& reader) { train_chunk<Model>(sh, st, p, loop, reader); });
  }
}

// Deterministic runs split every epoch into blocks of about this many bytes (at least
// kMinBlocks, so small corpora still train in parallel rounds), kBlocksPerRound at a time. A
// round's blocks do not see each other's changes, so the round must stay small: on the first
// 12 MB of enwiki-9m (skip-gram, 2 threads) 4 x 64 KB and 8 x 32 KB matched Hogwild's analogy
// accuracy (7.7% and 6.8% against 7.6%), 16 x 64 KB fell to 0.4% (the summed changes of 16
// blocks overshoot on frequent words), and averaging them instead stops small vocabularies
// from learning at all. Four blocks also bound the useful threads to four.
constexpr std::uint64_t kBlockBytes = 64 << 10;
constexpr std::uint64_t kMinBlocks = 64;
constexpr std::uint64_t kBlocksPerRound = 4;

RoundPlan word2vec_plan(const Corpus& corpus) {
  const std::uint64_t size = corpus.size_bytes();
  RoundPlan plan;
  plan.blocks = std::max((size + kBlockBytes - 1) / kBlockBytes, std::min(kMinBlocks, size / 256 + 1));
  plan.per_round = kBlocksPerRound;
  return plan;
}

// A block's random stream: a function of the seed, the epoch and the block only.
std::uint64_t block_seed(std::uint64_t seed, int epoch, std::uint64_t block) {
  return seed * 0x9E3779B97F4A7C15ULL + (static_cast<std::uint64_t>(epoch) << 40) + block * 0xD1B54A32D192ED03ULL + 1;
}

// The run's state after a round: both matrices without padding, and the word vectors.
TrainState snapshot(const Shared& sh, const LoopState& state);

template <typename Model>
TrainingSummary run_rounds(Shared& sh, const Corpus& corpus, TrainingLoop& loop,
                           std::vector<std::unique_ptr<ThreadState>>& states, const Checkpointing& cp) {
  const auto& o = sh.options;
  const RoundPlan plan = word2vec_plan(corpus);
  const auto per_round = static_cast<std::size_t>(plan.per_round);
  std::vector<RowCopies> in_copies, out_copies;
  for (std::size_t j = 0; j < per_round; ++j) {
    in_copies.emplace_back(sh.input.stride());
    out_copies.emplace_back(sh.output.stride());
  }
  struct Private {
    PrivateRows input, output;
    std::vector<float*> ptrs;
  };
  std::vector<std::unique_ptr<Private>> privates(static_cast<std::size_t>(o.threads));
  return loop.run_rounds(
      plan,
      [&](LoopThread& thread, std::uint64_t block, std::size_t slot) {
        auto& st = *states[static_cast<std::size_t>(thread.thread())];
        auto& pr = privates[static_cast<std::size_t>(thread.thread())];
        if (!pr) pr.reset(new Private{PrivateRows(sh.input), PrivateRows(sh.output), {}});
        st.rng = Random(block_seed(o.seed, thread.epoch(), block));
        st.sentence.clear();
        pr->input.begin(in_copies[slot]);
        pr->output.begin(out_copies[slot]);
        BlockParams p{pr->input, pr->output, pr->ptrs};
        const auto [begin, end] = corpus.shard(static_cast<int>(block), static_cast<int>(plan.blocks));
        with_token_reader(corpus.text_path(), begin, end, o.tokenizer.get(),
                          [&](auto& reader) { train_chunk<Model>(sh, st, p, thread, reader); });
        pr->input.end();
        pr->output.end();
      },
      [&](std::size_t n) {
        merge_copies(sh.input, in_copies, n, o.threads);
        merge_copies(sh.output, out_copies, n, o.threads);
      },
      [&](const LoopState& state, bool stopping) {
        if (cp.due && cp.save && cp.due(state, stopping)) cp.save(snapshot(sh, state));
      },
      cp.resume ? cp.resume->loop : LoopState{});
}

SyncedMatrix synced(HogwildMatrix& m) { return {m.row(0), m.rows(), m.cols(), m.stride()}; }

template <typename Model>
TrainingSummary run(Shared& sh, const Corpus& corpus, const ProgressCallback& progress,
                    const DistributedTraining& distributed, const Checkpointing& cp) {
  const auto& o = sh.options;
  LoopOptions loop_options;
  loop_options.threads = o.threads;
  loop_options.epochs = o.epochs;
  loop_options.lr = o.effective_lr();
  // Distributed: each rank's replica is kept in step with the others'; its threads draw their own
  // random numbers (the seeds of rank r follow those of ranks 0..r-1).
  std::unique_ptr<ModelSync> sync;
  std::uint64_t first_thread = 0;
  if (distributed.cluster && distributed.cluster->size() > 1) {
    sync = std::make_unique<ModelSync>(*distributed.cluster, std::vector{synced(sh.input), synced(sh.output)},
                                       distributed.sync, o.threads);
    loop_options.sync = sync.get();
    first_thread = static_cast<std::uint64_t>(distributed.cluster->rank()) * static_cast<std::uint64_t>(o.threads);
  }
  TrainingLoop loop(loop_options, sh.vocab.total_count(), progress);
  std::vector<std::unique_ptr<ThreadState>> states(static_cast<std::size_t>(o.threads));
  for (int t = 0; t < o.threads; ++t)
    states[static_cast<std::size_t>(t)] = std::make_unique<ThreadState>(
        o.seed * 0x9E3779B97F4A7C15ULL + first_thread + static_cast<std::uint64_t>(t) + 1,
        static_cast<std::size_t>(o.dim), sh.max_targets());
  if (o.deterministic) return run_rounds<Model>(sh, corpus, loop, states, cp);
  auto summary = loop.run([&](LoopThread& thread) {
    train_shard<Model>(sh, corpus, *states[static_cast<std::size_t>(thread.thread())], thread);
  });
  if (sync && distributed.stats) *distributed.stats = sync->stats();
  return summary;
}

// Runs Model<Objective> with the objective the options ask for.
template <template <typename> class Model>
TrainingSummary run_model(Shared& sh, const Corpus& corpus, const ProgressCallback& progress,
                          const DistributedTraining& distributed, const Checkpointing& cp) {
  if (sh.options.loss == Word2VecLoss::NegativeSampling)
    return run<Model<NegativeSampling>>(sh, corpus, progress, distributed, cp);
  if (sh.options.negative == 0) return run<Model<HierarchicalSoftmax>>(sh, corpus, progress, distributed, cp);
  return run<Model<HierarchicalSoftmaxAndNegatives>>(sh, corpus, progress, distributed, cp);
}

// Each word's vector: the mean of its own row and its n-gram rows (fastText's getWordVector).
Matrix compose_word_vectors(const Shared& sh) {
  const auto nwords = static_cast<std::int32_t>(sh.vocab.size());
  const std::size_t dim = sh.input.cols();
  Matrix out(nwords, static_cast<Eigen::Index>(dim));
  for (std::int32_t w = 0; w < nwords; ++w) {
    float* dst = out.row(w).data();
    std::fill(dst, dst + dim, 0.0f);
    const std::int32_t* rows = sh.rows_begin(w);
    const int nrows = sh.rows_count(w);
    for (int k = 0; k < nrows; ++k) {
      const float* src = sh.input.row(static_cast<std::size_t>(rows[k]));
      for (std::size_t c = 0; c < dim; ++c) dst[c] += src[c];
    }
    const float scale = 1.0f / static_cast<float>(nrows);
    for (std::size_t c = 0; c < dim; ++c) dst[c] *= scale;
  }
  return out;
}

ParamMatrix param_of(const HogwildMatrix& m, const char* name) {
  ParamMatrix p;
  p.name = name;
  p.rows = m.rows();
  p.cols = m.cols();
  p.data.resize(p.rows * p.cols);
  for (std::size_t r = 0; r < p.rows; ++r) std::memcpy(p.data.data() + r * p.cols, m.row(r), p.cols * sizeof(float));
  return p;
}

// Copies a saved matrix back; throws FormatError when its shape is not this run's.
void restore(HogwildMatrix& m, const TrainState& state, const char* name) {
  const auto it = std::find_if(state.params.begin(), state.params.end(), [&](const ParamMatrix& p) { return p.name == name; });
  if (it == state.params.end()) throw FormatError(fmt::format("checkpoint: no '{}' matrix", name));
  if (it->rows != m.rows() || it->cols != m.cols() || it->data.size() != it->rows * it->cols)
    throw FormatError(fmt::format("checkpoint: the '{}' matrix is {} x {}, this run needs {} x {}", name, it->rows,
                                  it->cols, m.rows(), m.cols()));
  for (std::size_t r = 0; r < m.rows(); ++r) std::memcpy(m.row(r), it->data.data() + r * m.cols(), m.cols() * sizeof(float));
}

Matrix word_vectors(const Shared& sh) {
  return sh.options.subwords.enabled() ? compose_word_vectors(sh) : sh.input.to_matrix(sh.vocab.size());
}

TrainState snapshot(const Shared& sh, const LoopState& state) {
  TrainState ts;
  ts.loop = state;
  ts.params.push_back(param_of(sh.input, "input"));
  ts.params.push_back(param_of(sh.output, "output"));
  ts.vectors = word_vectors(sh);
  return ts;
}

// Moves the trained matrices into a SubwordVectors without copying the n-gram rows.
SubwordVectors release_subwords(Shared& sh, std::uint64_t ntokens) {
  const auto& o = sh.options;
  SubwordVectors sv;
  sv.options = o.subwords;
  sv.args.dim = o.dim;
  sv.args.ws = o.window;
  sv.args.epoch = o.epochs;
  sv.args.neg = o.negative;
  sv.args.loss = o.loss == Word2VecLoss::HierarchicalSoftmax ? 1 : 2;
  sv.args.model = o.model == Word2VecModel::SkipGram ? 2 : 1;
  sv.args.bucket = static_cast<std::int32_t>(o.subwords.bucket);
  sv.args.minn = o.subwords.minn;
  sv.args.maxn = o.subwords.maxn;
  sv.args.t = o.sample;
  sv.ntokens = ntokens;
  sv.words = sh.vocab.size();
  sv.input = sh.input.release_compact();
  sv.output = sh.output.release_compact();
  // fastText's hierarchical softmax labels a node with its code bit where word2vec.c (and this
  // trainer) use 1 - bit: the same model with every output row negated. Store fastText's.
  if (o.loss == Word2VecLoss::HierarchicalSoftmax)
    for (std::size_t r = 0; r < sv.output.rows(); ++r) {
      float* row = sv.output.row(r);
      for (std::size_t c = 0; c < sv.output.cols(); ++c) row[c] = -row[c];
    }
  return sv;
}

}  // namespace

Embeddings train_word2vec(const Corpus& corpus, const Vocab& vocab, const Word2VecOptions& options,
                          const ProgressCallback& progress, TrainingSummary* summary,
                          const DistributedTraining& distributed, const Checkpointing& cp) {
  options.validate();
  if ((cp.due || cp.resume) && !options.deterministic)
    throw OptionError("checkpoints and --resume need --deterministic (a Hogwild run never holds still)");
  if (options.deterministic && distributed.cluster && distributed.cluster->size() > 1)
    throw OptionError("option --deterministic: trains on one machine; run it without mpirun");
  if (vocab.empty()) throw DataError(fmt::format("{}: the vocabulary is empty", corpus.name()));
  Shared sh(vocab, options);
  sh.keep = keep_thresholds(vocab, options.sample);
  init_input(sh.input, options.effective_init_range(), options.seed, options.threads);
  if (cp.resume) {
    restore(sh.input, *cp.resume, "input");
    restore(sh.output, *cp.resume, "output");
  }
  if (options.loss == Word2VecLoss::HierarchicalSoftmax) build_paths(sh);
  const bool sg = options.model == Word2VecModel::SkipGram;
  TrainingSummary result;
  if (options.subwords.enabled()) {
    build_subword_rows(sh);
    result = sg ? run_model<SubwordSkipGram>(sh, corpus, progress, distributed, cp)
                : run_model<SubwordCbow>(sh, corpus, progress, distributed, cp);
  } else {
    result = sg ? run_model<SkipGram>(sh, corpus, progress, distributed, cp)
                : run_model<Cbow>(sh, corpus, progress, distributed, cp);
  }
  require_converging(result, untrained_loss(sh), "loss");
  if (cp.final) {
    LoopState end;
    end.epoch = options.epochs;
    end.units_done = result.units;
    end.fraction = 1.0;
    cp.final(snapshot(sh, end));
  }

  Matrix vectors;
  std::shared_ptr<const SubwordVectors> subwords;
  if (options.subwords.enabled()) {
    vectors = compose_word_vectors(sh);
    subwords = std::make_shared<SubwordVectors>(release_subwords(sh, vocab.total_count()));
  } else {
    vectors = sh.input.to_matrix(vocab.size());
  }
  if (!vectors.allFinite())
    throw DataError("training diverged: a vector holds NaN or inf; nothing written (try a smaller --lr)");
  Embeddings emb(vocab, std::move(vectors), {}, std::move(subwords));
  emb.metadata()["model"] = to_string(options.model);
  if (options.subwords.enabled()) {
    emb.metadata()["minn"] = std::to_string(options.subwords.minn);
    emb.metadata()["maxn"] = std::to_string(options.subwords.maxn);
    emb.metadata()["bucket"] = std::to_string(options.subwords.bucket);
  }
  emb.metadata()["dim"] = std::to_string(options.dim);
  emb.metadata()["window"] = std::to_string(options.window);
  emb.metadata()["negative"] = std::to_string(options.negative);
  emb.metadata()["loss"] = to_string(options.loss);
  emb.metadata()["sample"] = fmt::format("{}", options.sample);
  emb.metadata()["epochs"] = std::to_string(options.epochs);
  emb.metadata()["lr"] = fmt::format("{}", options.effective_lr());
  emb.metadata()["ns_exponent"] = fmt::format("{}", options.ns_exponent);
  emb.metadata()["init_range"] = fmt::format("{}", options.effective_init_range());
  emb.metadata()["seed"] = std::to_string(options.seed);
  if (options.deterministic) emb.metadata()["deterministic"] = std::to_string(1);
  emb.metadata()["corpus"] = corpus.name();
  emb.metadata()["corpus_words"] = std::to_string(vocab.total_count());
  if (!result.epoch_loss.empty()) emb.metadata()["final_loss"] = fmt::format("{:.6f}", result.epoch_loss.back());
  if (summary) *summary = result;
  return emb;
}

}  // namespace wordvec
