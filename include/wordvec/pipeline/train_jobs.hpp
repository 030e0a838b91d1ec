#pragma once
// Whole training jobs on corpus files: the layer above train/ and io/ that opens the corpus,
// counts (or reads) the vocabulary and co-occurrences, saves what was asked for, then trains.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "wordvec/cooccur/cooccurrence_counter.hpp"
#include "wordvec/core/progress.hpp"
#include "wordvec/eval/analogy_eval.hpp"
#include "wordvec/eval/similarity_eval.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/io/format.hpp"
#include "wordvec/train/glove_trainer.hpp"
#include "wordvec/train/training_loop.hpp"
#include "wordvec/train/word2vec_trainer.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

/// Checkpoints, the full model file and resuming, for the whole jobs below.
struct CheckpointOptions {
  std::filesystem::path checkpoint;  ///< write checkpoints here, atomically (needs deterministic training); empty: none
  /// When to write one: "epoch" (at every epoch's end), "N%" (every N percent of the run) or a
  /// time, "N" followed by s, m or h (at the first round's end after that long). A cancelled run
  /// (SIGINT, SIGTERM) always writes one before it stops.
  std::string every = "epoch";
  std::filesystem::path save_model;  ///< write the full model here at the end (any mode); empty: none
  std::filesystem::path resume;      ///< continue from this checkpoint; refused unless options and corpus are the same
  std::vector<std::string> args;     ///< the command line, kept in the files ("train.args") so it can be repeated
  /// Start from these pretrained vectors (any format read_embeddings reads): the input rows of the words
  /// they hold; every other row starts random. Skip-gram, CBOW and fastText; the dimension must match.
  std::filesystem::path init_from;
  /// Continue this full model (--save-model) on a new corpus: its words keep their input and output
  /// rows (and n-gram rows), the corpus's words seen min_count times there are added, counts are
  /// summed, and the negative-sampling table and subsampling follow the summed counts. The learning
  /// rate decays linearly from the run's lr over the run's epochs, as in a fresh run.
  std::filesystem::path continue_from;
  /// True when anything above is asked for.
  bool any() const { return !checkpoint.empty() || !save_model.empty() || !resume.empty(); }
  /// Throws OptionError for a bad `every`.
  void validate() const;
};

/// Evaluation after every epoch, the same as `wordvec eval` with its restrictions, and early stopping.
struct EpochEvaluation {
  std::vector<std::filesystem::path> analogies;   ///< analogy files: total accuracy (3CosAdd)
  std::vector<std::filesystem::path> similarity;  ///< word-pair files: Spearman's rho
  AnalogyOptions analogy;      ///< restriction and case as `wordvec eval` (first 30,000 words)
  SimilarityOptions pairs;     ///< restriction and case as `wordvec eval` (first 300,000 words)
  /// Stop when the first score (the first analogy file's accuracy, else the first word-pair file's
  /// Spearman) has not improved for this many epochs, and return the best epoch's vectors. 0: off.
  int early_stop = 0;
  NoticeCallback notice;  ///< told when a file's byte order mark is skipped; may be empty
  /// True when any file is given.
  bool any() const { return !analogies.empty() || !similarity.empty(); }
  /// Throws OptionError: early stopping without a file, a negative count.
  void validate() const;
};

/// A file the caller will write the job's result to. The job checks the free space for all of them (and its
/// checkpoint files) before it reads the corpus, with what is known then (the n-gram buckets of a subword
/// model), and again once the vocabulary is counted, with the whole matrix, before training: IoError.
struct PlannedOutput {
  std::filesystem::path path;      ///< the file (not standard output)
  Format format = Format::W2vBin;  ///< what it will hold
  WriteOptions write;              ///< how it will be written (float16 halves the size)
};

/// The command line a checkpoint was written by ("train.args"), or empty.
std::vector<std::string> checkpoint_args(const std::filesystem::path& checkpoint);

/// The whole job on a corpus file ("-" for stdin, ".gz" accepted): count the vocabulary, then train.
/// vocab_options.tokenizer (unless options.tokenizer is set) splits the lines for both, and its
/// settings go into the metadata. With `distributed`, this process is one rank of a job: it reads
/// its part of the corpus (see open_rank_corpus), the vocabulary is counted by all ranks together,
/// and every rank returns the same vectors (checked by checksum; stats->checksum holds it).
/// `checkpoints` adds checkpoints, the full model file and resuming (see CheckpointOptions);
/// `evaluation`, per-epoch evaluation and early stopping (see EpochEvaluation).
/// `outputs`: the files the result will go to, for the free-space checks (see PlannedOutput).
Embeddings train_word2vec(const std::string& input, const VocabOptions& vocab_options, const Word2VecOptions& options,
                          const ProgressCallback& progress = {}, TrainingSummary* summary = nullptr,
                          const DistributedTraining& distributed = {}, const CheckpointOptions& checkpoints = {},
                          const EpochEvaluation& evaluation = {}, const std::vector<PlannedOutput>& outputs = {});

/// The whole Doc2Vec job on a corpus file (options.model dbow or dm): the documents and their
/// tags (scan_documents), the vocabulary (first-token tags are not words), then training. Under
/// `checkpoints`, --save-model's file is the full model read_doc2vec_model reads (for `infer`); `model`, when
/// given, receives that full model in memory. checkpoints.init_from and continue_from are refused (word models only).
DocVectors train_doc2vec(const std::string& input, const VocabOptions& vocab_options, const Word2VecOptions& options,
                         const ProgressCallback& progress = {}, TrainingSummary* summary = nullptr,
                         const CheckpointOptions& checkpoints = {}, Doc2VecModel* model = nullptr);

/// Reads the full model file of a dbow or dm run (train's --save-model); throws IoError, or
/// FormatError when it is not one (another model, no training state, missing options).
Doc2VecModel read_doc2vec_model(const std::filesystem::path& path);
/// Writes `model` as the full model file read_doc2vec_model reads (what --save-model writes at the end of
/// a run), atomically; throws OptionError when its matrices do not fit its vocabulary and tags, IoError.
void write_doc2vec_model(const Doc2VecModel& model, const std::filesystem::path& path);

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
/// files.cooccur), optionally saved, then training; vocab_options.tokenizer splits the lines for
/// both countings and goes into the metadata. `outputs`: the files the result will go to, for the
/// free-space check once the vocabulary is known (see PlannedOutput).
Embeddings train_glove(const std::string& input, const VocabOptions& vocab_options, const GloveOptions& options,
                       const GloveFiles& files = {}, const ProgressCallback& progress = {},
                       GloveReport* report = nullptr, const CheckpointOptions& checkpoints = {},
                       const EpochEvaluation& evaluation = {},
                       const std::vector<PlannedOutput>& outputs = {});

}  // namespace wordvec
