#include "wordvec/distributed/mpi_cluster.hpp"

#include <mpi.h>

#include <chrono>
#include <climits>
#include <cstdlib>
#include <thread>

#include <fmt/format.h>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/half_float.hpp"

namespace wordvec {

namespace {

// Waits for a non-blocking collective by testing it: the waiting thread sleeps between tests
// instead of spinning (MPI_Wait spins), so on a machine where every core trains, the
// communication thread takes little of a core from the training threads while it waits for a
// slower rank. Throws Cancelled when `stop` is set (the job is being torn down).
void wait(MPI_Request& request, const std::atomic<bool>* stop) {
  for (int spins = 0;; ++spins) {
    int done = 0;
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return;
    if (stop && stop->load(std::memory_order_relaxed)) throw Cancelled();
    if (spins > 64) std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

// MPI has no half-precision type: the values travel as 16-bit integers and this operation adds
// them as halves (each partial sum rounded to half precision).
void add_halves(void* in, void* inout, int* len, MPI_Datatype*) {
  const auto* a = static_cast<const std::uint16_t*>(in);
  auto* b = static_cast<std::uint16_t*>(inout);
  for (int i = 0; i < *len; ++i) b[i] = to_half(from_half(a[i]) + from_half(b[i]));
}

int as_count(std::size_t n) {
  if (n > static_cast<std::size_t>(INT_MAX))
    throw DataError(fmt::format("MPI message of {} elements: more than an int can count", n));
  return static_cast<int>(n);
}

class MpiCluster final : public Cluster {
 public:
  MpiCluster() {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    MPI_Op_create(&add_halves, 1, &add_halves_);
  }
  ~MpiCluster() override {
    MPI_Op_free(&add_halves_);
    MPI_Finalize();
  }

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  void allreduce_sum(const float* in, float* out, std::size_t n, const std::atomic<bool>* stop) override {
    reduce(in, out, n, MPI_FLOAT, MPI_SUM, stop);
    count_sent(n * sizeof(float));
  }
  void allreduce_sum_half(const std::uint16_t* in, std::uint16_t* out, std::size_t n,
                          const std::atomic<bool>* stop) override {
    reduce(in, out, n, MPI_UINT16_T, add_halves_, stop);
    count_sent(n * sizeof(std::uint16_t));
  }
  void allreduce_sum(const double* in, double* out, std::size_t n, const std::atomic<bool>* stop) override {
    reduce(in, out, n, MPI_DOUBLE, MPI_SUM, stop);
    count_sent(n * sizeof(double));
  }
  void allreduce_sum(const std::uint64_t* in, std::uint64_t* out, std::size_t n,
                     const std::atomic<bool>* stop) override {
    reduce(in, out, n, MPI_UINT64_T, MPI_SUM, stop);
    count_sent(n * sizeof(std::uint64_t));
  }
  void allreduce_min(const std::uint64_t* in, std::uint64_t* out, std::size_t n,
                     const std::atomic<bool>* stop) override {
    reduce(in, out, n, MPI_UINT64_T, MPI_MIN, stop);
    count_sent(n * sizeof(std::uint64_t));
  }

  std::vector<std::string> allgather(const std::string& bytes) override {
    const std::uint64_t mine = bytes.size();
    std::vector<std::uint64_t> sizes(static_cast<std::size_t>(size_));
    MPI_Allgather(&mine, 1, MPI_UINT64_T, sizes.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD);
    std::vector<int> counts(sizes.size()), displs(sizes.size());
    std::size_t total = 0;
    for (std::size_t r = 0; r < sizes.size(); ++r) {
      displs[r] = as_count(total);
      counts[r] = as_count(static_cast<std::size_t>(sizes[r]));
      total += static_cast<std::size_t>(sizes[r]);
    }
    as_count(total);
    std::string all(total, '\0');
    MPI_Allgatherv(bytes.data(), as_count(bytes.size()), MPI_BYTE, all.data(), counts.data(), displs.data(), MPI_BYTE,
                   MPI_COMM_WORLD);
    count_sent(bytes.size());
    std::vector<std::string> out;
    for (std::size_t r = 0; r < sizes.size(); ++r)
      out.emplace_back(all.substr(static_cast<std::size_t>(displs[r]), static_cast<std::size_t>(counts[r])));
    return out;
  }

  void broadcast(float* data, std::size_t n, int root) override {
    MPI_Bcast(data, as_count(n), MPI_FLOAT, root, MPI_COMM_WORLD);
    if (rank_ == root) count_sent(n * sizeof(float));
  }

 private:
  void reduce(const void* in, void* out, std::size_t n, MPI_Datatype type, MPI_Op op, const std::atomic<bool>* stop) {
    MPI_Request request;
    MPI_Iallreduce(in, out, as_count(n), type, op, MPI_COMM_WORLD, &request);
    wait(request, stop);
  }
  int rank_ = 0, size_ = 1;
  MPI_Op add_halves_ = MPI_OP_NULL;
};

}  // namespace

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}

std::unique_ptr<Cluster> join_mpi_job(int* argc, char*** argv) {
  int provided = 0;
  if (MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS)
    throw Error("MPI_Init_thread failed");
  if (provided < MPI_THREAD_SERIALIZED) {
    MPI_Finalize();
    throw Error(fmt::format("the MPI library offers thread level {}, training needs MPI_THREAD_SERIALIZED", provided));
  }
  return std::make_unique<MpiCluster>();
}

void abort_mpi_job(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

}  // namespace wordvec
