#pragma once
// Shows library progress reports on stderr: a bar on a terminal, plain lines otherwise.
#include <chrono>
#include <csignal>
#include <string>

#include "wordvec/core/progress.hpp"

namespace wordvec::cli {

/// Turns Progress snapshots into output on stderr.
class ProgressPrinter {
 public:
  /// `quiet` prints nothing; `terminal` draws a redrawn bar that fits the terminal's width (and
  /// follows its resizing), else a line every `interval_sec`.
  ProgressPrinter(bool quiet, bool terminal, double interval_sec = 5.0);
  /// Restores the SIGWINCH handler it replaced.
  ~ProgressPrinter();
  ProgressPrinter(const ProgressPrinter&) = delete;
  ProgressPrinter& operator=(const ProgressPrinter&) = delete;
  /// The callback to hand to the library.
  ProgressCallback callback();
  /// Called with each report.
  void show(const Progress& p);

  /// The bar line for `p` in at most `columns - 1` columns (the last one is left free so the terminal
  /// never wraps): the bar shrinks first, then fields go from right to left (epoch, loss, lr, rate),
  /// then the bar, and the ETA last of all.
  static std::string bar_line(const Progress& p, int columns);

 private:
  int columns();

  bool quiet_, terminal_;
  double interval_;
  std::chrono::steady_clock::time_point last_;
  bool first_ = true;
  int columns_ = 0;  // 0: not read yet
  bool handler_installed_ = false;
  struct sigaction previous_ {};
};

}  // namespace wordvec::cli
