#include "wordvec/train/glove_trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#if defined(__AVX512F__) || defined(__AVX__)
#include <immintrin.h>
#endif

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/core/random.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "train/hogwild_matrix.hpp"
#include "train/vector_kernels.hpp"

namespace wordvec {

namespace {

using kernels::load;
using kernels::splat;
using kernels::store;
using kernels::Vec;

constexpr float kGradientClip = 100.0f;  // glove.c's grad_clip_value

// 1/sqrt(x), kernels::kLanes lanes: AVX-512's 14-bit estimate; on AVX, the 12-bit estimate and one
// Newton step (about 22 bits); else exact.
inline Vec rsqrt(Vec x) {
#if defined(__AVX512F__) && !defined(GLOVE_EXACT)
  return reinterpret_cast<Vec>(_mm512_maskz_rsqrt14_ps(0xFFFF, reinterpret_cast<__m512>(x)));
#elif defined(__AVX__) && !defined(GLOVE_EXACT)
  static_assert(kernels::kLanes == 8);
  const Vec y = reinterpret_cast<Vec>(_mm256_rsqrt_ps(reinterpret_cast<__m256>(x)));
  return y * (splat(1.5f) - splat(0.5f) * x * y * y);
#else
  Vec r;
  for (std::size_t i = 0; i < kernels::kLanes; ++i) r[i] = 1.0f / std::sqrt(x[i]);
  return r;
#endif
}

inline Vec clamp(Vec x, Vec hi) {
  const Vec lo = -hi;
  x = x > hi ? hi : x;
  return x < lo ? lo : x;
}

// The parameters, shared lock-free by all threads (Hogwild). Each word has one row in `words`
// (W) and one in `contexts` (C); a row holds the vector, the bias and a constant 1, padded to
// `stride` floats, followed by its AdaGrad sums of squared gradients (another `stride` floats),
// so one record touches two adjacent 64-byte-aligned blocks. The slots are arranged so that a
// plain dot product over the padded rows is GloVe's prediction w.c + b_w + b_c:
//   W row: [w_0 .. w_{d-1}, b_w, 1,   0...]
//   C row: [c_0 .. c_{d-1}, 1,   b_c, 0...]
// and the step of each slot is lr f(x) diff times the other row's slot, clipped, times a mask.
//
// Stanford's glove.c (with grad_clip_value) steps a vector component by
//   u = eta * clip(f(x) diff * partner, +-100),  x -= u / sqrt(G),  G += u^2,
// but a bias by f(x) diff / sqrt(G), G += (f(x) diff)^2: without the learning rate and unclipped.
// So the vector slots clip at 100 lr (the clip comes before the learning rate), the bias slots
// (whose partner is the constant 1) are not clipped and have the mask 1/lr, the constants 0.
struct Model {
  std::size_t dim, stride;
  HogwildMatrix words, contexts;
  std::vector<float, Eigen::aligned_allocator<float>> word_mask, context_mask, clip;

  Model(std::size_t vocab_size, std::size_t d, float lr)
      : dim(d), stride(HogwildMatrix::stride_for(d + 2)), words(vocab_size, 2 * stride), contexts(vocab_size, 2 * stride),
        word_mask(stride, 0.0f), context_mask(stride, 0.0f), clip(stride, std::numeric_limits<float>::max()) {
    for (std::size_t k = 0; k < d; ++k) {
      word_mask[k] = context_mask[k] = 1.0f;
      clip[k] = kGradientClip * lr;
    }
    word_mask[d] = 1.0f / lr;         // b_w learns, as in glove.c; its constant partner does not
    context_mask[d + 1] = 1.0f / lr;  // b_c learns
  }

  // Vectors and biases uniform in [-range, range) (Stanford GloVe: range 0.5/dim); AdaGrad sums
  // start at 1.
  void init(float range, std::uint64_t seed) {
    Random rng(seed ^ 0x610e610eULL);
    for (HogwildMatrix* m : {&words, &contexts}) {
      const bool is_words = m == &words;
      for (std::size_t r = 0; r < m->rows(); ++r) {
        float* row = m->row(r);
        for (std::size_t k = 0; k <= dim; ++k) row[k] = rng.symmetric(range);
        if (is_words) {
          row[dim + 1] = 1.0f;
        } else {
          row[dim + 1] = row[dim];  // the bias sits after the constant
          row[dim] = 1.0f;
        }
        std::fill(row + stride, row + 2 * stride, 1.0f);
      }
    }
  }
};

// One AdaGrad step on the pair (W row w, C row c) for a co-occurrence value with logarithm log_x
// and weight f(x). Returns the cost 0.5 f(x) diff^2, or NaN when the prediction is not finite
// (the caller stops).
inline float update(const Model& m, float* w, float* c, float log_x, float weight, float lr) {
  const std::size_t s = m.stride;
  Vec acc = {};
  for (std::size_t k = 0; k < s; k += kernels::kLanes) acc += load(w + k) * load(c + k);
  const float diff = kernels::horizontal_sum(acc) - log_x;
  const float fdiff = weight * diff;
  if (!std::isfinite(diff)) return NAN;
  const Vec g = splat(fdiff * lr);
  const float* wm = m.word_mask.data();
  const float* cm = m.context_mask.data();
  const float* cl = m.clip.data();
  for (std::size_t k = 0; k < s; k += kernels::kLanes) {
    const Vec wv = load(w + k), cv = load(c + k);
    const Vec limit = load(cl + k);
    const Vec gw = clamp(g * cv, limit) * load(wm + k);
    const Vec gc = clamp(g * wv, limit) * load(cm + k);
    const Vec sw = load(w + s + k), sc = load(c + s + k);
    store(w + k, wv - gw * rsqrt(sw));
    store(c + k, cv - gc * rsqrt(sc));
    store(w + s + k, sw + gw * gw);
    store(c + s + k, sc + gc * gc);
  }
  return 0.5f * fdiff * diff;
}

[[noreturn]] void diverged(const Vocab& vocab, const CooccurRecord& r, int epoch) {
  throw DataError(fmt::format(
      "training diverged in epoch {}: the cost became NaN or infinite at the record ({}, {}, {}); "
      "no output written (try a smaller --lr)",
      epoch + 1, vocab.word(r.w1), vocab.word(r.w2), r.value));
}

// Which way pass `pass` of an epoch reads paired record i: a fixed pseudo-random bit, flipped in
// the second pass. So each pass is a random mix of both directions, and a record's two
// directions are far apart in time, as in a shuffle of all directed records, without storing
// the mirrors.
inline bool mirrored(std::size_t i, int pass) {
  return (((static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ULL) >> 63) ^ static_cast<std::uint64_t>(pass)) != 0;
}

// One thread's slice of the records for one epoch: one pass, or two for paired records.
void train_slice(Model& m, const CooccurrenceRecords& records, const Vocab& vocab, const GloveOptions& o,
                 LoopThread& loop) {
  const std::size_t n = records.size();
  const auto t = static_cast<std::size_t>(loop.thread()), threads = static_cast<std::size_t>(loop.threads());
  const std::size_t begin = n * t / threads, end = n * (t + 1) / threads;
  const float log_x_max = static_cast<float>(std::log(o.x_max));
  const auto power = static_cast<float>(o.power);
  const int passes = records.paired() ? 2 : 1;
  double cost = 0.0;
  std::uint64_t pending = 0;
  // The rows of a record are random in ~100 MB of parameters: a cache miss each. Prefetching
  // the rows of a record a few places ahead overlaps those misses with the arithmetic.
  constexpr std::size_t kAhead = 8;
  const std::size_t row_floats = 2 * m.stride;
  auto prefetch = [row_floats](const float* row) {
    for (std::size_t k = 0; k < row_floats; k += 16) __builtin_prefetch(row + k, 1, 3);
  };
  // The second pass reads the (shuffled) slice in a StridedOrder, so a record's second direction
  // comes at an unrelated time rather than in a replay of the first pass: the directed records
  // then follow each other as in glove.c's shuffled file of both directions. (Replaying the first
  // pass, mirrored, cost about a point of analogy accuracy: 28.7% against 29.6% over 5 seeds on
  // enwiki-9m.)
  const std::size_t len = end - begin;
  const StridedOrder second(len);
  auto record_at = [&](int pass, std::size_t visit) { return begin + (pass == 0 ? visit : second(visit)); };
  for (int pass = 0; pass < passes; ++pass) {
    for (std::size_t visit = 0; visit < len; ++visit) {
      if (visit + kAhead < len) {
        const std::size_t ahead = record_at(pass, visit + kAhead);
        const CooccurRecord& a = records[ahead];
        const bool flip = mirrored(ahead, pass);
        prefetch(m.words.row(flip ? a.w2 : a.w1));
        prefetch(m.contexts.row(flip ? a.w1 : a.w2));
        if (pass == 1 && visit + 2 * kAhead < len) __builtin_prefetch(&records[record_at(pass, visit + 2 * kAhead)]);
      }
      const std::size_t i = record_at(pass, visit);
      const CooccurRecord& r = records[i];
      if (pass == 1 && r.w1 == r.w2) continue;  // the diagonal has no mirror
      const bool flip = passes == 2 && mirrored(i, pass);
      const float log_x = std::log(r.value);
      const float weight = log_x >= log_x_max ? 1.0f : std::exp(power * (log_x - log_x_max));
      const float step = update(m, m.words.row(flip ? r.w2 : r.w1), m.contexts.row(flip ? r.w1 : r.w2), log_x,
                                weight, loop.lr());
      if (!std::isfinite(step)) diverged(vocab, r, loop.epoch());
      cost += step;
      if (++pending == 8192) {
        loop.add_loss(cost, pending);
        loop.advance(pending);
        cost = 0.0;
        pending = 0;
      }
    }
  }
  loop.add_loss(cost, pending);
  loop.advance(pending);
  loop.flush();
}

// Deterministic GloVe (DSGD, Gemulla et al. 2011): words fall into kStrata strata (id mod
// kStrata, so the frequent words spread over all of them); directed record (W row a, C row b)
// belongs to cell (stratum a, stratum b). A round trains the kStrata cells (i, i + d mod kStrata)
// at once: no two share a W row or a C row, so they run in parallel without races and without
// copies, each in its fixed order, and the result cannot depend on the threads. An epoch is
// kStrata rounds, one per offset d, in an order drawn per epoch from the seed.
constexpr std::uint32_t kStrata = 16;

// Each cell's directed records as (record index << 1 | mirrored): first every record's direction
// for the first pass, then (paired records) the other directions, so a record's two directions
// are far apart in time, as in train_slice.
std::vector<std::vector<std::uint64_t>> build_cells(const CooccurrenceRecords& records) {
  std::vector<std::vector<std::uint64_t>> cells(kStrata * kStrata);
  const int passes = records.paired() ? 2 : 1;
  for (int pass = 0; pass < passes; ++pass)
    for (std::size_t i = 0; i < records.size(); ++i) {
      const CooccurRecord& r = records[i];
      if (pass == 1 && r.w1 == r.w2) continue;
      const bool flip = passes == 2 && mirrored(i, pass);
      const std::uint32_t a = flip ? r.w2 : r.w1, b = flip ? r.w1 : r.w2;
      cells[(a % kStrata) * kStrata + b % kStrata].push_back((static_cast<std::uint64_t>(i) << 1) | (flip ? 1u : 0u));
    }
  return cells;
}

// The offsets of an epoch's rounds, a permutation of 0..kStrata-1 drawn from the seed.
std::vector<std::uint32_t> round_offsets(std::uint64_t seed, int epoch) {
  std::vector<std::uint32_t> d(kStrata);
  for (std::uint32_t k = 0; k < kStrata; ++k) d[k] = k;
  Random rng(seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(epoch) + 29);
  for (std::uint32_t k = kStrata - 1; k > 0; --k) std::swap(d[k], d[rng.below(k + 1)]);
  return d;
}

void train_cell(Model& m, const CooccurrenceRecords& records, const std::vector<std::uint64_t>& cell,
                const Vocab& vocab, const GloveOptions& o, LoopThread& loop) {
  const float log_x_max = static_cast<float>(std::log(o.x_max));
  const auto power = static_cast<float>(o.power);
  double cost = 0.0;
  std::uint64_t pending = 0;
  constexpr std::size_t kAhead = 8;
  const std::size_t row_floats = 2 * m.stride;
  auto prefetch = [row_floats](const float* row) {
    for (std::size_t k = 0; k < row_floats; k += 16) __builtin_prefetch(row + k, 1, 3);
  };
  for (std::size_t v = 0; v < cell.size(); ++v) {
    if (v + kAhead < cell.size()) {
      const std::uint64_t ahead = cell[v + kAhead];
      const CooccurRecord& a = records[ahead >> 1];
      prefetch(m.words.row((ahead & 1) ? a.w2 : a.w1));
      prefetch(m.contexts.row((ahead & 1) ? a.w1 : a.w2));
      // A cell visits its records in index order but far apart: fetch the record itself earlier still.
      if (v + 2 * kAhead < cell.size()) __builtin_prefetch(&records[cell[v + 2 * kAhead] >> 1]);
    }
    const CooccurRecord& r = records[cell[v] >> 1];
    const bool flip = (cell[v] & 1) != 0;
    const float log_x = std::log(r.value);
    const float weight = log_x >= log_x_max ? 1.0f : std::exp(power * (log_x - log_x_max));
    const float step = update(m, m.words.row(flip ? r.w2 : r.w1), m.contexts.row(flip ? r.w1 : r.w2), log_x,
                              weight, loop.lr());
    if (!std::isfinite(step)) diverged(vocab, r, loop.epoch());
    cost += step;
    if (++pending == 8192) {
      loop.add_loss(cost, pending);
      loop.advance(pending);
      cost = 0.0;
      pending = 0;
    }
  }
  loop.add_loss(cost, pending);
  loop.advance(pending);
}

// The model as a state: the padded rows whole (vector, bias, constant, AdaGrad's sums).
// W + C, GloVe's -model 2.
Matrix word_vectors(const Model& model, std::size_t words) {
  Matrix out(static_cast<Eigen::Index>(words), static_cast<Eigen::Index>(model.dim));
  for (std::size_t r = 0; r < words; ++r) {
    const float* w = model.words.row(r);
    const float* c = model.contexts.row(r);
    for (std::size_t k = 0; k < model.dim; ++k) out(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(k)) = w[k] + c[k];
  }
  return out;
}

TrainState snapshot(const Model& model, const LoopState& state) {
  TrainState ts;
  ts.loop = state;
  ts.params.push_back(param_of(model.words, "words"));
  ts.params.push_back(param_of(model.contexts, "contexts"));
  ts.vectors = word_vectors(model, model.words.rows());
  return ts;
}

// Hogwild checkpoints: at epoch ends, where the threads meet.
TrainingLoop::RoundHook glove_epoch_hook(const Model& model, const Checkpointing& cp) {
  if (!cp.due || !cp.save) return {};
  return [&model, &cp](const LoopState& state, bool stopping) {
    if (cp.due(state, stopping)) cp.save(snapshot(model, state));
  };
}

TrainingSummary train_rounds(Model& model, const CooccurrenceRecords& records, const Vocab& vocab,
                             const GloveOptions& options, TrainingLoop& loop, const Checkpointing& cp) {
  const auto cells = build_cells(records);
  RoundPlan plan;
  plan.blocks = kStrata * kStrata;  // block = round * kStrata + stratum of the W rows
  plan.per_round = kStrata;
  return loop.run_rounds(
      plan,
      [&](LoopThread& thread, std::uint64_t block, std::size_t) {
        const auto round = static_cast<std::uint32_t>(block / kStrata), i = static_cast<std::uint32_t>(block % kStrata);
        const std::uint32_t j = (i + round_offsets(options.seed, thread.epoch())[round]) % kStrata;
        train_cell(model, records, cells[i * kStrata + j], vocab, options, thread);
      },
      [](std::size_t, int, int) {},  // the cells of a round share no row: nothing to merge
      [&](const LoopState& state, bool stopping) {
        if (cp.due && cp.save && cp.due(state, stopping)) cp.save(snapshot(model, state));
      },
      cp.resume ? cp.resume->loop : LoopState{});
}

}  // namespace

Embeddings train_glove(CooccurrenceRecords& records, const Vocab& vocab, const GloveOptions& options,
                       const ProgressCallback& progress, TrainingSummary* summary, const Checkpointing& cp) {
  options.validate();
  if (vocab.empty()) throw DataError("glove: the vocabulary is empty");
  if (records.empty()) throw DataError("glove: there are no co-occurrence records to train on");
  const auto dim = static_cast<std::size_t>(options.dim);
  Model model(vocab.size(), dim, static_cast<float>(options.lr));
  model.init(static_cast<float>(options.effective_init_range()), options.seed);
  if (cp.resume) {
    restore(model.words, *cp.resume, "words");
    restore(model.contexts, *cp.resume, "contexts");
  }
  Random rng(options.seed * 0x9E3779B97F4A7C15ULL + 17);
  records.shuffle(rng);

  LoopOptions loop_options;
  loop_options.threads = options.threads;
  loop_options.cancel = options.cancel;
  loop_options.epochs = options.epochs;
  loop_options.lr = options.lr;
  loop_options.decay = false;  // AdaGrad adapts the step itself
  loop_options.stage = ProgressStage::Glove;
  if (cp.epoch_end)
    loop_options.epoch_end = [&](int epoch) { return cp.epoch_end(word_vectors(model, vocab.size()), epoch); };
  TrainingLoop loop(loop_options, records.directed_size(), progress);
  const TrainingSummary result =
      options.deterministic ? train_rounds(model, records, vocab, options, loop, cp)
                            : loop.run([&](LoopThread& thread) { train_slice(model, records, vocab, options, thread); },
                                       glove_epoch_hook(model, cp), cp.resume ? cp.resume->loop : LoopState{});
  require_converging(result, 0.0, "cost");
  if (cp.final) {
    LoopState end;
    end.epoch = options.epochs;
    end.units_done = result.units;
    end.fraction = 1.0;
    cp.final(snapshot(model, end));
  }

  Embeddings emb(vocab, word_vectors(model, vocab.size()));
  emb.metadata()["model"] = "glove";
  emb.metadata()["dim"] = std::to_string(options.dim);
  emb.metadata()["window"] = std::to_string(options.window);
  emb.metadata()["x_max"] = fmt::format("{}", options.x_max);
  emb.metadata()["power"] = fmt::format("{}", options.power);
  emb.metadata()["epochs"] = std::to_string(options.epochs);
  emb.metadata()["lr"] = fmt::format("{}", options.lr);
  emb.metadata()["init_range"] = fmt::format("{}", options.effective_init_range());
  emb.metadata()["seed"] = std::to_string(options.seed);
  if (options.deterministic) emb.metadata()["deterministic"] = std::to_string(1);
  emb.metadata()["records"] = std::to_string(records.directed_size());
  if (!result.epoch_loss.empty()) emb.metadata()["final_loss"] = fmt::format("{:.6f}", result.epoch_loss.back());
  if (summary) *summary = result;
  return emb;
}

}  // namespace wordvec
