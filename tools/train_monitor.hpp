#pragma once
// `wordvec train` options that watch a run, shared by every model: per-epoch evaluation
// (--eval-analogies, --eval-similarity, --early-stop) and machine-readable progress (--progress json).
#include <cstdio>
#include <memory>
#include <string>

#include "options.hpp"
#include "progress_printer.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/pipeline/train_jobs.hpp"

namespace wordvec::cli {

/// How progress is shown.
struct MonitorFlags {
  std::string progress = "text";  ///< "text" (a bar or lines) or "json" (one object per report)
  std::string progress_file;      ///< where JSON reports go; empty: standard error
};

/// Adds the evaluation and progress options, filling `evaluation` and `flags`.
void add_monitor_options(po::options_description& opts, EpochEvaluation& evaluation, MonitorFlags& flags);

/// Where a run's progress goes: the text printer, or one JSON object per report.
class TrainMonitor {
 public:
  /// Throws OptionError for a bad --progress, IoError when --progress-file cannot be opened.
  TrainMonitor(const MonitorFlags& flags, bool quiet, bool terminal);
  ~TrainMonitor();
  TrainMonitor(const TrainMonitor&) = delete;
  TrainMonitor& operator=(const TrainMonitor&) = delete;
  /// The callback to hand to the library (JSON reports are written even with --quiet).
  ProgressCallback callback();
  /// After the run: per-epoch loss and scores (text: when evaluated; JSON: one "summary" object).
  void summary(const TrainingSummary& summary, const Embeddings& emb);

 private:
  void json(const Progress& p);

  bool quiet_;
  ProgressPrinter printer_;
  std::FILE* json_ = nullptr;  // null: text
  bool own_file_ = false;
  double last_sec_ = -1.0;
  int last_epoch_ = -1;
  std::size_t last_scores_ = 0;
  int last_stage_ = -1;
};

}  // namespace wordvec::cli
