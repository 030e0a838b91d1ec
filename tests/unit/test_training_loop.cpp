// TrainingLoop: learning-rate schedule, per-epoch loss, errors from workers, progress reports.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/progress.hpp"
#include "wordvec/train/training_loop.hpp"

using namespace wordvec;

TEST_CASE("TrainingLoop lr decays linearly from lr to lr * min_lr_ratio", "[training_loop]") {
  LoopOptions o;
  o.lr = 0.05;
  o.epochs = 4;
  const std::uint64_t per_epoch = 1'000'000;
  const TrainingLoop loop(o, per_epoch);
  const double total = static_cast<double>(per_epoch * 4);
  CHECK(loop.lr_at(0) == Approx(0.05).epsilon(1e-6));
  for (double share : {0.1, 0.25, 0.5, 0.75, 0.9}) {
    const auto done = static_cast<std::uint64_t>(share * total);
    INFO("share " << share);
    CHECK(loop.lr_at(done) == Approx(0.05 * (1.0 - share)).epsilon(1e-4));
  }
  // At the end the floor of lr * 1e-4 holds, and nothing goes below it.
  CHECK(loop.lr_at(per_epoch * 4) == Approx(0.05 * 1e-4).epsilon(1e-3));
  CHECK(loop.lr_at(per_epoch * 8) == Approx(0.05 * 1e-4).epsilon(1e-3));
  // Linear: equal steps lose equal amounts.
  const double d1 = loop.lr_at(1'000'000) - loop.lr_at(1'500'000);
  const double d2 = loop.lr_at(2'500'000) - loop.lr_at(3'000'000);
  CHECK(d1 == Approx(d2).epsilon(1e-4));
  CHECK(d1 > 0.0);
}

TEST_CASE("TrainingLoop min_lr_ratio sets the floor", "[training_loop]") {
  LoopOptions o;
  o.lr = 1.0;
  o.epochs = 1;
  o.min_lr_ratio = 0.2;
  const TrainingLoop loop(o, 1000);
  CHECK(loop.lr_at(500) == Approx(0.5).epsilon(1e-2));
  CHECK(loop.lr_at(900) == Approx(0.2));
  CHECK(loop.lr_at(1000) == Approx(0.2));
}

TEST_CASE("TrainingLoop lr is constant without decay", "[training_loop]") {
  LoopOptions o;
  o.lr = 0.05;
  o.epochs = 3;
  o.decay = false;
  TrainingLoop loop(o, 100000);
  for (std::uint64_t done : {0ull, 1000ull, 150000ull, 300000ull, 1000000ull}) CHECK(loop.lr_at(done) == 0.05f);

  std::vector<float> seen;
  loop.run([&](LoopThread& t) {
    for (int i = 0; i < 100; ++i) {
      t.advance(1000);
      seen.push_back(t.lr());
    }
  });
  REQUIRE(seen.size() == 300);
  for (const float lr : seen) CHECK(lr == 0.05f);
}

TEST_CASE("TrainingLoop threads see the decaying lr while they work", "[training_loop]") {
  LoopOptions o;
  o.lr = 0.1;
  o.epochs = 2;
  o.threads = 1;
  TrainingLoop loop(o, 200000);
  std::vector<float> seen;
  std::vector<int> epochs;
  const auto summary = loop.run([&](LoopThread& t) {
    CHECK(t.thread() == 0);
    CHECK(t.threads() == 1);
    epochs.push_back(t.epoch());
    for (int i = 0; i < 200; ++i) {
      t.advance(1000);
      seen.push_back(t.lr());
    }
  });
  CHECK(epochs == std::vector<int>{0, 1});
  CHECK(summary.units == 400000);
  REQUIRE(seen.size() == 400);
  CHECK(seen.front() == Approx(0.1).epsilon(0.01));
  // Refreshed every 10000 units: non-increasing, halfway at half the work, near the floor at the end.
  bool non_increasing = true;
  for (std::size_t i = 1; i < seen.size(); ++i) non_increasing = non_increasing && seen[i] <= seen[i - 1];
  CHECK(non_increasing);
  CHECK(seen[199] == Approx(0.05).margin(0.004));
  CHECK(seen.back() < 0.004f);
  CHECK(seen.back() == Approx(0.1 * 1e-4).epsilon(1e-3));
}

TEST_CASE("TrainingLoop per-epoch loss is the mean of what add_loss got", "[training_loop]") {
  LoopOptions o;
  o.threads = 2;
  o.epochs = 3;
  TrainingLoop loop(o, 1000);
  const auto summary = loop.run([](LoopThread& t) {
    // Thread t in epoch e adds loss (e + 1) * 10 + t per term, in several pieces.
    const double per_term = (t.epoch() + 1) * 10.0 + t.thread();
    const std::uint64_t terms = t.thread() == 0 ? 30 : 10;
    for (int k = 0; k < 3; ++k) t.add_loss(per_term * static_cast<double>(terms), terms);
    t.advance(500);
  });
  REQUIRE(summary.epoch_loss.size() == 3);
  for (int e = 0; e < 3; ++e) {
    // Weighted by terms: thread 0 has 90 terms at (e+1)*10, thread 1 has 30 at (e+1)*10 + 1.
    const double want = (90.0 * (e + 1) * 10.0 + 30.0 * ((e + 1) * 10.0 + 1.0)) / 120.0;
    CHECK(summary.epoch_loss[static_cast<std::size_t>(e)] == Approx(want).epsilon(1e-12));
  }
  CHECK(summary.units == 3000);
}

TEST_CASE("TrainingLoop epoch without loss terms reports 0", "[training_loop]") {
  LoopOptions o;
  o.epochs = 2;
  TrainingLoop loop(o, 10);
  const auto summary = loop.run([](LoopThread& t) {
    if (t.epoch() == 1) t.add_loss(6.0, 3);
    t.advance(10);
  });
  REQUIRE(summary.epoch_loss.size() == 2);
  CHECK(summary.epoch_loss[0] == 0.0);
  CHECK(summary.epoch_loss[1] == Approx(2.0));
}

TEST_CASE("TrainingLoop rethrows a worker's exception and stops the other threads", "[training_loop]") {
  LoopOptions o;
  o.threads = 2;
  o.epochs = 1000;
  TrainingLoop loop(o, 1'000'000);
  std::atomic<bool> thrower_ran{false};
  std::atomic<bool> other_timed_out{false};
  std::atomic<int> later_epochs{0};
  const auto start = std::chrono::steady_clock::now();
  try {
    loop.run([&](LoopThread& t) {
      if (t.epoch() > 0) ++later_epochs;
      // The last thread fails, so the first slot holds the Cancelled that stopped thread 0.
      if (t.thread() == 1) {
        thrower_ran = true;
        throw std::runtime_error("worker 1 failed");
      }
      // The other thread works until the loop stops it through advance()'s flush.
      while (std::chrono::steady_clock::now() - start < std::chrono::seconds(10)) t.advance(10000);
      other_timed_out = true;
    });
    FAIL("run() returned normally");
  } catch (const Cancelled&) {
    FAIL("run() threw Cancelled instead of the worker's own error");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) == "worker 1 failed");
  }
  CHECK(thrower_ran);
  CHECK_FALSE(other_timed_out);
  // Thread 1 never gets past epoch 0; thread 0 stopped long before 1000 epochs.
  CHECK(later_epochs < 100);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("TrainingLoop rethrows library errors with their type", "[training_loop]") {
  LoopOptions o;
  o.threads = 2;
  o.epochs = 2;
  TrainingLoop loop(o, 100);
  CHECK_THROWS_AS(loop.run([](LoopThread& t) {
    t.advance(10);
    if (t.thread() == 1 && t.epoch() == 1) throw DataError("bad data in shard 1");
  }), DataError);
}

TEST_CASE("TrainingLoop progress ends with a finished report at fraction 1", "[training_loop]") {
  LoopOptions o;
  o.threads = 2;
  o.epochs = 2;
  o.stage = ProgressStage::Glove;  // not the default
  std::mutex mutex;
  std::vector<Progress> reports;
  TrainingLoop loop(o, 40000, [&](const Progress& p) {
    std::lock_guard<std::mutex> lock(mutex);
    reports.push_back(p);
  });
  loop.run([](LoopThread& t) {
    for (int i = 0; i < 20; ++i) {
      t.add_loss(0.5, 1);
      t.advance(1000);
    }
  });
  REQUIRE_FALSE(reports.empty());
  const auto& last = reports.back();
  CHECK(last.finished);
  CHECK(last.fraction == 1.0);
  CHECK(last.stage == ProgressStage::Glove);
  CHECK(last.done == 80000);
  CHECK(last.total == 80000);
  CHECK(last.epochs == 2);
  CHECK(last.epoch == 2);
  CHECK(last.loss == Approx(0.5));
  int finished = 0;
  for (const auto& p : reports) {
    finished += p.finished ? 1 : 0;
    CHECK(p.fraction >= 0.0);
    CHECK(p.fraction <= 1.0);
  }
  CHECK(finished == 1);
}

TEST_CASE("TrainingLoop refuses zero threads or epochs", "[training_loop]") {
  LoopOptions o;
  o.threads = 0;
  CHECK_THROWS_AS(TrainingLoop(o, 10), OptionError);
  o.threads = 1;
  o.epochs = 0;
  CHECK_THROWS_AS(TrainingLoop(o, 10), OptionError);
}

namespace {
// A toy model for run_rounds: one float per block slot, merged in slot order into `value`;
// each block adds to its slot a value that depends on the block, the epoch and the lr it saw.
struct ToyModel {
  double value = 1.0;
  std::vector<double> slots = std::vector<double>(4, 0.0);
  TrainingLoop::BlockWork work() {
    return [this](LoopThread& t, std::uint64_t block, std::size_t slot) {
      slots[slot] = value * 1e-3 * static_cast<double>(block + 1) + t.lr() * static_cast<double>(t.epoch() + 1);
      t.add_loss(0.1 * static_cast<double>(block), 1);
      t.advance(100);
    };
  }
  TrainingLoop::RoundMerge merge() {
    return [this](std::size_t n, int thread, int) {
      if (thread != 0) return;  // one float: thread 0 owns it
      for (std::size_t j = 0; j < n; ++j) value += slots[j];
    };
  }
};
}  // namespace

TEST_CASE("TrainingLoop::run_rounds: same result for any thread count; a run resumed from a round's state ends the same",
          "[training_loop][deterministic]") {
  LoopOptions o;
  o.epochs = 3;
  const RoundPlan plan{10, 4};  // rounds of 4, 4, 2 blocks
  auto run = [&](int threads) {
    o.threads = threads;
    TrainingLoop loop(o, 1000);
    ToyModel m;
    std::vector<LoopState> states;
    const auto summary = loop.run_rounds(plan, m.work(), m.merge(), [&](const LoopState& s, bool) { states.push_back(s); });
    return std::make_tuple(m.value, summary, states);
  };
  const auto [v1, s1, states] = run(1);
  REQUIRE(states.size() == 9);  // 3 rounds per epoch
  CHECK(states[2].epoch == 1);
  CHECK(states[2].next_block == 0);
  CHECK(states[1].next_block == 8);
  CHECK(s1.units == 3000);
  for (const int threads : {2, 3, 7}) {
    const auto [v, s, st] = run(threads);
    CHECK(v == v1);
    CHECK(s.epoch_loss == s1.epoch_loss);
  }
  // Resume after round 4 (epoch 1, block 4) from a model that holds that round's value.
  o.threads = 2;
  double value_after_4 = 0.0;
  {
    TrainingLoop loop(o, 1000);
    ToyModel m;
    int rounds = 0;
    CHECK_THROWS_AS(loop.run_rounds(plan, m.work(), m.merge(),
                                    [&](const LoopState&, bool) {
                                      if (++rounds == 4) throw Cancelled();
                                    }),
                    Cancelled);
    value_after_4 = m.value;
  }
  TrainingLoop loop(o, 1000);
  ToyModel m;
  m.value = value_after_4;
  const auto resumed = loop.run_rounds(plan, m.work(), m.merge(), {}, states[3]);
  CHECK(m.value == v1);
  CHECK(resumed.epoch_loss == s1.epoch_loss);
  CHECK(resumed.units == 3000);
}

TEST_CASE("TrainingLoop::run_rounds stops at the end of a round on cancellation, telling the hook", "[training_loop][deterministic]") {
  CancellationSource stop;
  LoopOptions o;
  o.threads = 2;
  o.epochs = 2;
  o.cancel = stop.token();
  TrainingLoop loop(o, 1000);
  ToyModel m;
  std::vector<bool> stopping;
  CHECK_THROWS_AS(loop.run_rounds(RoundPlan{8, 2}, m.work(), m.merge(), [&](const LoopState& s, bool stop_here) {
    stopping.push_back(stop_here);
    if (s.next_block == 4) stop.request();
  }), Cancelled);
  REQUIRE(stopping.size() == 3);
  CHECK_FALSE(stopping[1]);
  CHECK(stopping[2]);
}

TEST_CASE("TrainingLoop sums the loss in double: 2^26 terms of 1 average to exactly 1 (float would saturate at 2^24)",
          "[training_loop]") {
  LoopOptions o;
  o.threads = 2;
  o.epochs = 1;
  TrainingLoop loop(o, std::uint64_t{1} << 26);
  const auto summary = loop.run([](LoopThread& t) {
    for (std::uint64_t k = 0; k < (std::uint64_t{1} << 25); ++k) {
      t.add_loss(1.0, 1);
      if ((k & 0xFFFF) == 0) t.flush();
    }
    t.advance(std::uint64_t{1} << 25);
  });
  REQUIRE(summary.epoch_loss.size() == 1);
  CHECK(summary.epoch_loss[0] == 1.0);
}

TEST_CASE("TrainingLoop epoch_end: once per epoch after every thread finished it; its stop ends the run there",
          "[training_loop]") {
  LoopOptions o;
  o.threads = 3;
  o.epochs = 5;
  std::atomic<int> finished{0};
  std::vector<int> seen_at_end;
  o.epoch_end = [&](int epoch) {
    seen_at_end.push_back(finished.load());
    EpochVerdict v;
    v.scores.push_back({"test.txt", "accuracy", 0.1 * epoch});
    v.stop = epoch == 1;
    return v;
  };
  std::mutex mutex;
  std::vector<std::size_t> report_scores;
  TrainingLoop loop(o, 3000, [&](const Progress& p) {
    std::lock_guard<std::mutex> lock(mutex);
    report_scores.push_back(p.scores.size());
  });
  const auto summary = loop.run([&](LoopThread& t) {
    t.add_loss(1.0, 1);
    t.advance(1000);
    ++finished;
  });
  CHECK(seen_at_end == std::vector<int>{3, 6});  // all three threads, every time
  CHECK(summary.stopped_early);
  REQUIRE(summary.epoch_loss.size() == 2);
  REQUIRE(summary.epoch_scores.size() == 2);
  CHECK(summary.epoch_scores[1][0].value == Approx(0.1));
  CHECK(std::find(report_scores.begin(), report_scores.end(), std::size_t{1}) != report_scores.end());
}

TEST_CASE("TrainingLoop epoch_end: a worker's error or a cancellation never leaves threads waiting at the epoch's end",
          "[training_loop]") {
  LoopOptions o;
  o.threads = 3;
  o.epochs = 3;
  o.epoch_end = [](int) { return EpochVerdict{}; };
  TrainingLoop loop(o, 3000);
  CHECK_THROWS_AS(loop.run([](LoopThread& t) {
    if (t.thread() == 1) throw DataError("bad shard");
    t.advance(1000);
  }), DataError);
  CancellationSource stop;
  o.cancel = stop.token();
  TrainingLoop cancelled(o, 3000);
  CHECK_THROWS_AS(cancelled.run([&](LoopThread& t) {
    if (t.thread() == 2) stop.request();
    t.advance(1000);
  }), Cancelled);
}

TEST_CASE("TrainingLoop::run_rounds calls epoch_end at every epoch's end, and stops early", "[training_loop][deterministic]") {
  LoopOptions o;
  o.threads = 2;
  o.epochs = 4;
  std::vector<int> epochs;
  o.epoch_end = [&](int epoch) {
    epochs.push_back(epoch);
    EpochVerdict v;
    v.stop = epoch == 2;
    return v;
  };
  TrainingLoop loop(o, 1000);
  ToyModel m;
  const auto summary = loop.run_rounds(RoundPlan{6, 4}, m.work(), m.merge());
  CHECK(epochs == std::vector<int>{0, 1, 2});
  CHECK(summary.stopped_early);
  CHECK(summary.epoch_loss.size() == 3);
}
