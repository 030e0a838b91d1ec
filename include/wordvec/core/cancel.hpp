#pragma once
// A process-wide request to stop long work early (set from a signal handler).
#include <atomic>
#include <string>
#include <utility>

#include "wordvec/core/error.hpp"

namespace wordvec {

/// Thrown by long-running work when cancellation was requested.
class Cancelled : public Error {
 public:
  Cancelled() : Error("interrupted") {}
  /// Stopped after keeping something the user can go on from; `kept` says what ("wrote the checkpoint ...").
  explicit Cancelled(std::string kept) : Error("interrupted"), kept_(std::move(kept)) {}
  /// What was kept; empty when nothing was written.
  const std::string& kept() const { return kept_; }

 private:
  std::string kept_;
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
