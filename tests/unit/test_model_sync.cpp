// Distributed training without MPI: an in-process cluster whose ranks are threads runs the
// vocabulary merge and the model averaging the MPI ranks run.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <barrier>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "wordvec/core/cluster.hpp"
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

TEST_CASE("model synchronisation keeps every rank's updates and ends with identical replicas", "[distributed]") {
  // Each rank adds (rank + 1) to every entry once per epoch of one thread. Synchronisation adds up
  // every rank's changes, so at the end every replica holds all of them: epochs * (1 + 2).
  constexpr std::size_t kRows = 3000, kCols = 8;
  constexpr int kEpochs = 4;
  std::vector<std::vector<float>> models(2, std::vector<float>(kRows * kCols, 0.0f));
  std::vector<SyncStats> stats(2);
  std::vector<std::uint64_t> units(2);
  on_ranks(2, [&](Cluster& cluster) {
    auto& model = models[static_cast<std::size_t>(cluster.rank())];
    SyncOptions sync;
    sync.every_words = 1000;
    sync.tier_rows = 100;
    ModelSync ms(cluster, {SyncedMatrix{model.data(), kRows, kCols, kCols}}, sync, 1);
    LoopOptions loop;
    loop.epochs = kEpochs;
    loop.sync = &ms;
    TrainingLoop training(loop, 20000);
    const auto summary = training.run([&](LoopThread& t) {
      for (std::size_t r = 0; r < kRows; ++r) {
        for (std::size_t c = 0; c < kCols; ++c) model[r * kCols + c] += static_cast<float>(cluster.rank() + 1);
        t.advance(10000 / kRows + 1);
        if (r % 100 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    });
    stats[static_cast<std::size_t>(cluster.rank())] = ms.stats();
    units[static_cast<std::size_t>(cluster.rank())] = summary.units;
  });
  CHECK(models[0] == models[1]);
  // The averaging thread and the training thread update rows at once without locks (Hogwild), so
  // an entry may lose an update on a rare race; nearly all must hold the exact sum.
  std::size_t exact = 0;
  for (const float v : models[0]) exact += v == Approx(kEpochs * 3.0f).epsilon(1e-5) ? 1 : 0;
  CHECK(exact >= models[0].size() * 99 / 100);
  CHECK(stats[0].rounds >= 2);  // how many depends on timing: the load of the machine
  CHECK(stats[0].full_rounds >= 1);
  CHECK(stats[0].bytes_sent > kRows * kCols * sizeof(float));
  // Both ranks count the words of both.
  CHECK(units[0] == 2 * kEpochs * kRows * (10000 / kRows + 1));
  CHECK(units[1] == units[0]);
}

}  // namespace wordvec
