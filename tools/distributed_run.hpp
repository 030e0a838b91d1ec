#pragma once
// `mpirun -np N wordvec train ...`: joining the MPI job, and failing it as a whole.
#include <exception>
#include <memory>

#include "wordvec/core/cluster.hpp"

namespace wordvec::cli {

/// Processes the launcher (mpirun, mpiexec, srun) started, from its environment; 1 without one.
int launcher_ranks();

/// The MPI job this run is part of, when there is one with more than one rank.
class DistributedRun {
 public:
  /// Joins the job when launcher_ranks() > 1; throws OptionError when this build has no MPI.
  static DistributedRun join();
  DistributedRun(DistributedRun&&) = default;
  ~DistributedRun();

  /// The cluster, or null when this is a single-process run.
  Cluster* cluster() const { return cluster_.get(); }
  /// This process's rank (0 for a single process).
  int rank() const { return cluster_ ? cluster_->rank() : 0; }
  /// Number of ranks (1 for a single process).
  int size() const { return cluster_ ? cluster_->size() : 1; }
  /// In a job: prints `e` for `command`, naming this rank, and ends every rank with main()'s exit
  /// code for it (the others may be waiting for this one). A single process rethrows it to main().
  [[noreturn]] void fail(const char* command, std::exception_ptr e) const;

 private:
  DistributedRun() = default;
  std::unique_ptr<Cluster> cluster_;
};

}  // namespace wordvec::cli
