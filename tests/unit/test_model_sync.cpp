// Distributed training without MPI: an in-process cluster whose ranks are threads runs the
// vocabulary merge and the model averaging the MPI ranks run.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <barrier>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "wordvec/core/cluster.hpp"
#include "wordvec/core/half_float.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/distributed/distributed_vocab.hpp"
#include "wordvec/train/model_sync.hpp"
#include "wordvec/train/training_loop.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {
namespace {

// Ranks as threads: every collective call meets at a barrier, reads everybody's input, meets again.
struct Meeting {
  explicit Meeting(int n) : ranks(n), barrier(n), inputs(static_cast<std::size_t>(n)) {}
  int ranks;
  std::barrier<> barrier;
  std::vector<const void*> inputs;
};

class ThreadCluster final : public Cluster {
 public:
  ThreadCluster(Meeting& m, int rank) : m_(m), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return m_.ranks; }
  void allreduce_sum(const float* in, float* out, std::size_t n, const std::atomic<bool>*) override {
    combine(in, out, n, [](float a, float b) { return a + b; });
  }
  void allreduce_sum_half(const std::uint16_t* in, std::uint16_t* out, std::size_t n,
                          const std::atomic<bool>*) override {
    combine(in, out, n, [](std::uint16_t a, std::uint16_t b) { return to_half(from_half(a) + from_half(b)); });
  }
  void allreduce_sum(const double* in, double* out, std::size_t n, const std::atomic<bool>*) override {
    combine(in, out, n, [](double a, double b) { return a + b; });
  }
  void allreduce_sum(const std::uint64_t* in, std::uint64_t* out, std::size_t n, const std::atomic<bool>*) override {
    combine(in, out, n, [](std::uint64_t a, std::uint64_t b) { return a + b; });
  }
  void allreduce_min(const std::uint64_t* in, std::uint64_t* out, std::size_t n, const std::atomic<bool>*) override {
    combine(in, out, n, [](std::uint64_t a, std::uint64_t b) { return std::min(a, b); });
  }
  std::vector<std::string> allgather(const std::string& bytes) override {
    m_.inputs[static_cast<std::size_t>(rank_)] = &bytes;
    m_.barrier.arrive_and_wait();
    std::vector<std::string> out;
    for (const void* p : m_.inputs) out.push_back(*static_cast<const std::string*>(p));
    m_.barrier.arrive_and_wait();
    return out;
  }
  void broadcast(float* data, std::size_t n, int root) override {
    m_.inputs[static_cast<std::size_t>(rank_)] = data;
    m_.barrier.arrive_and_wait();
    if (rank_ != root) std::memcpy(data, m_.inputs[static_cast<std::size_t>(root)], n * sizeof(float));
    m_.barrier.arrive_and_wait();
  }

 private:
  template <typename T, typename Op>
  void combine(const T* in, T* out, std::size_t n, Op op) {
    m_.inputs[static_cast<std::size_t>(rank_)] = in;
    m_.barrier.arrive_and_wait();
    for (std::size_t i = 0; i < n; ++i) {
      T acc = static_cast<const T*>(m_.inputs[0])[i];
      for (std::size_t r = 1; r < m_.inputs.size(); ++r) acc = op(acc, static_cast<const T*>(m_.inputs[r])[i]);
      out[i] = acc;
    }
    count_sent(n * sizeof(T));
    m_.barrier.arrive_and_wait();
  }
  Meeting& m_;
  int rank_;
};

// Runs fn(cluster) on `ranks` threads at once.
template <typename Fn>
void on_ranks(int ranks, Fn fn) {
  Meeting meeting(ranks);
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r)
    threads.emplace_back([&, r] {
      ThreadCluster cluster(meeting, r);
      fn(cluster);
    });
  for (auto& t : threads) t.join();
}

}  // namespace

TEST_CASE("the vocabulary counted by 2 and 3 ranks is the one counted by one process", "[distributed]") {
  test::TempDir dir("dvocab");
  const auto path = dir.path / "corpus.txt";
  {
    std::ofstream out(path);
    std::uint32_t x = 12345;
    for (int line = 0; line < 3000; ++line) {
      for (int k = 0; k < 1 + line % 17; ++k) {
        x = x * 1664525u + 1013904223u;
        out << (k ? " " : "") << "w" << ((x >> 16) % 1000) * ((x >> 6) % 1000) / 1000;
      }
      out << "\n";
    }
  }
  VocabOptions options;
  options.min_count = 2;
  options.threads = 2;
  Corpus whole = Corpus::open(path.string());
  const Vocab one = build_vocab(whole, options);
  REQUIRE(one.size() > 100);
  for (int ranks : {2, 3}) {
    std::vector<Vocab> got(static_cast<std::size_t>(ranks));
    on_ranks(ranks, [&](Cluster& cluster) {
      Corpus part = open_rank_corpus(path.string(), cluster);
      got[static_cast<std::size_t>(cluster.rank())] = build_vocab(part, options, cluster);
    });
    for (const auto& v : got) {
      CHECK(v.words() == one.words());
      CHECK(v.counts() == one.counts());
    }
  }
}

namespace {

constexpr std::size_t kRows = 3000, kCols = 8;
constexpr int kEpochs = 4;

// What two ranks hold after kEpochs epochs of one thread each, 48,000 words, synchronised as `sync`
// says: in every epoch each rank adds change(rank, column) to every entry, one row after another.
struct SyncRun {
  std::vector<std::vector<float>> models = std::vector<std::vector<float>>(2, std::vector<float>(kRows * kCols, 0.0f));
  std::vector<SyncStats> stats = std::vector<SyncStats>(2);
  std::vector<std::uint64_t> units = std::vector<std::uint64_t>(2);
};

template <typename Change>
SyncRun run_sync(SyncOptions sync, Change change) {
  SyncRun out;
  on_ranks(2, [&](Cluster& cluster) {
    const auto rank = static_cast<std::size_t>(cluster.rank());
    auto& model = out.models[rank];
    ModelSync ms(cluster, {StridedMatrixRef(model.data(), kRows, kCols, Eigen::OuterStride<>(kCols))}, sync, 1);
    LoopOptions loop;
    loop.epochs = kEpochs;
    loop.sync = &ms;
    TrainingLoop training(loop, 20000);
    const auto summary = training.run([&](LoopThread& t) {
      for (std::size_t r = 0; r < kRows; ++r) {
        for (std::size_t c = 0; c < kCols; ++c) model[r * kCols + c] += change(cluster.rank(), c);
        t.advance(10000 / kRows + 1);
        if (r % 100 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    });
    out.stats[rank] = ms.stats();
    out.units[rank] = summary.units;
  });
  return out;
}

// The share of the entries that hold `expected`. The averaging thread and the training thread
// update rows at once without locks (Hogwild), so an entry may lose an update on a rare race.
double share_equal(const std::vector<float>& model, float expected, double epsilon) {
  std::size_t exact = 0;
  for (const float v : model) exact += v == Approx(expected).epsilon(epsilon) ? 1 : 0;
  return static_cast<double>(exact) / static_cast<double>(model.size());
}

}  // namespace

TEST_CASE("model synchronisation averages the replicas and ends with identical ones", "[distributed]") {
  // Rank 0 moves every entry by 1 per epoch, rank 1 by 3: the replicas end at the mean, 2 per epoch,
  // with the float32 or float16 messages (whose rounding errors these small integers avoid).
  for (const bool half : {false, true}) {
    SyncOptions sync;
    sync.every_words = 1000;
    sync.tier_rows = 100;
    sync.half_wire = half;
    const auto run = run_sync(sync, [](int rank, std::size_t) { return rank == 0 ? 1.0f : 3.0f; });
    CHECK(run.models[0] == run.models[1]);
    CHECK(share_equal(run.models[0], kEpochs * 2.0f, 1e-5) >= 0.99);
    CHECK(run.stats[0].rounds >= 2);  // how many depends on timing: the load of the machine
    CHECK(run.stats[0].full_rounds >= 1);
    // Every round sends at least the first 100 rows, the final one all rows (4 or 2 bytes a value).
    const std::size_t bytes = half ? 2 : 4;
    CHECK(run.stats[0].bytes_sent > kRows * kCols * bytes + run.stats[0].rounds * 100 * kCols * bytes);
    // Both ranks count the words of both.
    CHECK(run.units[0] == 2 * kEpochs * kRows * (10000 / kRows + 1));
    CHECK(run.units[1] == run.units[0]);
  }
}

TEST_CASE("checkpoints of a distributed run stop every rank at epoch ends where the replicas agree and a resume goes on", "[distributed]") {
  // Rank 0 moves every entry by 1 per epoch and adds a loss of 1 per row, rank 1 by 3 and 2.
  constexpr std::uint64_t kUnits = 10000 / kRows + 1;
  const auto work = [](Cluster& cluster, std::vector<float>& model) {
    return [&cluster, &model](LoopThread& t) {
      for (std::size_t r = 0; r < kRows; ++r) {
        for (std::size_t c = 0; c < kCols; ++c) model[r * kCols + c] += cluster.rank() == 0 ? 1.0f : 3.0f;
        t.advance(kUnits);
        t.add_loss(cluster.rank() == 0 ? 1.0 : 2.0, 1);
        if (r % 100 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    };
  };
  SyncOptions sync;
  sync.every_words = 1000;
  sync.tier_rows = 100;
  std::vector<std::vector<std::vector<float>>> seen(2);
  std::vector<std::vector<LoopState>> states(2);
  on_ranks(2, [&](Cluster& cluster) {
    const auto rank = static_cast<std::size_t>(cluster.rank());
    std::vector<float> model(kRows * kCols, 0.0f);
    ModelSync ms(cluster, {StridedMatrixRef(model.data(), kRows, kCols, Eigen::OuterStride<>(kCols))}, sync, 1);
    LoopOptions loop;
    loop.epochs = kEpochs;
    loop.sync = &ms;
    TrainingLoop training(loop, 20000);
    training.run(work(cluster, model), [&](const LoopState& s, bool) {
      seen[rank].push_back(model);
      states[rank].push_back(s);
    }, {});
  });
  // At every epoch end but the last (the end of the run): every row averaged, the same on both ranks,
  // and the state is the job's: both ranks' units and loss sums.
  REQUIRE(seen[0].size() == kEpochs - 1);
  REQUIRE(seen[1].size() == kEpochs - 1);
  for (std::size_t e = 0; e + 1 < kEpochs; ++e) {
    CHECK(seen[0][e] == seen[1][e]);
    CHECK(share_equal(seen[0][e], static_cast<float>(e + 1) * 2.0f, 1e-5) >= 0.99);
    CHECK(states[0][e].epoch == static_cast<int>(e) + 1);
    CHECK(states[0][e].units_done == 2 * (e + 1) * kRows * kUnits);
    CHECK(states[1][e].units_done == states[0][e].units_done);
    CHECK(states[0][e].loss_sum[0] == Approx(3.0 * kRows));
    CHECK(states[0][e].loss_terms[0] == 2 * kRows);
  }
  // Resumed from the first epoch end on both ranks: the job ends where an uninterrupted one does,
  // counting the saved epoch's units and loss once.
  on_ranks(2, [&](Cluster& cluster) {
    std::vector<float> model = seen[0][0];
    ModelSync ms(cluster, {StridedMatrixRef(model.data(), kRows, kCols, Eigen::OuterStride<>(kCols))}, sync, 1);
    LoopOptions loop;
    loop.epochs = kEpochs;
    loop.sync = &ms;
    TrainingLoop training(loop, 20000);
    const auto summary = training.run(work(cluster, model), [](const LoopState&, bool) {}, states[0][0]);
    CHECK(summary.units == 2 * kEpochs * kRows * kUnits);
    CHECK(summary.resumed_at == Approx(1.0 / kEpochs));
    REQUIRE(summary.epoch_loss.size() == kEpochs);
    CHECK(summary.epoch_loss[0] == Approx(1.5));
    CHECK(summary.epoch_loss[kEpochs - 1] == Approx(1.5));
    CHECK(share_equal(model, kEpochs * 2.0f, 1e-5) >= 0.99);
  });
}

TEST_CASE("float16 messages carry the changes to half precision", "[distributed]") {
  // Changes of 1/3 per epoch on rank 0 and 0 on rank 1, averaged through float16 rounds: within
  // float16's 2^-11 of the exact kEpochs / 6 per entry, and not exactly it (the rounding happened).
  SyncOptions sync;
  sync.every_words = 1000;
  sync.half_wire = true;
  const auto run = run_sync(sync, [](int rank, std::size_t) { return rank == 0 ? 1.0f / 3.0f : 0.0f; });
  CHECK(run.models[0] == run.models[1]);
  CHECK(share_equal(run.models[0], kEpochs / 6.0f, 2e-3) >= 0.99);
  CHECK(share_equal(run.models[0], kEpochs / 6.0f, 1e-6) < 0.5);
}

TEST_CASE("float16 conversion rounds to nearest and keeps the exact values", "[distributed]") {
  for (const float x : {0.0f, 1.0f, -2.5f, 65504.0f, 0.000061035156f})
    CHECK(from_half(to_half(x)) == x);
  CHECK(from_half(to_half(1.0f / 3.0f)) == Approx(1.0f / 3.0f).epsilon(1.0 / 2048));
  CHECK(std::isinf(from_half(to_half(1e6f))));
  CHECK(to_half(1.0f) == 0x3C00);
}

}  // namespace wordvec
