#pragma once
// Data-parallel training over several processes (the ranks of an MPI job): every rank trains its
// own replica of the model on its own shard of the corpus, Hogwild as one process does, and a
// communication thread per rank merges the replicas from time to time with allreduce, tiered by
// word frequency as pWord2Vec's MPI version does (Ji et al., "Parallelizing Word2Vec in Shared and
// Distributed Memory", 2016): the rows of the most frequent words every time, exponentially more
// rows exponentially more rarely, everything at the end of each epoch and at the end.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "wordvec/core/cluster.hpp"
#include "wordvec/core/matrix.hpp"
#include "wordvec/train/training_loop.hpp"

namespace wordvec {

/// When and how much the replicas are averaged.
struct SyncOptions {
  /// Average after every this many words trained by this rank (0: by time only).
  std::uint64_t every_words = 200000;
  /// Or after this many seconds, whichever comes first (0: by words only).
  double every_seconds = 0.0;
  /// Rows averaged at every synchronisation: the most frequent words' (the vocabulary is sorted by
  /// count). Every 2^k-th synchronisation averages 2^k times as many.
  std::size_t tier_rows = 1024;
  /// Each rank trains with this many times the learning rate (--lr), 0 = the number of ranks. The
  /// replicas are averaged, which keeps 1/N of every rank's updates: N times the rate makes the
  /// average move as far per word as one process (bench/README.md, "Distributed training").
  double lr_scale = 0.0;
  /// The rows' changes travel as float16 (half the bytes) instead of float32. The final copy of
  /// rank 0's model to every rank stays float32.
  bool half_wire = false;
  /// Throws OptionError for values out of range.
  void validate() const;
  /// The factor on the learning rate for a job of `ranks` ranks.
  double rank_lr_scale(int ranks) const { return lr_scale > 0.0 ? lr_scale : static_cast<double>(ranks); }
};

/// What synchronisation cost on this rank.
struct SyncStats {
  std::uint64_t rounds = 0;        ///< synchronisations, the final one included
  std::uint64_t full_rounds = 0;   ///< of which averaged every row (epoch ends, the end)
  std::uint64_t bytes_sent = 0;    ///< payload handed to allreduce and broadcast by this rank
  double sync_seconds = 0.0;       ///< time the communication thread spent in synchronisations
  double final_seconds = 0.0;      ///< from this rank's last word to the replicas agreeing
  double wall_seconds = 0.0;       ///< from the start of training to the replicas agreeing
  std::uint64_t checksum = 0;      ///< of the final vectors, checked equal on every rank (0: not checked)
};


/// A distributed run: which cluster, how often to synchronise, where to put the cost.
struct DistributedTraining {
  Cluster* cluster = nullptr;  ///< the processes training together; null or size 1: one process
  SyncOptions sync;            ///< when and how much to average
  SyncStats* stats = nullptr;  ///< when set, receives what synchronisation cost
};

/// Averages the replicas of a model across the ranks of a cluster while training goes on. One
/// communication thread per rank makes every collective call during training, and the main thread
/// only before and after, never both at once: the cluster needs MPI_THREAD_SERIALIZED, not
/// MPI_THREAD_MULTIPLE. Training threads never wait for it. Each synchronisation moves the rows by
/// the mean of the ranks' changes since they last agreed (it keeps a copy of the model as last
/// agreed), and keeps the updates the training threads made while the message was in flight.
/// A run with checkpoints also stops every rank at each epoch's end until all have arrived and
/// hold the same rows (agree()), so that rank 0's checkpoint is the whole job's.
class ModelSync final : public LoopSync {
 public:
  /// Keeps `matrices` (rows most frequent words first; identical on every rank at the start) in step
  /// across `cluster`; `threads`
  /// training threads report their epochs.
  ModelSync(Cluster& cluster, std::vector<StridedMatrixRef> matrices, const SyncOptions& options, int threads);
  ~ModelSync() override;
  ModelSync(const ModelSync&) = delete;
  ModelSync& operator=(const ModelSync&) = delete;

  void start(const std::atomic<std::uint64_t>& local_done) override;
  std::uint64_t global_done(std::uint64_t local_done) const override;
  void epoch_done(int thread, int epoch) override;
  void finish() override;
  void abandon() noexcept override;
  void combine_losses(std::vector<double>& loss_sums, std::vector<std::uint64_t>& terms) override;
  void agree(LoopState& state, const CancellationToken& cancel) override;
  void take_share(LoopState& state) const override;

  /// What synchronisation cost so far.
  SyncStats stats() const;

 private:
  void run();
  bool wait_for_round(std::uint64_t since_words, std::int64_t since_ns);
  void average(std::size_t rows, bool final);
  void agree_here();

  Cluster& cluster_;
  std::vector<StridedMatrixRef> matrices_;
  SyncOptions options_;
  const std::atomic<std::uint64_t>* local_done_ = nullptr;
  std::atomic<std::int64_t> global_offset_{0};  // global_done = offset + local * ranks
  std::vector<int> thread_epochs_;  // epochs each training thread finished (under stats_mutex_)
  std::atomic<std::uint64_t> local_epochs_{0};  // epochs every thread of this rank finished
  std::atomic<bool> finished_{false};
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::exception_ptr error_;
  std::atomic<bool> failed_{false};  // error_ is set
  // agree(): a training thread waits (holding_) until the communication thread has made every
  // replica the same in a round that found every rank holding; held_ is the state it combined.
  std::atomic<bool> holding_{false};
  std::mutex hold_mutex_;
  std::condition_variable hold_cv_;
  bool agreed_ = false;  // under hold_mutex_
  LoopState held_;       // under hold_mutex_ while not holding_, the communication thread's while holding_
  void reduce(std::size_t count);

  std::vector<float> send_, recv_;
  std::vector<std::uint16_t> send_half_, recv_half_;
  std::vector<std::vector<float>> bases_;  // per matrix: the rows as the ranks last agreed on them
  SyncStats stats_;
  std::int64_t start_ns_ = 0;
  mutable std::mutex stats_mutex_;
};

}  // namespace wordvec
