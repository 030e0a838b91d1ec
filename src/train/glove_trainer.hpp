#pragma once
// GloVe: weighted least squares on log co-occurrence counts, trained with AdaGrad.
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/progress.hpp"
#include "embeddings/embeddings.hpp"
#include "train/cooccurrence_counter.hpp"
#include "train/cooccurrence_records.hpp"
#include "train/glove_options.hpp"
#include "train/training_loop.hpp"
#include "vocab/vocab.hpp"

namespace wordvec {

/// Trains GloVe on co-occurrence records over `vocab` (ids index it). The records are shuffled
/// in place once (no copy); threads then share them lock-free (Hogwild), each taking its slice
/// every epoch. Returns word + context vectors (W + C, GloVe's `-model 2`). `summary` receives
/// the mean cost 0.5 f(x) (w.c + b + b' - log x)^2 per epoch. Throws DataError when the cost
/// becomes NaN or infinite.
Embeddings train_glove(CooccurrenceRecords& records, const Vocab& vocab, const GloveOptions& options,
                       const ProgressCallback& progress = {}, TrainingSummary* summary = nullptr);

/// Files the whole job may read or write besides the corpus.
struct GloveFiles {
  std::filesystem::path save_cooccur;  ///< when set, write the counts here (Stanford binary format)
  std::filesystem::path cooccur;       ///< when set, train from this file instead of counting
  std::filesystem::path vocab;         ///< when set, the vocabulary ("word count" lines, Stanford's vocab.txt)
  std::filesystem::path save_vocab;    ///< when set, write the vocabulary here in that format
};

/// What the whole job did.
struct GloveReport {
  VocabStats vocab;              ///< vocabulary counting
  CooccurrenceStats counting;    ///< co-occurrence counting (zero when read from a file)
  std::uint64_t records = 0;     ///< (word, context) records trained on
  double count_seconds = 0.0;    ///< vocabulary + co-occurrence counting (or reading)
  TrainingSummary training;      ///< per-epoch cost and training time
};

/// The whole job on a corpus file: vocabulary, co-occurrences (counted, or read from
/// files.cooccur), optionally saved, then training.
Embeddings train_glove(const std::string& input, const VocabOptions& vocab_options, const GloveOptions& options,
                       const GloveFiles& files = {}, const ProgressCallback& progress = {},
                       GloveReport* report = nullptr);

}  // namespace wordvec
