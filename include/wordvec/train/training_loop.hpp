#pragma once
// The one training loop every model runs on: threads, epochs, the learning-rate schedule,
// loss bookkeeping, progress reports and cancellation.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/progress.hpp"

namespace wordvec {

struct LoopState;

/// Keeps this process's model in step with the replicas other processes train (distributed
/// training, see train/model_sync.hpp). The loop calls it at these points only; the work of
/// synchronising runs beside the training threads.
class LoopSync {
 public:
  virtual ~LoopSync() = default;
  /// Before the threads start; `local_done` is the loop's count of units done in this process.
  virtual void start(const std::atomic<std::uint64_t>& local_done) = 0;
  /// Units done by all processes together, estimated from `local_done` (sets the learning rate).
  virtual std::uint64_t global_done(std::uint64_t local_done) const = 0;
  /// Thread `thread` of this process finished epoch `epoch`.
  virtual void epoch_done(int thread, int epoch) = 0;
  /// Every thread finished: returns after the final synchronisation (all replicas then agree).
  virtual void finish() = 0;
  /// Training failed here: stop synchronising now (the other processes are not waited for).
  virtual void abandon() noexcept = 0;
  /// After finish(): adds up every process's loss sums and term counts per epoch in place, so that
  /// every process reports and judges (divergence) the loss of the whole job, not of its replica
  /// alone, whose epochs a merge can move at any moment.
  virtual void combine_losses(std::vector<double>& loss_sums, std::vector<std::uint64_t>& terms) = 0;
  /// Every thread of this process stopped at the end of `state.epoch - 1` (a run with checkpoints):
  /// returns once every process stopped there and all replicas hold the same rows; `state` then
  /// holds the job's units done and loss sums (what a checkpoint of the whole job saves). Throws
  /// Cancelled when `cancel` is set meanwhile.
  virtual void agree(LoopState& state, const CancellationToken& cancel) = 0;
  /// The reverse, for a resumed run: a job's `state` as agree() left it becomes this process's part
  /// (its share of the units; the loss sums on one process only, as combine_losses() adds them up).
  virtual void take_share(LoopState& state) const = 0;
};

/// What the evaluation after an epoch found (per-epoch evaluation, early stopping).
struct EpochVerdict {
  std::vector<EvalScore> scores;  ///< shown by the progress reports that follow, kept in the summary
  bool stop = false;              ///< end the run after this epoch (early stopping)
};

/// What the loop needs to know of a model's options.
struct LoopOptions {
  int threads = 1;              ///< worker threads
  int epochs = 5;               ///< passes over the data
  double lr = 0.025;            ///< starting learning rate
  double min_lr_ratio = 1e-4;   ///< the rate never falls below lr * min_lr_ratio
  bool decay = true;            ///< linear decay over all epochs (false: constant rate, as GloVe's AdaGrad)
  ProgressStage stage = ProgressStage::Train;  ///< what progress reports say is running
  LoopSync* sync = nullptr;     ///< distributed training: the synchroniser (null: one process)
  CancellationToken cancel;    ///< stops the work with Cancelled once set (default: never)
  /// When set, called once per epoch (0-based) after every thread finished it and before any starts
  /// the next, from one thread: the parameters stand still meanwhile. Not with `sync`.
  std::function<EpochVerdict(int epoch)> epoch_end;
};

/// Where a run in rounds (TrainingLoop::run_rounds) stands after a round: with the model's
/// parameters, everything needed to continue it exactly.
struct LoopState {
  int epoch = 0;                          ///< current epoch, 0-based
  std::uint64_t next_block = 0;           ///< first block of that epoch not trained yet
  std::uint64_t units_done = 0;           ///< units done in all finished rounds
  std::vector<double> loss_sum;           ///< per epoch: the loss summed in double
  std::vector<std::uint64_t> loss_terms;  ///< per epoch: how many terms loss_sum holds
  double fraction = 0.0;                  ///< share of all the run's blocks done (not saved: follows from the rest)
};

/// How a run in rounds splits every epoch. Both numbers are fixed by the data, never by the
/// thread count, so the arithmetic (and so the result) is the same for any number of threads.
struct RoundPlan {
  std::uint64_t blocks = 1;     ///< blocks per epoch
  std::uint64_t per_round = 16; ///< blocks trained at once, each against the parameters as the round began
};

/// What a finished run measured.
struct TrainingSummary {
  std::vector<double> epoch_loss;  ///< mean loss per epoch (summed in double)
  std::vector<std::vector<EvalScore>> epoch_scores;  ///< per epoch run: LoopOptions::epoch_end's scores (empty without it)
  bool stopped_early = false;      ///< epoch_end asked to stop: epoch_loss holds only the epochs run
  std::uint64_t units = 0;         ///< work units processed in all epochs
  double seconds = 0.0;            ///< wall time
  double resumed_at = 0.0;         ///< share of the run done before this process took it on (a resumed run; 0: fresh)
};

class TrainingLoop;

/// One thread's handle on the running loop; passed to the model's per-epoch work function.
class LoopThread {
 public:
  /// Current learning rate (refreshed every few thousand units).
  float lr() const { return lr_; }
  /// This thread's index, 0..threads-1.
  int thread() const { return thread_; }
  /// Number of threads (= number of data shards).
  int threads() const;
  /// Current epoch, 0-based.
  int epoch() const { return epoch_; }
  /// Records `units` of work (words, records) done; cheap, batches into the shared counter.
  void advance(std::uint64_t units) {
    pending_ += units;
    if (pending_ >= kFlushUnits) flush();
  }
  /// Adds `loss` summed over `terms` terms to this epoch's loss.
  void add_loss(double loss, std::uint64_t terms) {
    loss_ += loss;
    loss_terms_ += terms;
  }
  /// Publishes pending counts, refreshes lr, maybe reports progress; throws Cancelled on request
  /// (in a run in rounds, cancellation waits for the end of the round instead).
  void flush();

 private:
  friend class TrainingLoop;
  static constexpr std::uint64_t kFlushUnits = 10000;
  LoopThread(TrainingLoop& loop, int thread) : loop_(&loop), thread_(thread) {}
  TrainingLoop* loop_;
  int thread_;
  int epoch_ = 0;
  float lr_ = 0.0f;
  std::uint64_t pending_ = 0;
  double loss_ = 0.0;
  std::uint64_t loss_terms_ = 0;
  // Runs in rounds: the learning rate follows the block's own count from a fixed base, not the
  // shared counter, whose order of arrival differs from run to run.
  bool in_block_ = false;
  std::uint64_t block_base_ = 0;
  std::uint64_t block_units_ = 0;
};

/// Runs a model's work function over threads and epochs. Each thread calls the function once per
/// epoch; the function processes that thread's shard of the data and calls advance() as it goes.
/// Threads move through epochs independently (no barrier), as in word2vec and fastText.
class TrainingLoop {
 public:
  /// `units_per_epoch` sets the schedule: lr decays linearly with units done over all epochs.
  TrainingLoop(LoopOptions options, std::uint64_t units_per_epoch, ProgressCallback progress = {});
  ~TrainingLoop();

  /// Runs `work` in options.threads threads for options.epochs epochs; rethrows the first
  /// exception any thread raised (after all threads stopped).
  TrainingSummary run(const std::function<void(LoopThread&)>& work);

  /// A block's work in a run in rounds: trains block `block` of epoch thread.epoch() into the
  /// model's private slot `slot` (0..per_round-1), reading the shared parameters only.
  using BlockWork = std::function<void(LoopThread& thread, std::uint64_t block, std::size_t slot)>;
  /// Adds slots 0..n-1 to the shared parameters, in slot order (so sums round the same every run).
  /// Called by each of the `threads` threads (`thread` = 0..threads-1) at once after the round's
  /// blocks: each merges its own share of the rows.
  using RoundMerge = std::function<void(std::size_t n, int thread, int threads)>;
  /// Called after every round with the state at its end; `stopping` is true when the run stops
  /// there (cancellation), so a checkpoint can be written whatever its schedule.
  using RoundHook = std::function<void(const LoopState& state, bool stopping)>;

  /// Deterministic training: every epoch's blocks are trained in rounds of plan.per_round blocks;
  /// a round's blocks run in any thread and order, each against the parameters as the round
  /// began, then `merge` adds their changes in block order. The result depends on the plan and
  /// the model's seeds only, never on options.threads or timing. Starts from `start` (a resumed
  /// run); cancellation is honoured at the end of a round, after `hook`.
  TrainingSummary run_rounds(const RoundPlan& plan, const BlockWork& work, const RoundMerge& merge,
                             const RoundHook& hook = {}, LoopState start = {});

  /// Hogwild training that can stop and go on at epoch ends: as run(work), but the threads meet at the
  /// end of every epoch, where `hook` receives the loop's state while no thread trains (a checkpoint
  /// of the parameters then matches it). Starts at `start.epoch` with its units and loss sums (a
  /// resumed run; start.next_block must be 0).
  TrainingSummary run(const std::function<void(LoopThread&)>& work, const RoundHook& hook, LoopState start);

  /// Learning rate after `done` units.
  float lr_at(std::uint64_t done) const;

 private:
  friend class LoopThread;
  void publish(LoopThread& t);
  void report(bool finished);
  void end_epoch(int epoch);
  void finish_epoch(int epoch);
  TrainingSummary summarize() const;

  LoopOptions options_;
  std::uint64_t units_per_epoch_;
  std::uint64_t total_units_;
  ProgressCallback progress_;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<bool> stop_{false};
  std::unique_ptr<std::atomic<double>[]> epoch_loss_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> epoch_terms_;
  std::atomic<std::int64_t> last_report_ns_{0};
  std::atomic<bool> reporting_{false};
  std::int64_t start_ns_ = 0;
  double resumed_at_ = 0.0;
  // Per-epoch evaluation (options_.epoch_end): the threads meet at every epoch's end.
  std::mutex epoch_mutex_;
  std::condition_variable epoch_cv_;
  int epoch_arrived_ = 0;
  std::uint64_t epoch_generation_ = 0;
  std::vector<std::vector<EvalScore>> epoch_scores_;
  std::vector<EvalScore> scores_;  // the latest epoch's, for the reports
  std::atomic<bool> stopped_early_{false};
  RoundHook epoch_hook_;  // run(work, hook, start): the hook at epoch ends
};

/// Throws DataError ("training diverged ...; nothing written") when an epoch's loss is not finite, grew by more
/// than 10% over the epoch before, or (when `chance` > 0) ends more than 50% above `chance`, the loss of the
/// untrained model.
void require_converging(const TrainingSummary& summary, double chance, const char* what);

}  // namespace wordvec
