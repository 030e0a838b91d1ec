#include "distributed_run.hpp"

#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#ifdef WORDVEC_HAVE_MPI
#include "wordvec/distributed/mpi_cluster.hpp"
#endif

namespace wordvec::cli {

int launcher_ranks() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
    if (const char* v = std::getenv(name)) return std::max(1, std::atoi(v));
  return 1;
}

DistributedRun DistributedRun::join() {
  DistributedRun run;
  if (launcher_ranks() <= 1) return run;
#ifdef WORDVEC_HAVE_MPI
  run.cluster_ = join_mpi_job(nullptr, nullptr);
#else
  throw OptionError("started by mpirun with several processes, but this wordvec was built without MPI "
                    "(install libopenmpi-dev and configure with -DWORDVEC_MPI=ON)");
#endif
  return run;
}

DistributedRun::~DistributedRun() = default;

void DistributedRun::fail(const char* command, std::exception_ptr e) const {
  if (!cluster_) std::rethrow_exception(e);
  int code = 1;
  std::string message;
  try {
    std::rethrow_exception(e);
  } catch (const Cancelled&) {
    message = "stopped, nothing written";
    code = 130;
  } catch (const OptionError& err) {
    message = std::string("error: ") + err.what();
    code = 2;
  } catch (const std::bad_alloc&) {
    message = "error: out of memory";
  } catch (const std::exception& err) {
    message = std::string("error: ") + err.what();
  }
  std::fprintf(stderr, "wordvec %s: rank %d of %d: %s\n", command, rank(), size(), message.c_str());
  std::fflush(stderr);
#ifdef WORDVEC_HAVE_MPI
  abort_mpi_job(code);
#else
  std::_Exit(code);
#endif
}

}  // namespace wordvec::cli
