#pragma once
// Shows library progress reports on stderr: a bar on a terminal, plain lines otherwise.
#include <chrono>

#include "wordvec/core/progress.hpp"

namespace wordvec::cli {

/// Turns Progress snapshots into output on stderr.
class ProgressPrinter {
 public:
  /// `quiet` prints nothing; `terminal` draws a redrawn bar, else a line every `interval_sec`.
  ProgressPrinter(bool quiet, bool terminal, double interval_sec = 5.0);
  /// The callback to hand to the library.
  ProgressCallback callback();
  /// Called with each report.
  void show(const Progress& p);

 private:
  bool quiet_, terminal_;
  double interval_;
  std::chrono::steady_clock::time_point last_;
  bool first_ = true;
};

}  // namespace wordvec::cli
