#pragma once
// A process-wide request to stop long work early (set from a signal handler).
#include <atomic>

#include "wordvec/core/error.hpp"

namespace wordvec {

/// Thrown by long-running work when cancellation was requested.
class Cancelled : public Error {
 public:
  Cancelled() : Error("interrupted") {}
};

/// The flag; lock-free so a signal handler may set it.
inline std::atomic<bool>& cancel_flag() {
  static std::atomic<bool> flag{false};
  return flag;
}

/// Asks running work to stop at its next check (async-signal-safe).
inline void request_cancel() { cancel_flag().store(true, std::memory_order_relaxed); }

/// Withdraws the request (an interactive prompt cancels only the line being typed).
inline void clear_cancel() { cancel_flag().store(false, std::memory_order_relaxed); }

/// True once request_cancel() was called.
inline bool cancel_requested() { return cancel_flag().load(std::memory_order_relaxed); }

}  // namespace wordvec
