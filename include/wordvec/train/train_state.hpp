#pragma once
// What a deterministic run needs to stop and continue exactly: its parameters and where its loop
// stands, handed out after a round (checkpoints) and taken back on resume.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "wordvec/core/matrix.hpp"
#include "wordvec/train/training_loop.hpp"

namespace wordvec {

/// One parameter matrix of a run, without padding, named for the checkpoint file.
struct ParamMatrix {
  std::string name;  ///< "input", "output" (word2vec, fastText); "words", "contexts" (GloVe)
  Matrix values;     ///< its rows
  /// Number of rows.
  std::size_t rows() const { return static_cast<std::size_t>(values.rows()); }
  /// Floats per row.
  std::size_t cols() const { return static_cast<std::size_t>(values.cols()); }
};

/// A run's full state at the end of a round.
struct TrainState {
  LoopState loop;                  ///< epoch, block, units, loss sums
  std::vector<ParamMatrix> params; ///< every parameter the model trains (GloVe: with AdaGrad's sums and the biases)
  Matrix vectors;                  ///< the word vectors as they stand (what the run would output now)
  std::vector<std::string> doc_tags;  ///< Doc2Vec: the tags of the document rows that follow the word rows in "input"
};

/// Rows of one parameter matrix that a run starts from instead of its random initialisation.
struct ParamRows {
  std::string name;                ///< "input" or "output" (word2vec, fastText)
  std::size_t cols = 0;            ///< floats per row; must be the run's dimension
  std::vector<std::uint64_t> rows; ///< row numbers in the run's matrix (word ids; n-gram rows follow the words)
  std::vector<float> data;         ///< rows.size() * cols values, in the order of `rows`
};

/// A start from trained parameters (fine-tuning with --init-from, --continue): the rows given
/// replace the random start, every other row starts as in a fresh run.
struct WarmStart {
  std::vector<ParamRows> params;   ///< rows to start from, per matrix
  /// Words of the corpus in the vocabulary, when the vocabulary's counts are not this corpus's
  /// alone (continuing merges them with the model's): the units of one epoch, which set the
  /// learning-rate schedule. 0: the vocabulary's total count.
  std::uint64_t corpus_words = 0;
};

/// How a run hands out its state and takes it back. Checkpoints and resuming need
/// Word2VecOptions::deterministic / GloveOptions::deterministic (a Hogwild run has no point at
/// which its parameters stand still); `final` works in both modes.
struct Checkpointing {
  /// Asked after every round: is a checkpoint due now? `stopping`: the run was cancelled and stops here.
  std::function<bool(const LoopState& state, bool stopping)> due;
  /// Receives the state when due() said so.
  std::function<void(const TrainState& state)> save;
  /// Receives the state at the end of the run (the full model), in either mode.
  std::function<void(const TrainState& state)> final;
  /// When set, the run continues from this state instead of starting afresh.
  const TrainState* resume = nullptr;
  /// When set, the run starts from these rows (any mode); `resume`, when also set, comes after it.
  const WarmStart* warm = nullptr;
  /// When set, called after every epoch (0-based) with the word vectors as they stand (what the run
  /// would output now), while no thread trains; its verdict's scores go to the progress reports and
  /// the summary, and its `stop` ends the run there (early stopping). One process only.
  std::function<EpochVerdict(const Matrix& vectors, int epoch)> epoch_end;
};

}  // namespace wordvec
