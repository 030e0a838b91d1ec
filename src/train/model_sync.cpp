#include "wordvec/train/model_sync.hpp"

#include <algorithm>
#include <bit>
#include <chrono>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/half_float.hpp"

namespace wordvec {

namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Floats per message: large enough that latency does not dominate, small enough that the two
// buffers stay a few megabytes whatever the model size.
constexpr std::size_t kChunkFloats = 1 << 18;
// How often the communication thread looks at the word counter between synchronisations.
constexpr auto kPollInterval = std::chrono::microseconds(500);

// A synced matrix's shape as the unsigned sizes the index arithmetic below uses.
std::size_t rows_of(const StridedMatrixRef& m) { return static_cast<std::size_t>(m.rows()); }
std::size_t cols_of(const StridedMatrixRef& m) { return static_cast<std::size_t>(m.cols()); }
std::size_t stride_of(const StridedMatrixRef& m) { return static_cast<std::size_t>(m.outerStride()); }

}  // namespace

void SyncOptions::validate() const {
  require_option(every_words > 0 || every_seconds > 0.0, "sync-every", "a positive number of words or seconds",
                 every_words);
  require_option(every_seconds >= 0.0, "sync-every", "a positive number of seconds", every_seconds);
  require_option(tier_rows >= 1, "sync-rows", "at least 1 row", tier_rows);
  require_option(lr_scale >= 0.0, "sync-lr-scale", "0 (the number of ranks) or a positive factor", lr_scale);
}

ModelSync::ModelSync(Cluster& cluster, std::vector<StridedMatrixRef> matrices, const SyncOptions& options, int threads)
    : cluster_(cluster), matrices_(std::move(matrices)), options_(options),
      thread_epochs_(static_cast<std::size_t>(std::max(1, threads)), 0) {
  options_.validate();
}

ModelSync::~ModelSync() { abandon(); }

void ModelSync::start(const std::atomic<std::uint64_t>& local_done) {
  local_done_ = &local_done;
  start_ns_ = now_ns();
  // The rows as all ranks last agreed on them: the identical starting model.
  bases_.clear();
  for (const auto& m : matrices_) {
    const std::size_t rows = rows_of(m), cols = cols_of(m), stride = stride_of(m);
    auto& b = bases_.emplace_back(rows * cols);
    for (std::size_t r = 0; r < rows; ++r) std::copy_n(m.data() + r * stride, cols, b.data() + r * cols);
  }
  send_.resize(kChunkFloats);
  recv_.resize(kChunkFloats);
  thread_ = std::thread([this] {
    try {
      run();
    } catch (...) {
      error_ = std::current_exception();
      failed_ = true;
    }
  });
}

std::uint64_t ModelSync::global_done(std::uint64_t local_done) const {
  const auto estimate = global_offset_.load(std::memory_order_relaxed) +
                        static_cast<std::int64_t>(local_done) * static_cast<std::int64_t>(cluster_.size());
  return static_cast<std::uint64_t>(std::max<std::int64_t>(0, estimate));
}

void ModelSync::epoch_done(int thread, int epoch) {
  std::lock_guard lock(stats_mutex_);
  thread_epochs_[static_cast<std::size_t>(thread)] = epoch + 1;
  local_epochs_ = static_cast<std::uint64_t>(*std::min_element(thread_epochs_.begin(), thread_epochs_.end()));
}

void ModelSync::finish() {
  const auto begin = now_ns();
  finished_ = true;
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(stats_mutex_);
    stats_.final_seconds = static_cast<double>(now_ns() - begin) * 1e-9;
    stats_.wall_seconds = static_cast<double>(now_ns() - start_ns_) * 1e-9;
  }
  if (error_) std::rethrow_exception(error_);
}

void ModelSync::abandon() noexcept {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void ModelSync::combine_losses(std::vector<double>& loss_sums, std::vector<std::uint64_t>& terms) {
  const std::vector<double> mine = loss_sums;
  const std::vector<std::uint64_t> my_terms = terms;
  cluster_.allreduce_sum(mine.data(), loss_sums.data(), mine.size());
  cluster_.allreduce_sum(my_terms.data(), terms.data(), my_terms.size());
}

void ModelSync::agree(LoopState& state, const CancellationToken& cancel) {
  {
    std::lock_guard lock(hold_mutex_);
    held_ = state;
    agreed_ = false;
  }
  holding_ = true;
  std::unique_lock lock(hold_mutex_);
  while (!agreed_) {
    // Never wait for a round that cannot come: a failed communication thread, a cancelled run.
    if (failed_.load()) {
      holding_ = false;
      std::rethrow_exception(error_);
    }
    if (stop_.load() || cancel.requested()) {
      holding_ = false;
      throw Cancelled();
    }
    hold_cv_.wait_for(lock, std::chrono::milliseconds(50));
  }
  state = held_;
}

void ModelSync::take_share(LoopState& state) const {
  const auto ranks = static_cast<std::uint64_t>(cluster_.size());
  state.units_done /= ranks;
  if (cluster_.rank() == 0) return;
  std::fill(state.loss_sum.begin(), state.loss_sum.end(), 0.0);
  std::fill(state.loss_terms.begin(), state.loss_terms.end(), 0);
}

// The communication thread's side of agree(): every rank holds at the same epoch end, nobody trains.
void ModelSync::agree_here() {
  std::size_t all_rows = 0;
  for (const auto& m : matrices_) all_rows = std::max(all_rows, rows_of(m));
  LoopState& s = held_;
  const std::uint64_t units = s.units_done;
  cluster_.allreduce_sum(&units, &s.units_done, 1, &stop_);
  const std::vector<double> sums = s.loss_sum;
  const std::vector<std::uint64_t> terms = s.loss_terms;
  cluster_.allreduce_sum(sums.data(), s.loss_sum.data(), sums.size(), &stop_);
  cluster_.allreduce_sum(terms.data(), s.loss_terms.data(), terms.size(), &stop_);
  average(all_rows, true);
  holding_ = false;
  {
    std::lock_guard lock(hold_mutex_);
    agreed_ = true;
  }
  hold_cv_.notify_all();
}

SyncStats ModelSync::stats() const {
  std::lock_guard lock(stats_mutex_);
  SyncStats s = stats_;
  s.bytes_sent = cluster_.bytes_sent();
  return s;
}

// Waits until this rank has trained `every_words` words since `since_words`, `every_seconds` have
// passed since `since_ns`, or its threads are done. False when asked to stop.
bool ModelSync::wait_for_round(std::uint64_t since_words, std::int64_t since_ns) {
  const auto period_ns = static_cast<std::int64_t>(options_.every_seconds * 1e9);
  while (!stop_.load(std::memory_order_relaxed)) {
    if (finished_.load() || holding_.load()) return true;
    if (options_.every_words > 0 && local_done_->load(std::memory_order_relaxed) - since_words >= options_.every_words)
      return true;
    if (period_ns > 0 && now_ns() - since_ns >= period_ns) return true;
    std::this_thread::sleep_for(kPollInterval);
  }
  return false;
}

void ModelSync::run() {
  const auto ranks = static_cast<std::uint64_t>(cluster_.size());
  std::size_t all_rows = 0;
  for (const auto& m : matrices_) all_rows = std::max(all_rows, rows_of(m));
  std::uint64_t round = 0, full_epochs = 0;
  std::uint64_t since_words = 0;
  std::int64_t since_ns = now_ns();
  for (;;) {
    if (!wait_for_round(since_words, since_ns)) return;
    const auto begin = now_ns();
    // Read `finished` before the word count, so a finished rank's count is final.
    const std::uint64_t state[3] = {local_epochs_.load(), finished_.load() ? 1u : 0u, holding_.load() ? 1u : 0u};
    const std::uint64_t local = local_done_->load();
    std::uint64_t global = 0, all[3] = {0, 0, 0};
    cluster_.allreduce_sum(&local, &global, 1, &stop_);
    cluster_.allreduce_min(state, all, 3, &stop_);
    global_offset_ = static_cast<std::int64_t>(global) - static_cast<std::int64_t>(local * ranks);
    const bool last = all[1] == 1;  // every rank's threads are done: nobody writes any more
    const bool full = last || all[0] > full_epochs || all[2] == 1;
    full_epochs = all[0];
    ++round;
    // Tier k = the number of trailing zero bits of the round: 2^k times the base rows.
    const int tier = std::min(std::countr_zero(round), 40);
    const std::size_t tier_rows =
        tier >= 40 || (options_.tier_rows << tier) >> tier != options_.tier_rows ? all_rows : options_.tier_rows << tier;
    if (all[2] == 1)
      agree_here();  // every rank holds at an epoch end
    else
      average(full ? all_rows : std::min(all_rows, tier_rows), last);
    {
      std::lock_guard lock(stats_mutex_);
      ++stats_.rounds;
      if (full) ++stats_.full_rounds;
      stats_.sync_seconds += static_cast<double>(now_ns() - begin) * 1e-9;
    }
    if (last) return;
    since_words = local;
    since_ns = now_ns();
  }
}

// Averages rows [0, rows) of every matrix: each rank sends what it changed since the rows last
// agreed (row - base), and the agreed rows move by the mean change, pWord2Vec's model averaging.
// It keeps 1/N of every rank's updates, so the ranks train at N times the learning rate
// (SyncOptions::lr_scale): then a row each rank moves on its own contexts moves as far as one
// process would move it, a row every rank drives to the same place within one period (the frequent
// words' output rows, every row of a tiny corpus) lands there once, and a rare row that one rank
// alone moved moves by that rank's step / N * N. The alternatives measured (bench/README.md):
// averaging at the plain rate lost 7 points of questions-words at -np 2; adding up the changes
// (as one process would apply them in turn) held at 2 ranks but lands a row every rank drove to
// the same place N-1 times its distance beyond it, so its error grows (N-1)-fold per round and
// diverged at 4.
// While training runs, row += mean - sent keeps what the training threads wrote since the copy; at
// the end (`final`, nobody writes) the rows become the agreed ones, then rank 0's copy goes to all,
// so every replica is the same to the bit whatever order the reduction summed in.
void ModelSync::average(std::size_t rows, bool final) {
  const float share = 1.0f / static_cast<float>(cluster_.size());
  for (std::size_t k = 0; k < matrices_.size(); ++k) {
    float* data = matrices_[k].data();
    const std::size_t cols = cols_of(matrices_[k]), stride = stride_of(matrices_[k]);
    float* base = bases_[k].data();
    const std::size_t n = std::min(rows, rows_of(matrices_[k]));
    const std::size_t per_chunk = std::max<std::size_t>(1, kChunkFloats / cols);
    for (std::size_t r0 = 0; r0 < n; r0 += per_chunk) {
      const std::size_t r1 = std::min(n, r0 + per_chunk);
      const std::size_t count = (r1 - r0) * cols;
      if (count > send_.size()) {
        send_.resize(count);
        recv_.resize(count);
      }
      float* out = send_.data();
      const float* b = base + r0 * cols;
      for (std::size_t r = r0; r < r1; ++r)
        for (std::size_t c = 0; c < cols; ++c) *out++ = data[r * stride + c] - *b++;
      reduce(count);
      const float* sent = send_.data();
      const float* sum = recv_.data();
      float* agreed = base + r0 * cols;
      for (std::size_t r = r0; r < r1; ++r, sent += cols, sum += cols, agreed += cols) {
        float* row = data + r * stride;
        for (std::size_t c = 0; c < cols; ++c) {
          const float change = sum[c] * share;
          agreed[c] += change;
          row[c] = final ? agreed[c] : row[c] + (change - sent[c]);
        }
      }
      if (final) {
        for (std::size_t r = r0; r < r1; ++r) std::copy_n(data + r * stride, cols, send_.data() + (r - r0) * cols);
        cluster_.broadcast(send_.data(), count, 0);
        for (std::size_t r = r0; r < r1; ++r) std::copy_n(send_.data() + (r - r0) * cols, cols, data + r * stride);
        std::copy_n(send_.data(), count, base + r0 * cols);  // training may go on from here (agree())
      }
    }
  }
}

// recv_[0, count) = the sum over ranks of send_[0, count), through float16 when asked.
void ModelSync::reduce(std::size_t count) {
  if (!options_.half_wire) {
    cluster_.allreduce_sum(send_.data(), recv_.data(), count, &stop_);
    return;
  }
  send_half_.resize(count);
  recv_half_.resize(count);
  for (std::size_t i = 0; i < count; ++i) send_half_[i] = to_half(send_[i]);
  cluster_.allreduce_sum_half(send_half_.data(), recv_half_.data(), count, &stop_);
  for (std::size_t i = 0; i < count; ++i) recv_[i] = from_half(recv_half_[i]);
}

}  // namespace wordvec
