#pragma once
// The MPI implementation of Cluster (OpenMPI or any MPI 3 library). Built only when CMake finds
// MPI (-DWORDVEC_MPI=ON|AUTO), into its own library beside wordvec_lib, so that the library and
// its installed package do not depend on MPI.
#include <memory>

#include "wordvec/core/cluster.hpp"

namespace wordvec {

/// True when this process was started by mpirun / mpiexec / srun (their environment variables).
bool launched_by_mpi();

/// Joins the MPI job this process was started in: MPI_Init_thread with MPI_THREAD_SERIALIZED (one
/// thread at a time makes MPI calls: the main thread, or the communication thread while training
/// runs). The returned cluster finalises MPI when destroyed. Throws Error when MPI refuses.
std::unique_ptr<Cluster> join_mpi_job(int* argc, char*** argv);

/// Ends every rank of the job with exit code `code` (MPI_Abort): other ranks may be waiting in a
/// collective call for this one and would wait forever.
[[noreturn]] void abort_mpi_job(int code);

}  // namespace wordvec
