#include "wordvec/train/training_loop.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>

#include <fmt/format.h>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"

namespace wordvec {

namespace {
std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
constexpr std::int64_t kReportIntervalNs = 200'000'000;
}  // namespace

int LoopThread::threads() const { return loop_->options_.threads; }

void LoopThread::flush() { loop_->publish(*this); }

TrainingLoop::TrainingLoop(LoopOptions options, std::uint64_t units_per_epoch, ProgressCallback progress)
    : options_(std::move(options)), units_per_epoch_(std::max<std::uint64_t>(1, units_per_epoch)),
      total_units_(units_per_epoch_ * static_cast<std::uint64_t>(std::max(1, options_.epochs))),
      progress_(std::move(progress)),
      epoch_loss_(new std::atomic<double>[static_cast<std::size_t>(std::max(1, options_.epochs))]),
      epoch_terms_(new std::atomic<std::uint64_t>[static_cast<std::size_t>(std::max(1, options_.epochs))]) {
  if (options_.threads < 1) throw OptionError("option --threads: expected at least 1");
  if (options_.epochs < 1) throw OptionError("option --epochs: expected at least 1");
  for (int e = 0; e < options_.epochs; ++e) {
    epoch_loss_[static_cast<std::size_t>(e)] = 0.0;
    epoch_terms_[static_cast<std::size_t>(e)] = 0;
  }
}

TrainingLoop::~TrainingLoop() = default;

float TrainingLoop::lr_at(std::uint64_t done) const {
  if (!options_.decay) return static_cast<float>(options_.lr);
  const double left = 1.0 - static_cast<double>(done) / static_cast<double>(total_units_ + 1);
  return static_cast<float>(options_.lr * std::max(options_.min_lr_ratio, left));
}

void TrainingLoop::publish(LoopThread& t) {
  if (t.in_block_) {
    // The shared counter only feeds progress reports here; the state moves at round ends.
    const auto done = done_.fetch_add(t.pending_, std::memory_order_relaxed) + t.pending_;
    t.block_units_ += t.pending_;
    t.pending_ = 0;
    t.lr_ = lr_at(t.block_base_ + t.block_units_);
    if (progress_) {
      const auto now = now_ns();
      auto last = last_report_ns_.load(std::memory_order_relaxed);
      if (now - last >= kReportIntervalNs && last_report_ns_.compare_exchange_strong(last, now)) report(false);
    }
    (void)done;
    return;
  }
  const auto done = done_.fetch_add(t.pending_, std::memory_order_relaxed) + t.pending_;
  t.pending_ = 0;
  const auto e = static_cast<std::size_t>(t.epoch_);
  if (t.loss_terms_ > 0) {
    epoch_loss_[e].fetch_add(t.loss_, std::memory_order_relaxed);
    epoch_terms_[e].fetch_add(t.loss_terms_, std::memory_order_relaxed);
    t.loss_ = 0.0;
    t.loss_terms_ = 0;
  }
  t.lr_ = lr_at(options_.sync ? options_.sync->global_done(done) : done);
  if (options_.cancel.requested() || stop_.load(std::memory_order_relaxed)) {
    stop_ = true;
    throw Cancelled();
  }
  if (progress_) {
    const auto now = now_ns();
    auto last = last_report_ns_.load(std::memory_order_relaxed);
    if (now - last >= kReportIntervalNs && last_report_ns_.compare_exchange_strong(last, now)) report(false);
  }
}

void TrainingLoop::report(bool finished) {
  // Only one thread reports at a time; a report that would overlap is skipped.
  if (reporting_.exchange(true)) return;
  Progress p;
  p.stage = options_.stage;
  const auto done = done_.load();
  p.done = std::min(options_.sync ? options_.sync->global_done(done) : done, total_units_);
  p.total = total_units_;
  p.fraction = finished ? 1.0 : static_cast<double>(p.done) / static_cast<double>(total_units_);
  p.elapsed_sec = static_cast<double>(now_ns() - start_ns_) * 1e-9;
  p.units_per_sec = p.elapsed_sec > 0 ? static_cast<double>(p.done) / p.elapsed_sec : 0.0;
  p.learning_rate = lr_at(p.done);
  p.epochs = options_.epochs;
  const auto epoch = std::min<std::uint64_t>(p.done / units_per_epoch_, static_cast<std::uint64_t>(options_.epochs - 1));
  p.epoch = static_cast<int>(epoch) + 1;
  // Distributed, the epoch follows all ranks' words and may be one this rank has not reached:
  // show the loss of the last epoch it has some for.
  auto loss_epoch = epoch;
  while (loss_epoch > 0 && epoch_terms_[loss_epoch].load() == 0) --loss_epoch;
  const auto terms = epoch_terms_[loss_epoch].load();
  p.loss = terms ? epoch_loss_[loss_epoch].load() / static_cast<double>(terms) : 0.0;
  p.eta_sec = p.fraction > 0 && !finished ? p.elapsed_sec * (1.0 - p.fraction) / p.fraction : 0.0;
  p.finished = finished;
  p.scores = scores_;
  try {
    progress_(p);
  } catch (...) {
    reporting_ = false;
    throw;
  }
  reporting_ = false;
}

TrainingSummary TrainingLoop::run(const std::function<void(LoopThread&)>& work) { return run(work, {}, {}); }

TrainingSummary TrainingLoop::run(const std::function<void(LoopThread&)>& work, const RoundHook& hook, LoopState start) {
  if (start.next_block != 0) throw Error("training: a Hogwild run resumes at an epoch's start only");
  resumed_at_ = static_cast<double>(start.epoch) / static_cast<double>(options_.epochs);
  if (options_.sync) options_.sync->take_share(start);
  start_ns_ = now_ns();
  last_report_ns_ = start_ns_;
  done_ = start.units_done;
  for (std::size_t e = 0; e < start.loss_sum.size() && e < start.loss_terms.size() &&
                          e < static_cast<std::size_t>(options_.epochs); ++e) {
    epoch_loss_[e] = start.loss_sum[e];
    epoch_terms_[e] = start.loss_terms[e];
  }
  epoch_hook_ = hook;
  const bool meet = options_.epoch_end || hook;
  const int threads = options_.threads;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));
  LoopSync* const sync = options_.sync;
  if (sync) sync->start(done_);

#pragma omp parallel num_threads(threads)
  {
    const int id = omp_get_thread_num();
    LoopThread self(*this, id);
    try {
      for (int e = start.epoch; e < options_.epochs && !stop_.load(std::memory_order_relaxed) && !stopped_early_.load(); ++e) {
        self.epoch_ = e;
        const auto done = done_.load(std::memory_order_relaxed);
        self.lr_ = lr_at(sync ? sync->global_done(done) : done);
        work(self);
        publish(self);
        if (sync) sync->epoch_done(id, e);
        if (meet) end_epoch(e);
      }
    } catch (...) {
      // Exceptions must not leave an OpenMP region: keep it, stop the others, rethrow after.
      errors[static_cast<std::size_t>(id)] = std::current_exception();
      stop_ = true;
    }
  }
  const bool failed = std::any_of(errors.begin(), errors.end(), [](const auto& e) { return e != nullptr; });
  if (sync && failed) sync->abandon();
  if (sync && !failed) {
    try {
      sync->finish();
    } catch (...) {
      sync->abandon();
      throw;
    }
  }
  // Prefer a real error over the Cancelled that other threads raised because of it.
  std::exception_ptr first;
  for (auto& e : errors) {
    if (!e) continue;
    try {
      std::rethrow_exception(e);
    } catch (const Cancelled&) {
      if (!first) first = e;
    } catch (...) {
      std::rethrow_exception(e);
    }
  }
  if (first) std::rethrow_exception(first);
  if (sync) {
    const auto epochs = static_cast<std::size_t>(options_.epochs);
    std::vector<double> sums(epochs);
    std::vector<std::uint64_t> terms(epochs);
    for (std::size_t e = 0; e < epochs; ++e) {
      sums[e] = epoch_loss_[e].load();
      terms[e] = epoch_terms_[e].load();
    }
    sync->combine_losses(sums, terms);
    for (std::size_t e = 0; e < epochs; ++e) {
      epoch_loss_[e] = sums[e];
      epoch_terms_[e] = terms[e];
    }
  }

  if (progress_) report(true);
  return summarize();
}

// The threads' meeting at the end of an epoch: the last to arrive runs the epoch's evaluation
// while the others wait (polling, so a failed or cancelled run never leaves one waiting forever).
void TrainingLoop::end_epoch(int epoch) {
  std::unique_lock<std::mutex> lock(epoch_mutex_);
  const auto generation = epoch_generation_;
  if (++epoch_arrived_ == options_.threads) {
    epoch_arrived_ = 0;
    finish_epoch(epoch);
    ++epoch_generation_;
    epoch_cv_.notify_all();
    return;
  }
  while (epoch_generation_ == generation) {
    if (stop_.load() || options_.cancel.requested()) {
      stop_ = true;
      throw Cancelled();
    }
    epoch_cv_.wait_for(lock, std::chrono::milliseconds(50));
  }
}

void TrainingLoop::finish_epoch(int epoch) {
  if (options_.epoch_end) {
    EpochVerdict verdict = options_.epoch_end(epoch);
    const auto e = static_cast<std::size_t>(epoch);
    if (epoch_scores_.size() <= e) epoch_scores_.resize(e + 1);
    epoch_scores_[e] = verdict.scores;
    scores_ = std::move(verdict.scores);
    if (verdict.stop && epoch + 1 < options_.epochs) stopped_early_ = true;
    if (progress_) report(false);
  }
  if (!epoch_hook_) return;
  LoopState state;
  state.epoch = epoch + 1;
  state.units_done = done_.load();
  for (int e = 0; e < options_.epochs; ++e) {
    state.loss_sum.push_back(epoch_loss_[static_cast<std::size_t>(e)].load());
    state.loss_terms.push_back(epoch_terms_[static_cast<std::size_t>(e)].load());
  }
  state.fraction = static_cast<double>(state.epoch) / static_cast<double>(options_.epochs);
  if (options_.sync) {
    // The last epoch's end is the run's: the final synchronisation makes the replicas agree there.
    if (state.epoch >= options_.epochs) return;
    options_.sync->agree(state, options_.cancel);
  }
  epoch_hook_(state, false);
}

TrainingSummary TrainingLoop::summarize() const {
  TrainingSummary summary;
  summary.units = options_.sync ? options_.sync->global_done(done_.load()) : done_.load();
  summary.seconds = static_cast<double>(now_ns() - start_ns_) * 1e-9;
  for (int e = 0; e < options_.epochs; ++e) {
    const auto terms = epoch_terms_[static_cast<std::size_t>(e)].load();
    summary.epoch_loss.push_back(terms ? epoch_loss_[static_cast<std::size_t>(e)].load() / static_cast<double>(terms)
                                       : 0.0);
  }
  summary.epoch_scores = epoch_scores_;
  summary.stopped_early = stopped_early_.load();
  summary.resumed_at = resumed_at_;
  if (summary.stopped_early) summary.epoch_loss.resize(epoch_scores_.size());
  return summary;
}

namespace {
// Where the threads of a run in rounds meet: a thread that arrives early sleeps on a condition
// variable. (libgomp's barriers spin up to ~300k times before sleeping; with a few thousand rounds
// per run and blocks that end at different times, the spinning was a fifth of the CPU time of a
// deterministic run, and worse on a busy machine, where the thread waited for is not running.)
class RoundBarrier {
 public:
  explicit RoundBarrier(int threads) : threads_(threads) {}
  /// Waits until every thread arrived; the last to arrive runs `last` first (under the lock).
  template <typename Last>
  void arrive_and_wait(Last&& last) {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto generation = generation_;
    if (++arrived_ == threads_) {
      last();
      arrived_ = 0;
      ++generation_;
      lock.unlock();
      cv_.notify_all();
      return;
    }
    cv_.wait(lock, [&] { return generation_ != generation; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int threads_;
  int arrived_ = 0;
  std::uint64_t generation_ = 0;
};
}  // namespace

TrainingSummary TrainingLoop::run_rounds(const RoundPlan& plan, const BlockWork& work, const RoundMerge& merge,
                                         const RoundHook& hook, LoopState state) {
  if (plan.blocks < 1 || plan.per_round < 1) throw Error("training: a round plan needs at least one block");
  const auto epochs = static_cast<std::size_t>(options_.epochs);
  state.loss_sum.resize(epochs, 0.0);
  state.loss_terms.resize(epochs, 0);
  resumed_at_ = static_cast<double>(static_cast<std::uint64_t>(state.epoch) * plan.blocks + state.next_block) /
                static_cast<double>(static_cast<std::uint64_t>(options_.epochs) * plan.blocks);
  start_ns_ = now_ns();
  last_report_ns_ = start_ns_;
  done_ = state.units_done;
  for (std::size_t e = 0; e < epochs; ++e) {
    epoch_loss_[e] = state.loss_sum[e];
    epoch_terms_[e] = state.loss_terms[e];
  }
  const int threads = options_.threads;
  const auto per_round = static_cast<std::size_t>(plan.per_round);
  std::vector<double> slot_loss(per_round);
  std::vector<std::uint64_t> slot_terms(per_round), slot_units(per_round);
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));
  std::exception_ptr after;  // thrown by the round's end (hook, cancellation, evaluation)

  // The current round, set by the last thread to reach the round's end (under the barrier's lock).
  struct Round {
    std::uint64_t first = 0;
    std::size_t n = 0;
    int epoch = 0;
    bool finished = false;
  } round;
  auto plan_round = [&] {
    round.first = state.next_block;
    round.n = static_cast<std::size_t>(std::min<std::uint64_t>(plan.per_round, plan.blocks - round.first));
    round.epoch = state.epoch;
    round.finished = state.epoch >= options_.epochs;
  };
  plan_round();
  std::atomic<std::size_t> next_slot{0};
  RoundBarrier barrier(threads);

  // After the merge: the round's losses and units in block order (the sums round the same every
  // run), the state, the epoch's end, the hook, cancellation; then the next round.
  auto end_round = [&] {
    if (stop_.load()) {
      round.finished = true;
      return;
    }
    try {
      const auto e = static_cast<std::size_t>(round.epoch);
      for (std::size_t j = 0; j < round.n; ++j) {
        state.loss_sum[e] += slot_loss[j];
        state.loss_terms[e] += slot_terms[j];
        state.units_done += slot_units[j];
      }
      epoch_loss_[e] = state.loss_sum[e];
      epoch_terms_[e] = state.loss_terms[e];
      done_ = state.units_done;
      state.next_block = round.first + round.n;
      if (state.next_block == plan.blocks) {
        ++state.epoch;
        state.next_block = 0;
      }
      state.fraction = static_cast<double>(static_cast<std::uint64_t>(state.epoch) * plan.blocks + state.next_block) /
                       static_cast<double>(static_cast<std::uint64_t>(options_.epochs) * plan.blocks);
      if (options_.epoch_end && state.next_block == 0) finish_epoch(round.epoch);
      const bool stopping = options_.cancel.requested() && state.epoch < options_.epochs;
      if (hook) hook(state, stopping);
      if (stopping) throw Cancelled();
      plan_round();
      if (stopped_early_) round.finished = true;
      next_slot = 0;
    } catch (...) {
      after = std::current_exception();
      round.finished = true;
    }
  };

  // One parallel region for the whole run; the threads take the round's blocks in any order, meet,
  // merge (each its share of the rows), meet again.
#pragma omp parallel num_threads(threads)
  {
    const int id = omp_get_thread_num();
    LoopThread self(*this, id);
    self.in_block_ = true;
    auto& error = errors[static_cast<std::size_t>(id)];
    while (!round.finished) {
      const std::size_t n = round.n;
      self.epoch_ = round.epoch;
      for (std::size_t j = next_slot.fetch_add(1); j < n; j = next_slot.fetch_add(1)) {
        if (stop_.load(std::memory_order_relaxed)) continue;
        try {
          const std::uint64_t block = round.first + j;
          // The block's place in the schedule as if every block were the same size: known before
          // any block runs, so the same in every run.
          self.block_base_ = static_cast<std::uint64_t>(round.epoch) * units_per_epoch_ + block * units_per_epoch_ / plan.blocks;
          self.block_units_ = 0;
          self.pending_ = 0;
          self.loss_ = 0.0;
          self.loss_terms_ = 0;
          self.lr_ = lr_at(self.block_base_);
          work(self, block, j);
          publish(self);
          slot_loss[j] = self.loss_;
          slot_terms[j] = self.loss_terms_;
          slot_units[j] = self.block_units_;
        } catch (...) {
          // Exceptions must not leave an OpenMP region: keep it, stop the others, rethrow after.
          error = std::current_exception();
          stop_ = true;
        }
      }
      barrier.arrive_and_wait([] {});
      if (!stop_.load()) {
        try {
          merge(n, id, threads);
        } catch (...) {
          error = std::current_exception();
          stop_ = true;
        }
      }
      barrier.arrive_and_wait(end_round);
    }
  }
  for (auto& err : errors)
    if (err) std::rethrow_exception(err);
  if (after) std::rethrow_exception(after);
  if (progress_) report(true);
  return summarize();
}

void require_converging(const TrainingSummary& summary, double chance, const char* what) {
  const auto& loss = summary.epoch_loss;
  for (std::size_t e = 0; e < loss.size(); ++e) {
    if (!std::isfinite(loss[e]))
      throw DataError(fmt::format("training diverged in epoch {}: the {} is not finite; nothing written (try a "
                                  "smaller --lr)", e + 1, what));
    if (e > 0 && loss[e] > loss[e - 1] * 1.1 && loss[e - 1] > 0)
      throw DataError(fmt::format("training diverged: the {} grew from {:.4f} in epoch {} to {:.4f} in epoch {}; "
                                  "nothing written (try a smaller --lr)", what, loss[e - 1], e, loss[e], e + 1));
  }
  // On data with nothing to learn (random words) a healthy run ends near chance, a little above it with
  // stochastic updates; a diverged one ends far above.
  if (chance > 0 && !loss.empty() && loss.back() > 1.5 * chance)
    throw DataError(fmt::format("training diverged: the final {} {:.4f} is more than 50% above the {:.4f} of the "
                                "untrained model; nothing written (try a smaller --lr)", what, loss.back(), chance));
}

}  // namespace wordvec
