#pragma once
// The processes of one distributed job (the ranks of an MPI job), as the library sees them: a few
// collective operations, no MPI types. The MPI implementation lives in src/distributed/mpi_cluster.cpp
// and is built only when MPI is found; everything else works on this interface.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wordvec {

/// A fixed group of processes that run the same job. Every call is collective: all ranks make the
/// same calls in the same order. Calls may come from any one thread at a time, not from two at once.
class Cluster {
 public:
  virtual ~Cluster() = default;
  /// This process's rank, 0..size()-1.
  virtual int rank() const = 0;
  /// Number of processes.
  virtual int size() const = 0;
  /// out[i] = sum over ranks of in[i]; `in` and `out` do not overlap. When `stop` becomes true while
  /// waiting for the other ranks, throws Cancelled (the job is being abandoned).
  virtual void allreduce_sum(const float* in, float* out, std::size_t n, const std::atomic<bool>* stop = nullptr) = 0;
  /// The same for IEEE 754 half-precision (binary16) values given by their bits: half the bytes
  /// of float32 on the wire. Each partial sum is rounded to half precision.
  virtual void allreduce_sum_half(const std::uint16_t* in, std::uint16_t* out, std::size_t n,
                                  const std::atomic<bool>* stop = nullptr) = 0;
  /// out[i] = sum over ranks of in[i].
  virtual void allreduce_sum(const double* in, double* out, std::size_t n, const std::atomic<bool>* stop = nullptr) = 0;
  /// out[i] = sum over ranks of in[i].
  virtual void allreduce_sum(const std::uint64_t* in, std::uint64_t* out, std::size_t n,
                             const std::atomic<bool>* stop = nullptr) = 0;
  /// out[i] = minimum over ranks of in[i].
  virtual void allreduce_min(const std::uint64_t* in, std::uint64_t* out, std::size_t n,
                             const std::atomic<bool>* stop = nullptr) = 0;
  /// Every rank's `bytes`, in rank order.
  virtual std::vector<std::string> allgather(const std::string& bytes) = 0;
  /// Copies rank `root`'s data[0..n) to every rank.
  virtual void broadcast(float* data, std::size_t n, int root) = 0;
  /// Payload bytes this rank has handed to reductions and broadcasts so far.
  std::uint64_t bytes_sent() const { return bytes_sent_.load(std::memory_order_relaxed); }

 protected:
  /// For implementations: counts payload bytes.
  void count_sent(std::uint64_t bytes) { bytes_sent_.fetch_add(bytes, std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> bytes_sent_{0};
};

}  // namespace wordvec
