#pragma once
// Progress reports travel from long-running library work to whoever shows them.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace wordvec {

/// The long-running jobs that report progress.
enum class ProgressStage {
  Vocab,    ///< counting the vocabulary
  Train,    ///< word2vec, CBOW and fastText training
  Cooccur,  ///< counting co-occurrences (GloVe's first pass)
  Glove,    ///< GloVe training
  KMeans,   ///< k-means clustering
  Phrases,  ///< learning and joining phrases (epoch / epochs: the pass)
  Embed,    ///< embedding documents into a collection (units: documents)
};

/// The stage's name in progress lines and messages: "vocab", "train", "cooccur", "glove", "kmeans", "phrases", "embed".
constexpr const char* stage_name(ProgressStage stage) {
  switch (stage) {
    case ProgressStage::Vocab: return "vocab";
    case ProgressStage::Train: return "train";
    case ProgressStage::Cooccur: return "cooccur";
    case ProgressStage::Glove: return "glove";
    case ProgressStage::KMeans: return "kmeans";
    case ProgressStage::Phrases: return "phrases";
    case ProgressStage::Embed: return "embed";
  }
  return "?";
}

/// One evaluation score, as measured after an epoch (per-epoch evaluation).
struct EvalScore {
  std::string name;    ///< what was measured: the test file's name
  std::string metric;  ///< "accuracy" (analogies, 0..1) or "spearman" (word pairs, -1..1)
  double value = 0.0;  ///< the score (NaN when nothing could be scored)
};

/// One snapshot of a long-running job; fields that do not apply are left at zero.
struct Progress {
  ProgressStage stage = ProgressStage::Train;  ///< what is running
  double fraction = 0.0;       ///< share of the whole job done, 0..1
  std::uint64_t done = 0;      ///< units done so far (words, records, ...)
  std::uint64_t total = 0;     ///< units in the whole job, 0 when unknown
  double units_per_sec = 0.0;  ///< throughput since the start
  double learning_rate = 0.0;  ///< current learning rate
  double loss = 0.0;           ///< mean loss of the current epoch so far
  int epoch = 0;               ///< current epoch, 1-based; 0 outside training
  int epochs = 0;              ///< number of epochs
  double elapsed_sec = 0.0;    ///< time since the start
  double eta_sec = 0.0;        ///< estimated time left
  bool finished = false;       ///< true on the last report of the job
  /// Scores of the evaluation after the last finished epoch (training with per-epoch evaluation); else empty.
  std::vector<EvalScore> scores;
};

/// Receives progress snapshots; called from one thread at a time, at most a few times a second.
using ProgressCallback = std::function<void(const Progress&)>;

/// Receives one-line notes for the user about what the library did to the input without being asked
/// (a byte order mark skipped, lines with invalid UTF-8 skipped or repaired); the front end prints them.
using NoticeCallback = std::function<void(const std::string& note)>;

}  // namespace wordvec
