#pragma once
// Stopping long work early: the caller owns a CancellationSource and hands its token to the work it
// starts (through the options structs and entry points); the work checks the token where it can stop
// cleanly and throws Cancelled. Each run has its own source, so two runs in one process never stop
// each other; the command-line tool sets its source from a signal handler.
#include <atomic>
#include <string>
#include <utility>

#include "wordvec/core/error.hpp"

namespace wordvec {

/// Thrown by long-running work when its cancellation token was set.
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

class CancellationSource;

/// A view of a CancellationSource that work checks; cheap to copy. A default-constructed token is
/// never cancelled. The source must outlive every token taken from it.
class CancellationToken {
 public:
  /// A token that is never cancelled.
  CancellationToken() = default;
  /// True once the source asked the work to stop.
  bool requested() const noexcept { return flag_ != nullptr && flag_->load(std::memory_order_relaxed); }
  /// Throws Cancelled when requested().
  void throw_if_requested() const {
    if (requested()) throw Cancelled();
  }

 private:
  friend class CancellationSource;
  explicit CancellationToken(const std::atomic<bool>* flag) : flag_(flag) {}
  const std::atomic<bool>* flag_ = nullptr;
};

/// The owner's side: asks the work holding its tokens to stop. Neither copyable nor movable (tokens
/// point into it).
class CancellationSource {
 public:
  CancellationSource() = default;
  CancellationSource(const CancellationSource&) = delete;
  CancellationSource& operator=(const CancellationSource&) = delete;

  /// A token for the work to check.
  CancellationToken token() const noexcept { return CancellationToken(&flag_); }
  /// Asks the work to stop at its next check (lock-free: async-signal-safe).
  void request() noexcept { flag_.store(true, std::memory_order_relaxed); }
  /// Withdraws the request (an interactive prompt cancels only the line being typed).
  void clear() noexcept { flag_.store(false, std::memory_order_relaxed); }
  /// True once request() was called (and not cleared since).
  bool requested() const noexcept { return flag_.load(std::memory_order_relaxed); }

 private:
  static_assert(std::atomic<bool>::is_always_lock_free, "a signal handler sets the flag");
  std::atomic<bool> flag_{false};
};

}  // namespace wordvec
