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
#include "wordvec/train/documents.hpp"
#include "corpus/shard_reader.hpp"
#include "text/token_reader.hpp"
#include "train/block_rows.hpp"
#include "train/corpus_chunks.hpp"
#include "train/hogwild_matrix.hpp"
#include "train/huffman_tree.hpp"
#include "train/input_init.hpp"
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
  // Doc2Vec: the corpus's documents, whose vectors are the input rows after the word rows; null for
  // word models. `frozen`: inferring, only the document rows learn (gensim's infer_vector).
  const Documents* docs = nullptr;
  bool frozen = false;

  // `doc_rows`: input rows for document vectors after the word rows (Doc2Vec).
  Shared(const Vocab& v, const Word2VecOptions& o, std::size_t doc_rows = 0)
      : vocab(v), options(o),
        input(v.size() + (o.subwords.enabled() ? o.subwords.bucket : 0u) + doc_rows, static_cast<std::size_t>(o.dim)),
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

// Output rows 0..kHotRows-1 are the Huffman tree's inner nodes nearest the root (row 0 is the root),
// on almost every word's path.
constexpr std::size_t kHotRows = 16;

// Per-thread state: its own RNG and aligned scratch rows. Aligned to a cache line, so that two
// threads' states (allocated one after the other) never share one.
struct alignas(64) ThreadState {
  Random rng;
  std::vector<std::int32_t> sentence;
  std::vector<std::int32_t> targets;
  std::vector<std::int32_t> ahead;           // the next position's targets, drawn early (TargetsAhead)
  std::vector<float> labels;                 // the targets' labels (hierarchical softmax only)
  std::vector<std::int32_t> window_targets;  // a window's targets, pair after pair (subword skip-gram)
  std::vector<float> window_labels;          // and their labels (hierarchical softmax only)
  std::vector<int> window_sizes;             // how many targets each pair of the window has
  HogwildMatrix scratch;  // row 0: hidden, row 1: hidden gradient, rows 2..: output deltas
  // CBOW with hierarchical softmax: this thread's pending changes of the output rows nearest the
  // root (kHotRows), written to the shared rows every kHotFlush positions (CbowOver).
  HogwildMatrix hot;
  std::uint32_t hot_touched = 0;
  std::vector<float*> out_rows;  // output rows of the current targets
  std::vector<float*> context_rows;  // CBOW: the input rows of the current context
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
  // Doc2Vec: the current line's document (index into Documents::starts) and its input row.
  std::size_t doc = 0;
  std::size_t doc_row = 0;
  double loss = 0.0;
  std::uint64_t terms = 0;

  ThreadState(std::uint64_t seed, std::size_t dim, int max_targets)
      : rng(seed), scratch(static_cast<std::size_t>(max_targets) + 2, dim), hot(kHotRows, dim),
        out_rows(static_cast<std::size_t>(max_targets)),
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
  if constexpr (Objective::kLabelled) {  // a path of a dozen or more targets: the vectorised form
    std::copy_n(st.f.begin(), nt, st.g.begin());
    st.loss += sh.sigmoid.gradients(st.g.data(), labels, nt, lr);
    return;
  }
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

// The output rows' update of a hidden vector (CBOW's context mean, PV-DM's): grad += g_t * row_t over
// the `nt` targets just scored, only the live ones for the labelled objective (see live_targets).
template <typename Objective>
inline void update_hidden_targets(ThreadState& st, const float* hidden, int nt, float* grad, std::size_t stride) {
  if constexpr (Objective::kLabelled) {
    const int live = live_targets(st, nt);
    kernels::cbow_update(hidden, st.live_rows.data(), st.live_g.data(), live, grad, stride);
  } else {
    kernels::cbow_update(hidden, st.out_rows.data(), st.g.data(), nt, grad, stride);
  }
}

// Where the models read and write parameters. Hogwild: straight in the shared matrices.
struct SharedParams {
  Shared& sh;
  float* in(std::size_t r) { return sh.input.row(r); }
  float* out(std::size_t r) { return sh.output.row(r); }
  const float* out_ahead(std::size_t r) const { return sh.output.row(r); }
  const float* in_ahead(std::size_t r) const { return sh.input.row(r); }
  void gather(float* out, const std::int32_t* idx, int n, float a, std::size_t stride) {
    kernels::gather_scaled(out, sh.input.row(0), idx, n, a, stride);
  }
  void scatter(const std::int32_t* idx, int n, const float* x, std::size_t stride) {
    kernels::scatter_add(sh.input.row(0), idx, n, x, stride);
  }
};

// Deterministic: the current block's private copies (block_rows.hpp).
struct BlockParams {
  RoundRows::Block& input;
  RoundRows::Block& output;
  std::vector<float*>& ptrs;  // scratch: a word's input rows
  const std::int32_t* resolved;  // the row list `ptrs` holds the rows of
  float* in(std::size_t r) { return input.row(r); }
  float* out(std::size_t r) { return output.row(r); }
  // Where out(r) will read: for prefetching a row before its first touch copies it.
  const float* out_ahead(std::size_t r) const { return output.peek(r); }
  const float* in_ahead(std::size_t r) const { return input.peek(r); }
  void gather(float* out, const std::int32_t* idx, int n, float a, std::size_t stride) {
    resolve(idx, n);
    kernels::zero(out, stride);
    for (int u = 0; u < n; ++u) kernels::add(out, ptrs[static_cast<std::size_t>(u)], stride);
    kernels::scale(out, a, stride);
  }
  void scatter(const std::int32_t* idx, int n, const float* x, std::size_t stride) {
    // Usually the rows just gathered: a row's copy stays where it is for the whole block, so
    // their pointers still hold.
    if (idx != resolved || static_cast<std::size_t>(n) != ptrs.size()) resolve(idx, n);
    for (int u = 0; u < n; ++u) kernels::add(ptrs[static_cast<std::size_t>(u)], x, stride);
  }
  void resolve(const std::int32_t* idx, int n) {
    ptrs.resize(static_cast<std::size_t>(n));
    for (int u = 0; u < n; ++u) ptrs[static_cast<std::size_t>(u)] = input.row(static_cast<std::size_t>(idx[u]));
    resolved = idx;
  }
};


inline int reduced_window(const Shared& sh, ThreadState& st) {
  return sh.options.window - static_cast<int>(st.rng.below(static_cast<std::uint32_t>(sh.options.window)));
}

// Skip-gram, CBOW and PV-DM: the targets' output rows (the cache misses that dominate a position's
// dot products) are asked for one position early, so that they arrive while the position before
// is computed. With negative sampling each position's random draws (its reduced window, then its
// targets) are made one position early; they come from the thread's generator in the same order
// as drawing each position's when it is trained (window, targets, window, targets, ...), so the
// training is the same to the bit. Hierarchical softmax's targets are the word's fixed path: read
// in place (no copy), and the next word's path rows prefetched.
template <typename Objective>
class TargetsAhead {
 public:
  /// For position i of s[0..n) (called once per position, in order): returns its reduced window
  /// and makes ids()/labels()/size() its targets, then prepares those of position i + 1.
  template <typename Params>
  int next(Shared& sh, ThreadState& st, Params& p, const std::int32_t* s, int n, int i) {
    if constexpr (Objective::kLabelled) {
      if (i + 2 < n) __builtin_prefetch(sh.path_offsets.data() + s[i + 2]);
      const int r = reduced_window(sh, st);
      size_ = Objective::view(sh, st, s[i], ids_, labels_);
      if (i + 1 < n) {
        // The next word's path: its first nodes (near the root) are shared by most words and stay
        // in cache; the deeper ones are the misses.
        const auto begin = sh.path_offsets[static_cast<std::size_t>(s[i + 1])];
        const auto end = sh.path_offsets[static_cast<std::size_t>(s[i + 1]) + 1];
        for (auto u = std::min(begin + kHotPathNodes, end); u < end; ++u)
          kernels::prefetch_row(p.out_ahead(static_cast<std::size_t>(sh.path_rows[u])), sh.input.stride());
        if (i + 2 < n) {
          const auto after = sh.path_offsets[static_cast<std::size_t>(s[i + 2])];
          __builtin_prefetch(sh.path_rows.data() + after);
          __builtin_prefetch(sh.path_labels.data() + after);
        }
      }
      return r;
    } else {
      int r;
      if (ahead_for_ == i) {
        r = ahead_window_;
        std::swap(st.targets, st.ahead);
      } else {
        r = reduced_window(sh, st);
        Objective::draw(sh, st, s[i]);
      }
      ahead_for_ = -1;
      if (i + 1 >= n) return r;
      ahead_window_ = reduced_window(sh, st);
      std::swap(st.targets, st.ahead);
      Objective::draw(sh, st, s[i + 1]);
      std::swap(st.targets, st.ahead);
      for (const std::int32_t t : st.ahead) kernels::prefetch_row(p.out_ahead(static_cast<std::size_t>(t)), sh.input.stride());
      ahead_for_ = i + 1;
      return r;
    }
  }
  /// The current position's targets (output rows), their labels (labelled objectives only) and number.
  const std::int32_t* ids(const ThreadState& st) const {
    if constexpr (Objective::kLabelled) return ids_;
    else return st.targets.data();
  }
  const float* labels() const { return labels_; }
  int size(const ThreadState& st) const {
    if constexpr (Objective::kLabelled) return size_;
    else return static_cast<int>(st.targets.size());
  }

 private:
  static constexpr std::uint32_t kHotPathNodes = 3;
  int ahead_for_ = -1;
  int ahead_window_ = 0;
  const std::int32_t* ids_ = nullptr;
  const float* labels_ = nullptr;
  int size_ = 0;
};

// Points st.out_rows at the output rows of the current position's targets (TargetsAhead::next
// prepared them) and from their dot products with the hidden vector `h` computes the gradients and
// the loss. Returns the number of targets.
template <typename Objective, typename Params>
inline int score_drawn_targets(Shared& sh, ThreadState& st, Params& p, const TargetsAhead<Objective>& targets,
                               const float* h, float lr) {
  const int nt = targets.size(st);
  const std::int32_t* ids = targets.ids(st);
  for (int t = 0; t < nt; ++t) st.out_rows[t] = p.out(static_cast<std::size_t>(ids[t]));
  kernels::dots(h, st.out_rows.data(), nt, sh.input.stride(), st.f.data());
  gradients<Objective>(sh, st, targets.labels(), nt, lr);
  return nt;
}

// One skip-gram pair: context row h against the nt targets in st.out_rows; h learns now, the
// targets' updates add up in st.deltas (applied by the caller).
template <typename Objective>
inline void sg_pair(Shared& sh, ThreadState& st, float* h, int nt, float lr) {
  const std::size_t stride = sh.input.stride();
  kernels::dots(h, st.out_rows.data(), nt, stride, st.f.data());
  gradients<Objective>(sh, st, st.labels.data(), nt, lr);
  kernels::sg_update(h, st.out_rows.data(), st.deltas.data(), st.g.data(), nt, stride);
  ++st.terms;
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
    TargetsAhead<Objective> targets;
    for (int i = 0; i < n; ++i) {
      const int r = targets.next(sh, st, p, s, n, i);
      const int lo = std::max(0, i - r), hi = std::min(n - 1, i + r);
      if (lo == hi) continue;
      const int nt = static_cast<int>(st.targets.size());
      for (int t = 0; t < nt; ++t) {
        st.out_rows[t] = p.out(static_cast<std::size_t>(st.targets[static_cast<std::size_t>(t)]));
        st.deltas[t] = st.scratch.row(2 + static_cast<std::size_t>(t));
        kernels::zero(st.deltas[t], stride);
      }
      for (int j = lo; j <= hi; ++j)
        if (j != i) sg_pair<Objective>(sh, st, p.in(static_cast<std::size_t>(s[j])), nt, lr);
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
    TargetsAhead<Objective> targets;
    for (int i = 0; i < n; ++i) {
      const int r = targets.next(sh, st, p, s, n, i);
      const int lo = std::max(0, i - r), hi = std::min(n - 1, i + r);
      if (lo == hi) continue;
      const std::int32_t* ids = targets.ids(st);
      const float* labels = targets.labels();
      const int nt = targets.size(st);
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
          const int times = st.multiplicity[static_cast<std::size_t>(c0 + j)];
          st.loss += times * sh.sigmoid.gradients(gj, labels, nt, lr * static_cast<float>(times));
          st.terms += static_cast<std::uint64_t>(times);
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
          kernels::prefetch_row(p.out_ahead(static_cast<std::size_t>(t)), stride);
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
    TargetsAhead<Objective> targets;
    const int ahead = sh.options.window + 2;
    [[maybe_unused]] int since_flush = 0;
    for (int i = 0; i < n; ++i) {
      // The word that enters the widest window two positions from now: its input rows are the
      // context's only new rows (the others were read for the positions before).
      if (i + ahead < n) {
        const std::int32_t* rows = Rows::begin(sh, s[i + ahead]);
        for (int k = 0, m = Rows::count(sh, s[i + ahead]); k < m; ++k)
          kernels::prefetch_row(p.in_ahead(static_cast<std::size_t>(rows[k])), stride);
      }
      const int r = targets.next(sh, st, p, s, n, i);
      const int lo = std::max(0, i - r), hi = std::min(n - 1, i + r);
      if (lo == hi) continue;
      // The context's input rows, looked up once for the mean and the update (a deterministic
      // run's lookup goes through the block's row map).
      auto& in = st.context_rows;
      in.clear();
      for (int j = lo; j <= hi; ++j) {
        if (j == i) continue;
        const std::int32_t* rows = Rows::begin(sh, s[j]);
        const int nrows = Rows::count(sh, s[j]);
        for (int k = 0; k < nrows; ++k) in.push_back(p.in(static_cast<std::size_t>(rows[k])));
      }
      kernels::mean_rows(hidden, in.data(), static_cast<int>(in.size()), 1.0f / static_cast<float>(in.size()), stride);
      const int nt = score_drawn_targets<Objective>(sh, st, p, targets, hidden, lr);
      kernels::zero(grad, stride);
      if constexpr (std::is_same_v<Objective, HierarchicalSoftmax>) {
        // The rows nearest the root are on every path: written at every position by every thread,
        // their cache lines went back and forth between the cores (two threads took almost twice
        // one thread's CPU time). Their changes gather in the thread's own rows and reach the
        // shared ones every kHotFlush positions and at the line's end; the other rows change at once.
        const std::int32_t* ids = targets.ids(st);
        for (int t = 0; t < nt; ++t) {
          const auto id = static_cast<std::uint32_t>(ids[t]);
          if (id < kHotRows) {
            st.deltas[t] = st.hot.row(id);
            st.hot_touched |= std::uint32_t{1} << id;
          } else {
            st.deltas[t] = st.out_rows[t];
          }
        }
        const int live = live_targets(st, nt);
        kernels::cbow_update_split(hidden, st.live_rows.data(), st.live_deltas.data(), st.live_g.data(), live, grad,
                                   stride);
        if (++since_flush == kHotFlush) flush_hot(st, p, stride), since_flush = 0;
      } else {
        update_hidden_targets<Objective>(st, hidden, nt, grad, stride);
      }
      ++st.terms;
      for (float* row : in) kernels::add(row, grad, stride);
    }
    if constexpr (std::is_same_v<Objective, HierarchicalSoftmax>) flush_hot(st, p, stride);
  }

 private:
  static constexpr int kHotFlush = 8;
  template <typename Params>
  static void flush_hot(ThreadState& st, Params& p, std::size_t stride) {
    for (std::uint32_t bits = st.hot_touched; bits != 0; bits &= bits - 1) {
      const auto r = static_cast<std::size_t>(__builtin_ctz(bits));
      kernels::add(p.out(r), st.hot.row(r), stride);
      kernels::zero(st.hot.row(r), stride);
    }
    st.hot_touched = 0;
  }
};
template <typename Objective>
using Cbow = CbowOver<WordRow, Objective>;
template <typename Objective>
using SubwordCbow = CbowOver<SubwordRows, Objective>;

// Points st.out_rows at the output rows of the targets drawn for `word` and st.deltas at zeroed
// scratch rows for their updates; returns their number.
template <typename Objective, typename Params>
inline int prepare_targets(Shared& sh, ThreadState& st, Params& p, std::int32_t word) {
  const std::size_t stride = sh.input.stride();
  Objective::draw(sh, st, word);
  const int nt = static_cast<int>(st.targets.size());
  for (int t = 0; t < nt; ++t) {
    st.out_rows[t] = p.out(static_cast<std::size_t>(st.targets[static_cast<std::size_t>(t)]));
    st.deltas[t] = st.scratch.row(2 + static_cast<std::size_t>(t));
    kernels::zero(st.deltas[t], stride);
  }
  return nt;
}

// PV-DBOW (gensim's Doc2Vec dm=0): the document's vector predicts each of its words as a skip-gram
// context predicts its centre. With dbow_words the window's words predict it too, skip-gram
// interleaved (gensim's dbow_words=1); the targets are drawn once per word for all its pairs and
// their updates summed, as SkipGram does. Inferring (frozen), the document vector alone learns.
template <typename Objective>
struct Dbow {
  static constexpr std::size_t kMinWords = 1;  // the document is the context: one word trains
  template <typename Params>
  static void train(Shared& sh, ThreadState& st, Params& p, const std::int32_t* s, int n, float lr) {
    const std::size_t stride = sh.input.stride();
    const bool words = sh.options.dbow_words && !sh.frozen;
    for (int i = 0; i < n; ++i) {
      if (!words && !sh.frozen) {
        // The document's pair alone: both sides updated in one pass (window_update of one context).
        Objective::draw(sh, st, s[i]);
        const int nt = static_cast<int>(st.targets.size());
        for (int t = 0; t < nt; ++t) st.out_rows[t] = p.out(static_cast<std::size_t>(st.targets[static_cast<std::size_t>(t)]));
        float* h = p.in(st.doc_row);
        kernels::dots(h, st.out_rows.data(), nt, stride, st.f.data());
        gradients<Objective>(sh, st, st.labels.data(), nt, lr);
        kernels::window_update(&h, 1, st.out_rows.data(), st.g.data(), nt, stride);
        ++st.terms;
        continue;
      }
      const int nt = prepare_targets<Objective>(sh, st, p, s[i]);
      if (words) {
        const int r = reduced_window(sh, st);
        const int lo = std::max(0, i - r), hi = std::min(n - 1, i + r);
        for (int j = lo; j <= hi; ++j)
          if (j != i) sg_pair<Objective>(sh, st, p.in(static_cast<std::size_t>(s[j])), nt, lr);
      }
      sg_pair<Objective>(sh, st, p.in(st.doc_row), nt, lr);
      if (!sh.frozen)
        for (int t = 0; t < nt; ++t) kernels::add(st.out_rows[t], st.deltas[t], stride);
    }
  }
};

// PV-DM with the mean (gensim's Doc2Vec dm=1, dm_mean=1): CBOW whose context also holds the
// document's vector; the hidden gradient goes in full to the document and the context words.
// Inferring (frozen), the document vector alone learns.
template <typename Objective>
struct Dm {
  static constexpr std::size_t kMinWords = 1;
  template <typename Params>
  static void train(Shared& sh, ThreadState& st, Params& p, const std::int32_t* s, int n, float lr) {
    const std::size_t stride = sh.input.stride();
    float* hidden = st.scratch.row(0);
    float* grad = st.scratch.row(1);
    float* doc = p.in(st.doc_row);
    TargetsAhead<Objective> targets;
    for (int i = 0; i < n; ++i) {
      const int r = sh.frozen ? reduced_window(sh, st) : targets.next(sh, st, p, s, n, i);
      const int lo = std::max(0, i - r), hi = std::min(n - 1, i + r);
      kernels::zero(hidden, stride);
      kernels::add(hidden, doc, stride);
      for (int j = lo; j <= hi; ++j)
        if (j != i) kernels::add(hidden, p.in(static_cast<std::size_t>(s[j])), stride);
      kernels::scale(hidden, 1.0f / static_cast<float>(hi - lo + 1), stride);  // the document and hi - lo words
      kernels::zero(grad, stride);
      if (sh.frozen) {
        // grad = sum of g * target rows, the rows left as they are (their deltas are scratch).
        const int nt = prepare_targets<Objective>(sh, st, p, s[i]);
        kernels::dots(hidden, st.out_rows.data(), nt, stride, st.f.data());
        gradients<Objective>(sh, st, st.labels.data(), nt, lr);
        kernels::sg_update(grad, st.out_rows.data(), st.deltas.data(), st.g.data(), nt, stride);
      } else {
        const int nt = score_drawn_targets<Objective>(sh, st, p, targets, hidden, lr);
        update_hidden_targets<Objective>(st, hidden, nt, grad, stride);
      }
      ++st.terms;
      kernels::add(doc, grad, stride);
      if (sh.frozen) continue;
      for (int j = lo; j <= hi; ++j)
        if (j != i) kernels::add(p.in(static_cast<std::size_t>(s[j])), grad, stride);
    }
  }
};

// Fewest words of a line a model trains on: two for the word models (a word needs a context),
// the model's kMinWords for the document models.
template <typename Model>
constexpr std::size_t min_words() {
  if constexpr (requires { Model::kMinWords; }) return Model::kMinWords;
  else return 2;
}

// One epoch of one thread: read its shard line by line, subsample, train each line.
template <typename Model, typename Params, typename Reader>
void train_chunk(Shared& sh, ThreadState& st, Params& p, LoopThread& loop, Reader& reader) {
  const auto max_len = static_cast<std::size_t>(sh.options.max_sentence_length);
  std::uint64_t words = 0;
  auto flush_sentence = [&] {
    if (st.sentence.size() >= min_words<Model>())
      Model::train(sh, st, p, st.sentence.data(), static_cast<int>(st.sentence.size()), loop.lr());
    st.sentence.clear();
  };
  // Doc2Vec: every line is the next document of the shard (st.doc); with first-token tags its
  // first token is the tag, not a word.
  const bool tagged = sh.docs && sh.options.tags == DocTags::FirstToken;
  bool skip = false;
  auto start_line = [&] {
    if (!sh.docs || st.doc >= sh.docs->rows.size()) return;
    st.doc_row = sh.vocab.size() + sh.docs->rows[st.doc];
    skip = tagged;
  };
  start_line();
  while (reader.next_line([&](std::string_view token) {
    if (skip) {
      skip = false;
      return;
    }
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
    ++st.doc;
    start_line();
  }
  flush_sentence();
  loop.add_loss(st.loss, st.terms);
  st.loss = 0.0;
  st.terms = 0;
  loop.advance(words);
}


// Shard `index` of `count` of the corpus; for Doc2Vec moved to document starts, with st.doc set
// to its first document.
std::pair<std::uint64_t, std::uint64_t> shard_range(const Shared& sh, ThreadState& st, const Corpus& corpus,
                                                    int index, int count) {
  const auto range = corpus.shard(index, count);
  return sh.docs ? sh.docs->align(range.first, range.second, st.doc) : range;
}

template <typename Model>
void train_shard(Shared& sh, const Corpus& corpus, ThreadState& st, LoopThread& loop) {
  const auto per_thread = chunks_per_thread(corpus, loop.threads());
  const int chunks = static_cast<int>(per_thread) * loop.threads();
  SharedParams p{sh};
  for (int chunk = loop.thread(); chunk < chunks; chunk += loop.threads()) {
    const auto [begin, end] = shard_range(sh, st, corpus, chunk, chunks);
    with_token_reader(corpus.text_path(), begin, end, sh.options.tokenizer.get(),
                      [&](auto& reader) { train_chunk<Model>(sh, st, p, loop, reader); });
  }
}

// Deterministic runs split every epoch into blocks of about this many bytes (at least
// kMinBlocks, so small corpora still train in parallel rounds), kBlocksPerRound at a time. A
// round's blocks do not see each other's changes, and their summed changes overshoot on
// frequent rows once more than two are summed: on the first 20 MB of enwiki-9m (skip-gram, 5
// epochs) the final loss was 2.191 with Hogwild, 2.193 with 2 x 256 KB, 2.420 with 3 x 256 KB,
// 2.726 with 4 x 256 KB and 2.352 with 4 x 64 KB (averaging the changes instead is far worse: a
// rare word's change is divided too). Large blocks copy each row they touch for more words
// (the copies, not the arithmetic, are the cost of this mode). Two blocks per round bound the
// useful threads to two.
constexpr std::uint64_t kBlockBytes = 256 << 10;
constexpr std::uint64_t kMinBlocks = 64;
constexpr std::uint64_t kBlocksPerRound = 2;

RoundPlan word2vec_plan(const Corpus& corpus) {
  const std::uint64_t size = corpus.size_bytes();
  RoundPlan plan;
  plan.blocks = std::max((size + kBlockBytes - 1) / kBlockBytes, std::min(kMinBlocks, size / 256 + 1));
  plan.per_round = kBlocksPerRound;
  return plan;
}

// The corpus blocks of an epoch in the order they are trained: the epoch is cut into per_round
// stripes and round r trains the r-th block of each, so a round's blocks lie far apart in the
// corpus, as Hogwild's threads, each in its own shard, read far-apart text at once.
std::vector<std::uint64_t> striped_order(const RoundPlan& plan) {
  const std::uint64_t stripe = (plan.blocks + plan.per_round - 1) / plan.per_round;
  std::vector<std::uint64_t> order;
  order.reserve(plan.blocks);
  for (std::uint64_t r = 0; r < stripe; ++r)
    for (std::uint64_t j = 0; j < plan.per_round; ++j)
      if (j * stripe + r < plan.blocks) order.push_back(j * stripe + r);
  return order;
}

// A block's random stream: a function of the seed, the epoch and the block only.
std::uint64_t block_seed(std::uint64_t seed, int epoch, std::uint64_t block) {
  return seed * 0x9E3779B97F4A7C15ULL + (static_cast<std::uint64_t>(epoch) << 40) + block * 0xD1B54A32D192ED03ULL + 1;
}

// The run's state after a round: both matrices without padding, and the word vectors.
TrainState snapshot(const Shared& sh, const LoopState& state);
// The word vectors as they stand.
Matrix word_vectors(const Shared& sh);

template <typename Model>
TrainingSummary run_rounds(Shared& sh, const Corpus& corpus, TrainingLoop& loop,
                           std::vector<std::unique_ptr<ThreadState>>& states, const Checkpointing& cp) {
  const auto& o = sh.options;
  const RoundPlan plan = word2vec_plan(corpus);
  const auto per_round = static_cast<std::size_t>(plan.per_round);
  RoundRows in_rows(sh.input, per_round), out_rows(sh.output, per_round);
  const std::vector<std::uint64_t> order = striped_order(plan);
  std::vector<std::vector<float*>> ptrs(static_cast<std::size_t>(o.threads));
  return loop.run_rounds(
      plan,
      [&](LoopThread& thread, std::uint64_t block, std::size_t slot) {
        auto& st = *states[static_cast<std::size_t>(thread.thread())];
        st.rng = Random(block_seed(o.seed, thread.epoch(), block));
        st.sentence.clear();
        RoundRows::Block input = in_rows.begin(slot), output = out_rows.begin(slot);
        BlockParams p{input, output, ptrs[static_cast<std::size_t>(thread.thread())], nullptr};
        const auto [begin, end] = shard_range(sh, st, corpus, static_cast<int>(order[block]), static_cast<int>(plan.blocks));
        with_token_reader(corpus.text_path(), begin, end, o.tokenizer.get(),
                          [&](auto& reader) { train_chunk<Model>(sh, st, p, thread, reader); });
      },
      [&](std::size_t n, int thread, int threads) {
        in_rows.merge(sh.input, n, thread, threads);
        out_rows.merge(sh.output, n, thread, threads);
      },
      [&](const LoopState& state, bool stopping) {
        if (cp.due && cp.save && cp.due(state, stopping)) cp.save(snapshot(sh, state));
      },
      cp.resume ? cp.resume->loop : LoopState{});
}

template <typename Model>
TrainingSummary run(Shared& sh, const Corpus& corpus, const ProgressCallback& progress,
                    const DistributedTraining& distributed, const Checkpointing& cp) {
  const auto& o = sh.options;
  LoopOptions loop_options;
  loop_options.threads = o.threads;
  loop_options.cancel = o.cancel;
  loop_options.epochs = o.epochs;
  loop_options.lr = o.effective_lr();
  if (cp.epoch_end) loop_options.epoch_end = [&](int epoch) { return cp.epoch_end(word_vectors(sh), epoch); };
  // Distributed: each rank's replica is kept in step with the others' (averaged, hence the rate
  // times the ranks: SyncOptions::lr_scale); its threads draw their own random numbers (the seeds
  // of rank r follow those of ranks 0..r-1).
  std::unique_ptr<ModelSync> sync;
  std::uint64_t first_thread = 0;
  if (distributed.cluster && distributed.cluster->size() > 1) {
    sync = std::make_unique<ModelSync>(*distributed.cluster, std::vector{sh.input.ref(), sh.output.ref()},
                                       distributed.sync, o.threads);
    loop_options.sync = sync.get();
    loop_options.lr *= distributed.sync.rank_lr_scale(distributed.cluster->size());
    first_thread = static_cast<std::uint64_t>(distributed.cluster->rank()) * static_cast<std::uint64_t>(o.threads);
  }
  const std::uint64_t words = cp.warm && cp.warm->corpus_words > 0 ? cp.warm->corpus_words : sh.vocab.total_count();
  TrainingLoop loop(loop_options, words, progress);
  // A Hogwild run resumed at epoch E draws other numbers than the first run's epoch 0 did.
  const auto resumed_epoch = static_cast<std::uint64_t>(cp.resume && !o.deterministic ? cp.resume->loop.epoch : 0);
  std::vector<std::unique_ptr<ThreadState>> states(static_cast<std::size_t>(o.threads));
  for (int t = 0; t < o.threads; ++t)
    states[static_cast<std::size_t>(t)] = std::make_unique<ThreadState>(
        o.seed * 0x9E3779B97F4A7C15ULL + first_thread + static_cast<std::uint64_t>(t) + 1 +
            resumed_epoch * 0xD1B54A32D192ED03ULL,
        static_cast<std::size_t>(o.dim), sh.max_targets());
  if (o.deterministic) return run_rounds<Model>(sh, corpus, loop, states, cp);
  // Hogwild: checkpoints at epoch ends, where the threads meet.
  TrainingLoop::RoundHook hook;
  if (cp.due && cp.save)
    hook = [&](const LoopState& state, bool stopping) {
      if (cp.due(state, stopping)) cp.save(snapshot(sh, state));
    };
  auto summary = loop.run([&](LoopThread& thread) {
    train_shard<Model>(sh, corpus, *states[static_cast<std::size_t>(thread.thread())], thread);
  }, hook, cp.resume ? cp.resume->loop : LoopState{});
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

// Overwrites the rows a warm start gives; throws OptionError when they do not fit this run.
void apply_warm_start(Shared& sh, const WarmStart& warm) {
  for (const auto& p : warm.params) {
    HogwildMatrix* m = p.name == "input" ? &sh.input : p.name == "output" ? &sh.output : nullptr;
    if (!m) throw OptionError(fmt::format("warm start: no '{}' matrix in a word2vec model", p.name));
    if (p.cols != m->cols() || p.data.size() != p.rows.size() * p.cols)
      throw OptionError(fmt::format("warm start: the '{}' rows have {} values each, this run trains dimension {}",
                                    p.name, p.cols, m->cols()));
    for (std::size_t i = 0; i < p.rows.size(); ++i) {
      if (p.rows[i] >= m->rows())
        throw OptionError(fmt::format("warm start: row {} of '{}' is past its {} rows", p.rows[i], p.name, m->rows()));
      std::memcpy(m->row(static_cast<std::size_t>(p.rows[i])), p.data.data() + i * p.cols, p.cols * sizeof(float));
    }
  }
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
  if (sh.docs) ts.doc_tags = sh.docs->tags;
  return ts;
}

// Moves the trained matrices into a SubwordVectors without copying the n-gram rows.
SubwordVectors release_subwords(Shared& sh, std::uint64_t ntokens) {
  const auto& o = sh.options;
  SubwordVectors sv;
  sv.options = o.subwords;
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

namespace {

// Before the model is built from them: valid options, and words (the negative sampler needs some).
void require_valid(const Word2VecOptions& options, const Vocab& vocab, const Corpus& corpus) {
  options.validate();
  if (vocab.empty()) throw DataError(fmt::format("{}: the vocabulary is empty", corpus.name()));
}

// Checks what the run asks for against its options (validated), then readies `sh`: subsampling, the input's
// random start (or the resumed state) and the Huffman paths.
void prepare(Shared& sh, const DistributedTraining& distributed, const Checkpointing& cp) {
  const auto& options = sh.options;
  if (cp.epoch_end && distributed.cluster && distributed.cluster->size() > 1)
    throw OptionError("per-epoch evaluation: trains on one machine; run it without mpirun");
  if (options.deterministic && distributed.cluster && distributed.cluster->size() > 1)
    throw OptionError("option --deterministic: trains on one machine; run it without mpirun");
  sh.keep = keep_thresholds(sh.vocab, options.sample);
  init_input(sh.input, options.effective_init_range(), options.seed, options.threads);
  if (cp.warm) apply_warm_start(sh, *cp.warm);
  if (cp.resume) {
    restore(sh.input, *cp.resume, "input");
    restore(sh.output, *cp.resume, "output");
  }
  if (options.loss == Word2VecLoss::HierarchicalSoftmax) build_paths(sh);
}

// After training: refuses a diverged run and hands the full model to cp.final.
void finish(const Shared& sh, const TrainingSummary& result, const Checkpointing& cp) {
  require_converging(result, untrained_loss(sh), "loss");
  if (cp.final) {
    LoopState end;
    end.epoch = sh.options.epochs;
    end.units_done = result.units;
    end.fraction = 1.0;
    cp.final(snapshot(sh, end));
  }
}

// What the vectors were made of, for their metadata.
void describe(std::map<std::string, std::string>& metadata, const Word2VecOptions& options, const Corpus& corpus,
              const Vocab& vocab, const TrainingSummary& result) {
  metadata["model"] = to_string(options.model);
  if (options.subwords.enabled()) {
    metadata["minn"] = std::to_string(options.subwords.minn);
    metadata["maxn"] = std::to_string(options.subwords.maxn);
    metadata["bucket"] = std::to_string(options.subwords.bucket);
  }
  if (options.documents()) metadata["tags"] = to_string(options.tags);
  if (options.dbow_words) metadata["dbow_words"] = std::to_string(1);
  metadata["dim"] = std::to_string(options.dim);
  metadata["window"] = std::to_string(options.window);
  metadata["negative"] = std::to_string(options.negative);
  metadata["loss"] = to_string(options.loss);
  metadata["sample"] = fmt::format("{}", options.sample);
  metadata["epochs"] = std::to_string(options.epochs);
  metadata["lr"] = fmt::format("{}", options.effective_lr());
  metadata["ns_exponent"] = fmt::format("{}", options.ns_exponent);
  metadata["init_range"] = fmt::format("{}", options.effective_init_range());
  metadata["seed"] = std::to_string(options.seed);
  if (options.deterministic) metadata["deterministic"] = std::to_string(1);
  metadata["corpus"] = corpus.name();
  metadata["corpus_words"] = std::to_string(vocab.total_count());
  if (!result.epoch_loss.empty()) metadata["final_loss"] = fmt::format("{:.6f}", result.epoch_loss.back());
}

void require_finite(const Matrix& m) {
  if (!m.allFinite()) throw DataError("training diverged: a vector holds NaN or inf; nothing written (try a smaller --lr)");
}

}  // namespace

Embeddings train_word2vec(const Corpus& corpus, const Vocab& vocab, const Word2VecOptions& options,
                          const ProgressCallback& progress, TrainingSummary* summary,
                          const DistributedTraining& distributed, const Checkpointing& cp) {
  if (options.documents())
    throw OptionError(fmt::format("model {}: trains document vectors (train_doc2vec)", to_string(options.model)));
  require_valid(options, vocab, corpus);
  Shared sh(vocab, options);
  prepare(sh, distributed, cp);
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
  finish(sh, result, cp);

  Matrix vectors;
  std::shared_ptr<const SubwordVectors> subwords;
  if (options.subwords.enabled()) {
    vectors = compose_word_vectors(sh);
    subwords = std::make_shared<SubwordVectors>(release_subwords(sh, vocab.total_count()));
  } else {
    vectors = sh.input.to_matrix(vocab.size());
  }
  require_finite(vectors);
  Embeddings emb(vocab, std::move(vectors), {}, std::move(subwords));
  describe(emb.metadata(), options, corpus, vocab, result);
  if (cp.warm && cp.warm->corpus_words > 0) emb.metadata()["corpus_words"] = std::to_string(cp.warm->corpus_words);
  if (summary) *summary = result;
  return emb;
}

DocVectors train_doc2vec(const Corpus& corpus, const Vocab& vocab, const Documents& documents,
                         const Word2VecOptions& options, const ProgressCallback& progress, TrainingSummary* summary,
                         const Checkpointing& cp) {
  if (!options.documents())
    throw OptionError(fmt::format("model {}: trains no document vectors (train_word2vec)", to_string(options.model)));
  require_valid(options, vocab, corpus);
  Shared sh(vocab, options, documents.tags.size());
  sh.docs = &documents;
  prepare(sh, {}, cp);
  const TrainingSummary result = options.model == Word2VecModel::Dbow ? run_model<Dbow>(sh, corpus, progress, {}, cp)
                                                                       : run_model<Dm>(sh, corpus, progress, {}, cp);
  finish(sh, result, cp);

  std::vector<std::uint64_t> lines(documents.tags.size(), 0);
  for (const auto row : documents.rows) ++lines[row];
  Vocab tags;
  tags.reserve(documents.tags.size());
  Matrix docs(static_cast<Eigen::Index>(documents.tags.size()), options.dim);
  for (std::size_t d = 0; d < documents.tags.size(); ++d) {
    tags.add(documents.tags[d], lines[d]);
    std::memcpy(docs.row(static_cast<Eigen::Index>(d)).data(), sh.input.row(vocab.size() + d),
                static_cast<std::size_t>(options.dim) * sizeof(float));
  }
  Matrix words = sh.input.to_matrix(vocab.size());
  require_finite(words);
  require_finite(docs);
  DocVectors out;
  out.words = Embeddings(vocab, std::move(words));
  describe(out.words.metadata(), options, corpus, vocab, result);
  out.docs = Embeddings(std::move(tags), std::move(docs), out.words.metadata());
  out.docs.metadata()["documents"] = std::to_string(documents.tags.size());
  if (summary) *summary = result;
  return out;
}

void InferOptions::validate() const {
  require_option(epochs >= 0, "epochs", "at least 1 (0: the model's)", epochs);
  require_option(lr >= 0.0 && lr < 10.0 && std::isfinite(lr), "lr", "a learning rate in (0, 10) (0: the model's)", lr);
  require_option(min_lr >= 0.0 && std::isfinite(min_lr), "min-lr", "a rate >= 0", min_lr);
  require_option(threads >= 1 && threads <= 1024, "threads", "an integer in 1..1024", threads);
}

namespace {

// A document's own random stream: from the seed and its words only, so the same text gets the same
// vector wherever it stands (gensim seeds infer_vector's start from the words too).
std::uint64_t text_seed(std::uint64_t seed, const std::vector<std::string>& words) {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ (seed * 0x9E3779B97F4A7C15ULL);
  for (const auto& w : words) {
    for (const char c : w) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    h = (h ^ 0x20) * 0x100000001b3ULL;
  }
  return h;
}

// Trains document d's row (input row vocab.size() + d) alone, epoch after epoch, gensim's way: the
// rate falls linearly from `lr` to `min_lr` over the epochs.
template <typename Model>
void infer_one(Shared& sh, ThreadState& st, const std::vector<std::string>& words, std::size_t d,
               const InferOptions& io, int epochs, double lr) {
  st.rng = Random(text_seed(io.seed, words));
  st.doc_row = sh.vocab.size() + d;
  float* row = sh.input.row(st.doc_row);
  const auto range = static_cast<float>(sh.options.effective_init_range());
  for (std::size_t c = 0; c < sh.input.cols(); ++c) row[c] = st.rng.symmetric(range);
  std::vector<std::int32_t> ids;
  for (const auto& w : words)
    if (const auto id = sh.vocab.find(w); id >= 0) ids.push_back(id);
  SharedParams p{sh};
  const auto max_len = static_cast<std::size_t>(sh.options.max_sentence_length);
  for (int e = 0; e < epochs; ++e) {
    const double rate = lr - (lr - io.min_lr) * e / std::max(1, epochs - 1);
    st.sentence.clear();
    for (std::size_t k = 0; k <= ids.size(); ++k) {
      if (k == ids.size() || st.sentence.size() >= max_len) {
        if (!st.sentence.empty())
          Model::train(sh, st, p, st.sentence.data(), static_cast<int>(st.sentence.size()), static_cast<float>(rate));
        st.sentence.clear();
      }
      if (k == ids.size()) break;
      const auto keep = sh.keep[static_cast<std::size_t>(ids[k])];
      if (keep == 0xFFFFFFFFu || st.rng.next32() < keep) st.sentence.push_back(ids[k]);
    }
  }
}

template <typename Model>
void infer_all(Shared& sh, const std::vector<std::vector<std::string>>& docs, const InferOptions& io, int epochs,
               double lr) {
  const auto n = static_cast<std::int64_t>(docs.size());
#pragma omp parallel num_threads(io.threads)
  {
    ThreadState st(io.seed, sh.input.cols(), sh.max_targets());
#pragma omp for schedule(dynamic, 1)
    for (std::int64_t d = 0; d < n; ++d)
      infer_one<Model>(sh, st, docs[static_cast<std::size_t>(d)], static_cast<std::size_t>(d), io, epochs, lr);
  }
}

template <template <typename> class Model>
void infer_model(Shared& sh, const std::vector<std::vector<std::string>>& docs, const InferOptions& io, int epochs,
                 double lr) {
  if (sh.options.loss == Word2VecLoss::NegativeSampling) return infer_all<Model<NegativeSampling>>(sh, docs, io, epochs, lr);
  if (sh.options.negative == 0) return infer_all<Model<HierarchicalSoftmax>>(sh, docs, io, epochs, lr);
  infer_all<Model<HierarchicalSoftmaxAndNegatives>>(sh, docs, io, epochs, lr);
}

// Copies the first `rows` rows of a model's matrix into m; throws FormatError when it does not fit.
void copy_rows(HogwildMatrix& m, const ParamMatrix& p, std::size_t rows) {
  if (p.cols() != m.cols() || p.rows() < rows)
    throw FormatError(fmt::format("doc2vec model: the '{}' matrix is {} x {}, expected at least {} x {}", p.name, p.rows(),
                                  p.cols(), rows, m.cols()));
  for (std::size_t r = 0; r < rows; ++r) std::memcpy(m.row(r), p.values.data() + r * p.cols(), p.cols() * sizeof(float));
}

}  // namespace

Matrix infer_documents(const Doc2VecModel& model, const std::vector<std::vector<std::string>>& documents,
                       const InferOptions& options) {
  options.validate();
  model.options.validate();
  if (!model.options.documents())
    throw OptionError(fmt::format("infer: needs a dbow or dm model, got {}", to_string(model.options.model)));
  Shared sh(model.vocab, model.options, documents.size());
  sh.frozen = true;
  copy_rows(sh.input, model.input, model.vocab.size());
  copy_rows(sh.output, model.output, sh.output.rows());
  sh.keep = keep_thresholds(model.vocab, model.options.sample);
  if (model.options.loss == Word2VecLoss::HierarchicalSoftmax) build_paths(sh);
  const int epochs = options.epochs > 0 ? options.epochs : model.options.epochs;
  const double lr = options.lr > 0 ? options.lr : model.options.effective_lr();
  if (model.options.model == Word2VecModel::Dbow) infer_model<Dbow>(sh, documents, options, epochs, lr);
  else infer_model<Dm>(sh, documents, options, epochs, lr);
  Matrix out(static_cast<Eigen::Index>(documents.size()), model.options.dim);
  for (std::size_t d = 0; d < documents.size(); ++d)
    std::memcpy(out.row(static_cast<Eigen::Index>(d)).data(), sh.input.row(model.vocab.size() + d),
                static_cast<std::size_t>(model.options.dim) * sizeof(float));
  return out;
}

}  // namespace wordvec
