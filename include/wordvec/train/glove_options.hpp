#pragma once
// Options of GloVe (Pennington et al. 2014): co-occurrence counting and AdaGrad training.
#include <cstdint>
#include <filesystem>

#include "wordvec/core/cancel.hpp"

namespace wordvec {

/// Hyper-parameters of GloVe, with Stanford GloVe's defaults.
struct GloveOptions {
  int dim = 100;               ///< vector size
  int window = 10;             ///< symmetric context window; a pair at distance d counts 1/d
  double x_max = 100.0;        ///< weighting cutoff: f(x) = min(1, (x / x_max)^power)
  double power = 0.75;         ///< exponent of the weighting function
  int epochs = 25;             ///< passes over the co-occurrence records
  double lr = 0.05;            ///< AdaGrad's initial learning rate
  int threads = 1;             ///< counting and training threads
  /// Memory budget of co-occurrence counting, in GB (10^9 bytes). 0.4 keeps the whole pipeline's
  /// peak under a third of Stanford GloVe's on enwiki-9m (428 MB against 1,511 MB; 1.0 gave 598 MB)
  /// at the same speed: beyond it sorted runs spill to disk and are merged.
  double memory_gb = 0.4;
  /// Vectors and biases start uniform in [-r, r); 0 picks 0.5/sqrt(dim). Stanford GloVe uses
  /// 0.5/dim, which leaves 15 epochs short of where the larger start gets (bench/README.md).
  double init_range = 0.0;
  std::uint64_t seed = 1;      ///< random seed (initialisation and shuffle)
  /// Same vectors for the same seed whatever `threads` is, and on every run: the records are
  /// trained in a fixed grid of cells whose rounds never share a row (see glove_trainer.cpp).
  bool deterministic = false;
  std::filesystem::path temp_dir;  ///< where spilled runs go; empty: $TMPDIR or /tmp
  /// Stops counting and training with Cancelled once set (default: never); not a hyper-parameter.
  CancellationToken cancel;

  /// The memory budget in bytes.
  std::uint64_t memory_bytes() const { return static_cast<std::uint64_t>(memory_gb * 1e9); }
  /// The initialisation range after applying the default.
  double effective_init_range() const;
  /// Throws OptionError naming the first bad value.
  void validate() const;
};

}  // namespace wordvec
