#include "wordvec/cooccur/cooccurrence_counter.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <numeric>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "cooccur/radix_sort.hpp"
#include "cooccur/run_sources.hpp"
#include "cooccur/run_writer.hpp"
#include "cooccur/spill_dir.hpp"
#include "corpus/shard_reader.hpp"
#include "text/token_reader.hpp"

namespace wordvec {

void CooccurrenceOptions::validate() const {
  require_option(window >= 1 && window <= 1000, "window", "an integer in 1..1000", window);
  require_option(threads >= 1 && threads <= 1024, "threads", "an integer in 1..1024", threads);
  require_option(memory_bytes >= 1000, "memory", "a budget of at least 1000 bytes", memory_bytes);
  require_option(max_fan_in >= 2, "max-fan-in", "at least 2", max_fan_in);
}

namespace {

using cooccur::DenseSource;
using cooccur::FileSource;
using cooccur::MemorySource;
using cooccur::Run;
using cooccur::RunEntry;
using cooccur::RunWriter;
using cooccur::Source;
using cooccur::SpillDir;

// Weights are integers in units of 1/scale, so sums are exact and do not depend on the order
// of additions (threads, buffers, merges). With scale = lcm(1..window), 1/d is exact.
struct Weights {
  std::uint64_t scale = 1;
  std::vector<std::uint32_t> of_distance;  // index d = 1..window
  explicit Weights(int window) {
    for (int d = 2; d <= window && scale <= (1u << 20); ++d) scale = std::lcm(scale, static_cast<std::uint64_t>(d));
    if (scale > (1u << 20)) scale = 1u << 20;  // wide windows: 1/d rounded to ~1e-6
    of_distance.resize(static_cast<std::size_t>(window) + 1, 0);
    for (int d = 1; d <= window; ++d)
      of_distance[static_cast<std::size_t>(d)] =
          static_cast<std::uint32_t>(std::llround(static_cast<double>(scale) / d));
  }
};

// Everything the counting threads share.
class Counter {
 public:
  Counter(const Corpus& corpus, const Vocab& vocab, const CooccurrenceOptions& o, const ProgressCallback& progress)
      : corpus_(corpus), vocab_(vocab), o_(o), progress_(progress), weights_(o.window), spill_(o.temp_dir),
        vocab_size_(vocab.size()) {
    dist_bits_ = std::bit_width(static_cast<unsigned>(o.window));
    const int key_bits = std::bit_width(vocab_size_ * vocab_size_);
    if (key_bits + dist_bits_ > 64)
      throw DataError(fmt::format("a vocabulary of {} words is too large for co-occurrence counting", vocab_size_));
    sort_bits_ = key_bits + dist_bits_;
    // A quarter of the budget for the dense blocks (one per thread), a quarter for the sparse
    // buffers and their sort scratch, half for sorted runs kept in memory.
    const auto threads = static_cast<std::uint64_t>(o.threads);
    const double cells = static_cast<double>(o.memory_bytes / 4 / threads / sizeof(std::uint32_t));
    dense_words_ = std::min<std::uint64_t>(vocab_size_, static_cast<std::uint64_t>((std::sqrt(8.0 * cells + 1.0) - 1.0) / 2.0));
    buffer_entries_ = std::max<std::uint64_t>(1024, o.memory_bytes / 4 / threads / (2 * sizeof(std::uint64_t)));
    // No thread sees more pairs than the corpus has (small corpora need small buffers).
    buffer_entries_ = std::min<std::uint64_t>(buffer_entries_, vocab.total_count() * static_cast<std::uint64_t>(o.window) + 1);
    pool_budget_ = o.memory_bytes / 2;
    chunks_ = line_chunks();
  }

  CooccurrenceRecords run(CooccurrenceStats& stats);

 private:
  struct Thread;
  std::vector<std::uint64_t> line_chunks() const;
  void work(Thread& t);
  void count_chunk(Thread& t, std::uint64_t begin, std::uint64_t end);
  template <typename Reader>
  void count_lines(Thread& t, Reader& reader, std::uint64_t begin, std::uint64_t end);
  void flush_buffer(Thread& t);
  void add_run(Run run);
  void spill(std::vector<Run> runs);
  void reduce_fan_in();
  void maybe_report(bool force = false);

  const Corpus& corpus_;
  const Vocab& vocab_;
  const CooccurrenceOptions& o_;
  const ProgressCallback& progress_;
  Weights weights_;
  SpillDir spill_;
  std::uint64_t vocab_size_;
  int dist_bits_ = 0, sort_bits_ = 0;
  std::uint64_t dense_words_ = 0, buffer_entries_ = 0, pool_budget_ = 0;
  std::vector<std::uint64_t> chunks_;  // line-aligned byte offsets, chunks_[i]..chunks_[i+1]
  std::atomic<std::size_t> next_chunk_{0};
  std::atomic<std::uint64_t> bytes_done_{0};
  std::atomic<bool> stop_{false};

  std::mutex pool_mutex_;
  std::vector<Run> pool_;               // sorted runs kept in memory
  std::uint64_t pool_bytes_ = 0;
  std::vector<std::filesystem::path> files_;  // spilled runs
  std::mutex spill_mutex_;
  std::uint64_t runs_ = 0, spill_files_ = 0, merge_passes_ = 0;

  std::mutex report_mutex_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_report_ = start_;
};

struct Counter::Thread {
  std::vector<std::uint32_t> dense;   // the thread's dense block
  Run overflow;                       // dense cells that would have overflowed 32 bits
  std::unique_ptr<std::uint64_t[]> buffer;  // sparse pairs: key << dist_bits | distance
  std::unique_ptr<std::uint64_t[]> scratch;  // (uninitialised: pages are touched only when used)
  std::size_t used = 0;
  std::vector<std::uint32_t> history;  // in-vocabulary ids of the current line
  std::uint64_t tokens = 0, pairs = 0;
};

// Chunks end at line ends, so no line is split between threads and the counts do not depend
// on the thread count; chunks are handed out dynamically for load balance.
std::vector<std::uint64_t> Counter::line_chunks() const {
  const std::uint64_t size = corpus_.size_bytes();
  const std::uint64_t step =
      std::clamp<std::uint64_t>(size / (static_cast<std::uint64_t>(o_.threads) * 16), 1 << 16, 1 << 24);
  std::vector<std::uint64_t> bounds{0};
  const int fd = ::open(corpus_.text_path().c_str(), O_RDONLY);
  if (fd < 0) throw IoError(fmt::format("{}: cannot open: {}", corpus_.name(), std::strerror(errno)));
  std::vector<char> buf(1 << 16);
  std::uint64_t pos = step;
  while (pos < size) {
    // Find the first newline at or after pos - 1; the chunk ends just after it.
    std::uint64_t at = pos - 1;
    bool found = false;
    while (!found && at < size) {
      const ssize_t n = ::pread(fd, buf.data(), buf.size(), static_cast<off_t>(at));
      if (n <= 0) break;
      const void* nl = std::memchr(buf.data(), '\n', static_cast<std::size_t>(n));
      if (nl) {
        at += static_cast<std::uint64_t>(static_cast<const char*>(nl) - buf.data()) + 1;
        found = true;
      } else {
        at += static_cast<std::uint64_t>(n);
      }
    }
    if (!found || at >= size) break;
    bounds.push_back(at);
    pos = std::max(at, pos) + step;
  }
  ::close(fd);
  bounds.push_back(size);
  return bounds;
}

void Counter::maybe_report(bool force) {
  if (!progress_) return;
  std::unique_lock lock(report_mutex_, std::defer_lock);
  if (force) lock.lock();
  else if (!lock.try_lock()) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_report_ < std::chrono::milliseconds(200)) return;
  last_report_ = now;
  Progress p;
  p.stage = ProgressStage::Cooccur;
  p.done = bytes_done_.load(std::memory_order_relaxed);
  p.total = corpus_.size_bytes();
  p.fraction = static_cast<double>(p.done) / static_cast<double>(std::max<std::uint64_t>(1, p.total));
  p.elapsed_sec = std::chrono::duration<double>(now - start_).count();
  p.units_per_sec = p.elapsed_sec > 0 ? static_cast<double>(p.done) / p.elapsed_sec : 0.0;
  p.eta_sec = p.fraction > 0 ? p.elapsed_sec * (1.0 - p.fraction) / p.fraction : 0.0;
  progress_(p);
}

void Counter::work(Thread& t) {
  const std::uint64_t cells = dense_words_ * (dense_words_ + 1) / 2;
  t.dense.assign(cells, 0);
  t.buffer.reset(new std::uint64_t[buffer_entries_]);
  t.scratch.reset(new std::uint64_t[buffer_entries_]);
  for (;;) {
    const std::size_t c = next_chunk_.fetch_add(1);
    if (c + 1 >= chunks_.size() || stop_.load(std::memory_order_relaxed)) break;
    count_chunk(t, chunks_[c], chunks_[c + 1]);
  }
  flush_buffer(t);
  t.buffer.reset();
  t.scratch.reset();
}

void Counter::count_chunk(Thread& t, std::uint64_t begin, std::uint64_t end) {
  with_token_reader(corpus_.text_path(), begin, end, o_.tokenizer.get(),
                    [&](auto& reader) { count_lines(t, reader, begin, end); });
}

template <typename Reader>
void Counter::count_lines(Thread& t, Reader& reader, std::uint64_t begin, std::uint64_t end) {
  const auto window = static_cast<std::size_t>(o_.window);
  const std::uint64_t dense_words = dense_words_, vocab_size = vocab_size_;
  const std::uint32_t* weight = weights_.of_distance.data();
  const int dist_bits = dist_bits_;
  const std::uint64_t buffer_entries = buffer_entries_;
  std::uint32_t* dense = t.dense.data();
  std::uint64_t reported = 0, since_check = 0;
  auto& h = t.history;
  h.clear();
  auto on_token = [&](std::string_view token) {
    const std::int32_t id = vocab_.find(token);
    if (id < 0) return;  // out-of-vocabulary words are dropped before windowing, as in GloVe
    const auto v = static_cast<std::uint32_t>(id);
    const std::size_t n = h.size();
    const std::size_t lo_pos = n > window ? n - window : 0;
    for (std::size_t j = n; j-- > lo_pos;) {
      const std::uint64_t d = n - j;
      const std::uint32_t u = h[j];
      const std::uint64_t hi = std::max(u, v), lo = std::min(u, v);
      if (hi < dense_words) {
        std::uint32_t& cell = dense[hi * (hi + 1) / 2 + lo];
        const std::uint32_t w = weight[d];
        std::uint32_t sum = cell + w;
        if (sum < w) {  // 32-bit overflow: move the cell's count to the overflow list
          t.overflow.push_back({hi * vocab_size + lo, static_cast<std::uint64_t>(cell) + w});
          sum = 0;
        }
        cell = sum;
      } else {
        t.buffer[t.used++] = ((hi * vocab_size + lo) << dist_bits) | d;
        if (t.used == buffer_entries) flush_buffer(t);
      }
    }
    t.pairs += n - lo_pos;
    ++t.tokens;
    ++since_check;
    h.push_back(v);
    if (h.size() >= 4096 + window) h.erase(h.begin(), h.end() - static_cast<std::ptrdiff_t>(window));
  };
  while (reader.next_line(on_token)) {
    h.clear();
    if (since_check >= 65536) {
      since_check = 0;
      o_.cancel.throw_if_requested();
      if (stop_.load(std::memory_order_relaxed)) return;
      const std::uint64_t consumed = reader.consumed();
      bytes_done_.fetch_add(consumed - reported, std::memory_order_relaxed);
      reported = consumed;
      maybe_report();
    }
  }
  h.clear();
  bytes_done_.fetch_add(end - begin - reported, std::memory_order_relaxed);
  maybe_report();
}

// Sorts the thread's sparse buffer, sums equal pairs into a run and hands it over.
void Counter::flush_buffer(Thread& t) {
  if (t.used == 0) return;
  const std::uint64_t* sorted = cooccur::radix_sort(t.buffer.get(), t.scratch.get(), t.used, sort_bits_);
  Run run;
  std::size_t distinct = 1;
  for (std::size_t i = 1; i < t.used; ++i) distinct += (sorted[i] >> dist_bits_) != (sorted[i - 1] >> dist_bits_);
  run.reserve(distinct);
  const std::uint64_t dist_mask = (std::uint64_t{1} << dist_bits_) - 1;
  const std::uint32_t* weight = weights_.of_distance.data();
  std::uint64_t key = sorted[0] >> dist_bits_, count = 0;
  for (std::size_t i = 0; i < t.used; ++i) {
    const std::uint64_t k = sorted[i] >> dist_bits_;
    if (k != key) {
      run.push_back({key, count});
      key = k;
      count = 0;
    }
    count += weight[sorted[i] & dist_mask];
  }
  run.push_back({key, count});
  t.used = 0;
  add_run(std::move(run));
}

void Counter::add_run(Run run) {
  std::vector<Run> to_spill;
  {
    std::lock_guard lock(pool_mutex_);
    ++runs_;
    pool_bytes_ += run.capacity() * sizeof(RunEntry);
    pool_.push_back(std::move(run));
    if (pool_bytes_ <= pool_budget_) return;
    to_spill.swap(pool_);
    pool_bytes_ = 0;
  }
  spill(std::move(to_spill));
}

// Merges runs into one new spill file.
void Counter::spill(std::vector<Run> runs) {
  std::unique_ptr<RunWriter> writer;
  {
    std::lock_guard lock(spill_mutex_);
    writer = std::make_unique<RunWriter>(spill_.next_file());
    ++spill_files_;
  }
  std::vector<std::unique_ptr<Source>> owned;
  std::vector<Source*> sources;
  for (const auto& r : runs) {
    owned.push_back(std::make_unique<MemorySource>(r));
    sources.push_back(owned.back().get());
  }
  cooccur::merge_sources(
      sources, [&](std::uint64_t key, std::uint64_t count) { writer->add({key, count}); }, o_.cancel);
  writer->close();
  {
    std::lock_guard lock(pool_mutex_);
    files_.push_back(writer->path());
  }
  maybe_report(/*force=*/true);  // a spill is rare and worth a report
}

// Merges spill files in groups until at most max_fan_in remain.
void Counter::reduce_fan_in() {
  const auto fan_in = static_cast<std::size_t>(o_.max_fan_in);
  while (files_.size() > fan_in) {
    const std::size_t take = std::min(fan_in, files_.size() - fan_in + 1);
    std::vector<std::filesystem::path> group(files_.begin(), files_.begin() + static_cast<std::ptrdiff_t>(take));
    files_.erase(files_.begin(), files_.begin() + static_cast<std::ptrdiff_t>(take));
    RunWriter writer(spill_.next_file());
    ++spill_files_;
    {
      std::vector<std::unique_ptr<Source>> owned;
      std::vector<Source*> sources;
      for (const auto& f : group) {
        owned.push_back(std::make_unique<FileSource>(f));
        sources.push_back(owned.back().get());
      }
      cooccur::merge_sources(
          sources, [&](std::uint64_t key, std::uint64_t count) { writer.add({key, count}); }, o_.cancel);
    }
    writer.close();
    for (const auto& f : group) std::filesystem::remove(f);
    files_.push_back(writer.path());
    ++merge_passes_;
  }
}

CooccurrenceRecords Counter::run(CooccurrenceStats& stats) {
  const auto nthreads = static_cast<std::size_t>(o_.threads);
  std::vector<Thread> threads(nthreads);
  std::vector<std::exception_ptr> errors(nthreads);
  {
    std::vector<std::thread> pool;
    for (std::size_t i = 0; i < nthreads; ++i)
      pool.emplace_back([&, i] {
        try {
          work(threads[i]);
        } catch (...) {
          errors[i] = std::current_exception();
          stop_ = true;
        }
      });
    for (auto& th : pool) th.join();
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  o_.cancel.throw_if_requested();

  // Sum the dense blocks into the first one.
  Thread& first = threads[0];
  for (std::size_t i = 1; i < nthreads; ++i) {
    Thread& t = threads[i];
    std::uint64_t hi = 0, lo = 0;
    for (std::size_t c = 0; c < first.dense.size(); ++c) {
      const std::uint32_t w = t.dense[c];
      if (w != 0) {
        std::uint32_t sum = first.dense[c] + w;
        if (sum < w) {
          first.overflow.push_back({hi * vocab_size_ + lo, static_cast<std::uint64_t>(first.dense[c]) + w});
          sum = 0;
        }
        first.dense[c] = sum;
      }
      if (++lo > hi) {
        ++hi;
        lo = 0;
      }
    }
    t.dense = {};
    first.overflow.insert(first.overflow.end(), t.overflow.begin(), t.overflow.end());
    t.overflow = {};
  }
  std::sort(first.overflow.begin(), first.overflow.end(),
            [](const RunEntry& a, const RunEntry& b) { return a.key < b.key; });
  for (const auto& t : threads) {
    stats.tokens += t.tokens;
    stats.pairs += t.pairs;
  }

  // Keep the runs in memory only if they and the result fit in the budget together.
  std::uint64_t pool_entries = 0;
  for (const auto& r : pool_) pool_entries += r.size();
  const std::uint64_t dense_nonzero =
      static_cast<std::uint64_t>(std::count_if(first.dense.begin(), first.dense.end(), [](std::uint32_t c) { return c != 0; }));
  const std::uint64_t result_bytes = (pool_entries + dense_nonzero + first.overflow.size()) * sizeof(CooccurRecord);
  const std::uint64_t dense_bytes = first.dense.size() * sizeof(std::uint32_t);
  if (!pool_.empty() && pool_bytes_ + result_bytes + dense_bytes > o_.memory_bytes) {
    std::vector<Run> runs;
    runs.swap(pool_);
    pool_bytes_ = 0;
    spill(std::move(runs));
  }
  reduce_fan_in();

  CooccurrenceRecords records(/*paired=*/true);
  {
    std::vector<std::unique_ptr<Source>> owned;
    owned.push_back(std::make_unique<DenseSource>(first.dense, vocab_size_));
    owned.push_back(std::make_unique<MemorySource>(first.overflow));
    for (const auto& r : pool_) owned.push_back(std::make_unique<MemorySource>(r));
    for (const auto& f : files_) owned.push_back(std::make_unique<FileSource>(f));
    std::vector<Source*> sources;
    for (auto& s : owned) sources.push_back(s.get());
    const double inv_scale = 1.0 / static_cast<double>(weights_.scale);
    cooccur::merge_sources(sources, [&](std::uint64_t key, std::uint64_t count) {
      const auto hi = static_cast<std::uint32_t>(key / vocab_size_), lo = static_cast<std::uint32_t>(key % vocab_size_);
      // A word near itself adds to (w, w) from both sides, as GloVe's symmetric count does.
      const double value = static_cast<double>(count) * inv_scale * (hi == lo ? 2.0 : 1.0);
      records.push_back({hi, lo, static_cast<float>(value)});
      stats.records += hi == lo ? 1 : 2;
    }, o_.cancel);
  }
  stats.dense_words = dense_words_;
  stats.runs = runs_;
  stats.spill_files = spill_files_;
  stats.merge_passes = merge_passes_;
  if (progress_) {
    Progress p;
    p.stage = ProgressStage::Cooccur;
    p.done = p.total = corpus_.size_bytes();
    p.fraction = 1.0;
    p.elapsed_sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    p.units_per_sec = p.elapsed_sec > 0 ? static_cast<double>(p.done) / p.elapsed_sec : 0.0;
    p.finished = true;
    progress_(p);
  }
  return records;
}

}  // namespace

CooccurrenceRecords count_cooccurrences(const Corpus& corpus, const Vocab& vocab, const CooccurrenceOptions& options,
                                        CooccurrenceStats* stats, const ProgressCallback& progress) {
  options.validate();
  if (vocab.empty()) throw DataError(fmt::format("{}: the vocabulary is empty", corpus.name()));
  CooccurrenceStats local;
  Counter counter(corpus, vocab, options, progress);
  CooccurrenceRecords records = counter.run(local);
  if (stats) *stats = local;
  return records;
}

}  // namespace wordvec
