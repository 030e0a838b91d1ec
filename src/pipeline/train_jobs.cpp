#include "wordvec/pipeline/train_jobs.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/io/checkpoint_file.hpp"
#include "wordvec/io/native_format.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/distributed/distributed_vocab.hpp"
#include "wordvec/distributed/replica_checksum.hpp"
#include "wordvec/io/glove_cooccur_format.hpp"
#include "wordvec/io/format.hpp"
#include "wordvec/io/vocab_file.hpp"
#include "wordvec/text/tokenizer.hpp"
#include "wordvec/train/documents.hpp"
#include "pipeline/epoch_evaluator.hpp"
#include "pipeline/warm_start.hpp"

namespace wordvec {

namespace {

using Fingerprint = std::map<std::string, std::string>;

// FNV-1a over the first and the last MB of a file, with its size: cheap, and catches another corpus
// (or the same one edited) before hours of training go into the wrong continuation.
std::string file_fingerprint(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot read it again to fingerprint it", path.string()));
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::uint64_t>(in.tellg());
  constexpr std::uint64_t kMB = 1 << 20;
  std::uint64_t h = 0xcbf29ce484222325ULL;
  std::string buf;
  for (const std::uint64_t at : {std::uint64_t{0}, size > kMB ? size - kMB : 0}) {
    buf.assign(static_cast<std::size_t>(std::min(kMB, size)), '\0');
    in.seekg(static_cast<std::streamoff>(at));
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    for (const char c : buf) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  return fmt::format("{} bytes, hash {:016x}", size, h);
}

void add_vocab_options(Fingerprint& f, const VocabOptions& v) {
  f["train.min_count"] = std::to_string(v.min_count);
  f["train.max_vocab"] = std::to_string(v.max_vocab);
  if (v.tokenizer) {
    std::map<std::string, std::string> t;
    v.tokenizer->options().to_metadata(t);
    for (const auto& [k, val] : t) f["train." + k] = val;
  }
}

// The "train." entries of the options alone (read_doc2vec_model reads them back).
Fingerprint word2vec_options_fingerprint(const Word2VecOptions& o) {
  Fingerprint f;
  f["train.model"] = to_string(o.model);
  f["train.dim"] = std::to_string(o.dim);
  f["train.window"] = std::to_string(o.window);
  f["train.loss"] = to_string(o.loss);
  f["train.negative"] = std::to_string(o.negative);
  f["train.sample"] = fmt::format("{}", o.sample);
  f["train.epochs"] = std::to_string(o.epochs);
  f["train.lr"] = fmt::format("{}", o.effective_lr());
  f["train.ns_exponent"] = fmt::format("{}", o.ns_exponent);
  f["train.init_range"] = fmt::format("{}", o.effective_init_range());
  f["train.seed"] = std::to_string(o.seed);
  f["train.max_sentence_length"] = std::to_string(o.max_sentence_length);
  f["train.minn"] = std::to_string(o.subwords.enabled() ? o.subwords.minn : 0);
  f["train.maxn"] = std::to_string(o.subwords.enabled() ? o.subwords.maxn : 0);
  f["train.bucket"] = std::to_string(o.subwords.enabled() ? o.subwords.bucket : 0);
  f["train.deterministic"] = o.deterministic ? "yes" : "no";
  if (o.documents()) {
    f["train.tags"] = to_string(o.tags);
    f["train.dbow_words"] = o.dbow_words ? "yes" : "no";
  }
  return f;
}

Fingerprint word2vec_fingerprint(const VocabOptions& v, const Word2VecOptions& o, const Corpus& corpus) {
  Fingerprint f = word2vec_options_fingerprint(o);
  add_vocab_options(f, v);
  f["train.corpus"] = file_fingerprint(corpus.text_path());
  return f;
}

Fingerprint glove_fingerprint(const VocabOptions& v, const GloveOptions& o, const std::filesystem::path& data) {
  Fingerprint f;
  f["train.model"] = "glove";
  f["train.dim"] = std::to_string(o.dim);
  f["train.window"] = std::to_string(o.window);
  f["train.x_max"] = fmt::format("{}", o.x_max);
  f["train.power"] = fmt::format("{}", o.power);
  f["train.epochs"] = std::to_string(o.epochs);
  f["train.lr"] = fmt::format("{}", o.lr);
  f["train.init_range"] = fmt::format("{}", o.effective_init_range());
  f["train.seed"] = std::to_string(o.seed);
  f["train.deterministic"] = o.deterministic ? "yes" : "no";
  add_vocab_options(f, v);
  f["train.corpus"] = file_fingerprint(data);
  return f;
}

// A distributed job's checkpoint (rank 0's, the job's since the ranks agree when it is written) is
// for a job of as many ranks, at the same rate, over the same shards: each rank's part of the corpus
// is fingerprinted (one file split by byte ranges: the same file on every rank; {rank} files: each
// its own). Collective: every rank calls it.
void add_cluster(Fingerprint& f, Cluster& cluster, const SyncOptions& sync) {
  f["train.ranks"] = std::to_string(cluster.size());
  f["train.sync_lr_scale"] = fmt::format("{}", sync.rank_lr_scale(cluster.size()));
  const auto parts = cluster.allgather(f["train.corpus"]);
  if (std::all_of(parts.begin(), parts.end(), [&](const std::string& p) { return p == parts[0]; })) return;
  std::string corpus;
  for (std::size_t r = 0; r < parts.size(); ++r) corpus += fmt::format("{}rank {}: {}", r ? "; " : "", r, parts[r]);
  f["train.corpus"] = corpus;
}

constexpr char kArgSeparator = '\x1f';

// Refuses a checkpoint made of other options or another corpus, naming the first difference.
void require_same_run(const std::filesystem::path& file, const Fingerprint& saved, const Fingerprint& now) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : saved)
    if (k.rfind("train.", 0) == 0 && k != "train.args") keys.push_back(k);
  for (const auto& [k, v] : now)
    if (!saved.count(k)) keys.push_back(k);
  for (const auto& k : keys) {
    const auto a = saved.find(k), b = now.find(k);
    const std::string was = a == saved.end() ? "(not set)" : a->second, is = b == now.end() ? "(not set)" : b->second;
    if (was == is) continue;
    const std::string name = k.substr(6);
    const std::string msg = fmt::format("{}: the checkpoint was written with {} = {}, this run has {} = {}; resume with the "
                                        "options and corpus it was made with", file.string(), name, was, name, is);
    if (name == "corpus") throw DataError(msg);
    throw OptionError(msg);
  }
}

// Seconds in "90s", "10m", "2h"; -1 when `every` is not a time.
double every_seconds(const std::string& every) {
  if (every.size() < 2 || !std::isdigit(static_cast<unsigned char>(every[0]))) return -1;
  const char unit = every.back();
  const double scale = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : -1;
  if (scale < 0) return -1;
  std::size_t used = 0;
  const double n = std::stod(every.substr(0, every.size() - 1), &used);
  return used == every.size() - 1 && n > 0 ? n * scale : -1;
}

// "5%" -> 5; -1 otherwise.
double every_percent(const std::string& every) {
  if (every.size() < 2 || every.back() != '%' || !std::isdigit(static_cast<unsigned char>(every[0]))) return -1;
  std::size_t used = 0;
  const double n = std::stod(every.substr(0, every.size() - 1), &used);
  return used == every.size() - 1 && n > 0 && n <= 100 ? n : -1;
}

// The trainers' Checkpointing for these options: when and where to write, what to resume.
class CheckpointWriter {
 public:
  /// `writes` false: a rank other than 0 of a distributed job, which stops at the same points as
  /// rank 0 (the hooks are there) while rank 0 alone writes the files.
  CheckpointWriter(const CheckpointOptions& o, Fingerprint fingerprint, const Vocab& vocab, bool writes = true)
      : o_(o), metadata_(std::move(fingerprint)), vocab_(vocab), writes_(writes), seconds_(every_seconds(o.every)),
        percent_(every_percent(o.every)), last_(std::chrono::steady_clock::now()) {
    std::string args;
    for (const auto& a : o.args) args += (args.empty() ? "" : std::string(1, kArgSeparator)) + a;
    metadata_["train.args"] = args;
  }

  Checkpointing hooks() {
    Checkpointing c;
    if (!o_.checkpoint.empty()) {
      c.due = [this](const LoopState& s, bool stopping) { return writes_ && due(s, stopping); };
      c.save = [this](const TrainState& s) { write(o_.checkpoint, s); };
    }
    if (!o_.save_model.empty() && writes_) c.final = [this](const TrainState& s) { write(o_.save_model, s); };
    return c;
  }

  /// A Cancelled that says which checkpoint the stopped run left, when it left one.
  Cancelled stopped() const {
    if (!wrote_checkpoint_) return Cancelled();
    const std::string file = o_.checkpoint.string();
    if (saved_at_stop_)
      return Cancelled(fmt::format("wrote the checkpoint {} ('wordvec train --resume {}' goes on from it)", file, file));
    // Hogwild: the threads stopped mid-epoch; the checkpoint is the last epoch end's.
    return Cancelled(fmt::format("the checkpoint {} holds the run up to the end of epoch {} ('wordvec train --resume {}' "
                                 "goes on from there)", file, saved_epoch_, file));
  }

 private:
  bool due(const LoopState& s, bool stopping) {
    stopping_ = stopping;
    if (stopping) return true;
    if (s.fraction >= 1.0) return false;  // the run is over: its result is the output (and --save-model)
    if (seconds_ > 0) {
      const auto now = std::chrono::steady_clock::now();
      if (std::chrono::duration<double>(now - last_).count() < seconds_) return false;
      last_ = now;
      return true;
    }
    if (percent_ > 0) {
      const auto step = static_cast<long>(s.fraction * 100.0 / percent_);
      if (step <= last_step_) return false;
      last_step_ = step;
      return true;
    }
    return s.next_block == 0;  // "epoch"
  }

  void write(const std::filesystem::path& path, const TrainState& s) {
    // Written without the run's cancellation token: the checkpoint of a stopped run is written whole.
    write_checkpoint(path, vocab_, metadata_, s);
    if (path != o_.checkpoint) return;
    wrote_checkpoint_ = true;
    saved_at_stop_ = stopping_;
    saved_epoch_ = s.loop.epoch;
  }

  const CheckpointOptions& o_;
  Fingerprint metadata_;
  const Vocab& vocab_;
  bool writes_;
  double seconds_, percent_;
  std::chrono::steady_clock::time_point last_;
  long last_step_ = 0;
  bool wrote_checkpoint_ = false;
  bool stopping_ = false, saved_at_stop_ = false;
  int saved_epoch_ = 0;
};

// Runs `train`; a run stopped after writing a checkpoint says so.
template <typename Train>
Embeddings train_keeping(const std::optional<CheckpointWriter>& writer, Train&& train) {
  try {
    return train();
  } catch (const Cancelled&) {
    if (writer) throw writer->stopped();
    throw;
  }
}

// Checks that the outputs, the checkpoint and the full model file fit on their file systems once the job
// has `rows` words (0 before counting), `subword_rows` n-gram buckets and `dim` columns; a training
// state (checkpoint, full model) holds `state_matrices` matrices of the input matrix's size.
void check_space(const std::vector<PlannedOutput>& outputs, const CheckpointOptions& checkpoints, std::size_t rows,
                 std::size_t subword_rows, std::size_t dim, std::uint64_t state_matrices) {
  std::vector<PlannedFile> files;
  for (const auto& o : outputs) files.push_back({o.path, estimated_size(rows, dim, o.format, o.write, subword_rows)});
  const std::uint64_t state = state_matrices * (rows + subword_rows) * dim * sizeof(float);
  for (const auto& path : {checkpoints.checkpoint, checkpoints.save_model})
    if (!path.empty()) files.push_back({path, state});
  check_free_space(files);
}

// Reads the checkpoint to resume from and checks that it belongs to this run.
std::optional<CheckpointFile> resume_from(const CheckpointOptions& o, const Fingerprint& now) {
  if (o.resume.empty()) return std::nullopt;
  CheckpointFile file = read_checkpoint(o.resume);
  require_same_run(o.resume, file.vectors.metadata(), now);
  return file;
}

// Reads the checkpoint to resume from (when asked) and opens the checkpoint writer of a run with
// `fingerprint`; returns the hooks training calls (they point into `resumed` and `writer`).
Checkpointing open_checkpoints(const CheckpointOptions& checkpoints, const Fingerprint& fingerprint, const Vocab& vocab,
                               std::optional<CheckpointFile>& resumed, std::optional<CheckpointWriter>& writer,
                               bool writes = true) {
  resumed = resume_from(checkpoints, fingerprint);
  writer.emplace(checkpoints, fingerprint, vocab, writes);
  Checkpointing hooks = writer->hooks();
  if (resumed) hooks.resume = &resumed->state;
  return hooks;
}

// The epoch_end hook of `evaluation` (none when it names no file), checked against the run's other options;
// its analogy evaluation stops with the run (`cancel`).
std::optional<EpochEvaluator> epoch_evaluator(const EpochEvaluation& evaluation, const CheckpointOptions& checkpoints,
                                              bool subwords, const Tokenizer* tokenizer,
                                              const CancellationToken& cancel) {
  evaluation.validate();
  if (!evaluation.any()) return std::nullopt;
  if (evaluation.early_stop > 0 && subwords)
    throw OptionError("option --early-stop: keeps the best epoch's word vectors, not a subword model's n-gram rows; "
                      "train subword models without it");
  if (evaluation.early_stop > 0 && (!checkpoints.checkpoint.empty() || !checkpoints.resume.empty()))
    throw OptionError("options --early-stop and --checkpoint/--resume: the checkpoint does not hold the best epoch's "
                      "vectors; use one or the other");
  EpochEvaluation cancellable = evaluation;
  cancellable.analogy.cancel = cancel;
  return std::optional<EpochEvaluator>(std::in_place, cancellable, tokenizer);
}

// After early stopping: the best epoch's vectors replace the last one's.
void keep_best(Embeddings& emb, const std::optional<EpochEvaluator>& evaluator) {
  if (!evaluator || !evaluator->best_vectors()) return;
  const Matrix& best = *evaluator->best_vectors();  // the same shape: copied in place
  std::copy(best.data(), best.data() + best.size(), emb.data());
  emb.metadata()["best_epoch"] = std::to_string(evaluator->best_epoch() + 1);
}

}  // namespace

void CheckpointOptions::validate() const {
  if (every != "epoch" && every_seconds(every) < 0 && every_percent(every) < 0)
    throw OptionError(fmt::format("option --checkpoint-every: expected 'epoch', a percentage (5%) or a time (90s, 10m, 2h), got '{}'", every));
  if (!checkpoint.empty() && checkpoint == save_model)
    throw OptionError("options --checkpoint and --save-model: expected two different files");
  if (!init_from.empty() && !continue_from.empty())
    throw OptionError("options --init-from and --continue: pick one (--continue already starts from the model's vectors)");
}

std::vector<std::string> checkpoint_args(const std::filesystem::path& checkpoint) {
  const auto meta = read_native_metadata(checkpoint);
  const auto it = meta.find("train.args");
  std::vector<std::string> out;
  if (it == meta.end() || it->second.empty()) return out;
  std::string cur;
  for (const char c : it->second) {
    if (c == kArgSeparator) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

Embeddings train_word2vec(const std::string& input, const VocabOptions& vocab_options, const Word2VecOptions& options,
                          const ProgressCallback& progress, TrainingSummary* summary,
                          const DistributedTraining& distributed, const CheckpointOptions& checkpoints,
                          const EpochEvaluation& evaluation,
                          const std::vector<PlannedOutput>& outputs) {
  vocab_options.validate();
  options.validate();
  checkpoints.validate();
  const Tokenizer* tokenizer = options.tokenizer ? options.tokenizer.get() : vocab_options.tokenizer.get();
  std::optional<EpochEvaluator> evaluator =
      epoch_evaluator(evaluation, checkpoints, options.subwords.enabled(), tokenizer, options.cancel);
  Cluster* cluster = distributed.cluster && distributed.cluster->size() > 1 ? distributed.cluster : nullptr;
  if (cluster) distributed.sync.validate();
  if (cluster && evaluator) throw OptionError("per-epoch evaluation (--eval-analogies, --eval-similarity): not under mpirun");
  if (cluster && (!checkpoints.init_from.empty() || !checkpoints.continue_from.empty()))
    throw OptionError("options --init-from and --continue: not under mpirun");
  // Input and output matrices; a subword model's n-gram buckets are known before the corpus is read.
  const std::size_t buckets = options.subwords.enabled() ? options.subwords.bucket : 0;
  const auto dim = static_cast<std::size_t>(options.dim);
  check_space(outputs, checkpoints, 0, buckets, dim, 2);
  Corpus corpus = cluster ? open_rank_corpus(input, *cluster, options.cancel) : Corpus::open(input, {}, options.cancel);
  // Training reads the corpus as the vocabulary was counted.
  Word2VecOptions train_options = options;
  if (!train_options.tokenizer) train_options.tokenizer = vocab_options.tokenizer;
  VocabStats stats;
  Vocab vocab;
  WarmStart warm;
  std::map<std::string, std::string> warm_notes;
  if (!checkpoints.continue_from.empty()) {
    if (vocab_options.max_vocab > 0)
      throw OptionError("options --continue and --max-vocab: the model keeps all its words; leave out --max-vocab");
    if (const Format f = detect_format(checkpoints.continue_from); f != Format::Native)
      throw OptionError(fmt::format("{}: --continue needs a full model written by --save-model; this is {} vectors "
                                    "(start from them with --init-from)", checkpoints.continue_from.string(),
                                    format_name(f)));
    const CheckpointFile model = read_checkpoint(checkpoints.continue_from);
    std::map<std::string, std::string> tokenizer_meta;
    if (train_options.tokenizer) train_options.tokenizer->options().to_metadata(tokenizer_meta);
    require_continuable(checkpoints.continue_from, model.vectors.metadata(), train_options, tokenizer_meta);
    VocabOptions every_word = vocab_options;  // the model's words count whatever their count here
    every_word.min_count = 1;
    MergedVocab merged = merge_vocab(model.vectors.vocab(), build_vocab(corpus, every_word, &stats, progress),
                                     vocab_options.min_count);
    vocab = std::move(merged.vocab);
    warm = warm_from_model(model, vocab, train_options);
    warm.corpus_words = merged.corpus_words;
    stats.kept_tokens = merged.corpus_words;
    warm_notes["continued_from"] = checkpoints.continue_from.string();
    warm_notes["continued_words"] = std::to_string(model.vectors.vocab().size());
    warm_notes["continued_new_words"] = std::to_string(merged.new_words);
  } else {
    vocab = cluster ? build_vocab(corpus, vocab_options, *cluster, &stats, progress)
                    : build_vocab(corpus, vocab_options, &stats, progress);
  }
  check_space(outputs, checkpoints, vocab.size(), buckets, dim, 2);
  if (!checkpoints.init_from.empty()) {
    std::size_t found = 0;
    ReadOptions read;
    read.cancel = options.cancel;
    warm = warm_from_vectors(checkpoints.init_from, read_embeddings(checkpoints.init_from, read), vocab, train_options,
                             &found);
    warm_notes["init_from"] = checkpoints.init_from.string();
    warm_notes["init_from_words"] = std::to_string(found);
  }
  Checkpointing hooks;
  std::optional<CheckpointFile> resumed;
  std::optional<CheckpointWriter> writer;
  if (checkpoints.any()) {
    VocabOptions v = vocab_options;
    if (!v.tokenizer) v.tokenizer = train_options.tokenizer;
    Fingerprint fingerprint = word2vec_fingerprint(v, train_options, corpus);
    if (!checkpoints.init_from.empty()) fingerprint["train.init_from"] = file_fingerprint(checkpoints.init_from);
    if (!checkpoints.continue_from.empty()) fingerprint["train.continue"] = file_fingerprint(checkpoints.continue_from);
    if (cluster) add_cluster(fingerprint, *cluster, distributed.sync);
    hooks = open_checkpoints(checkpoints, fingerprint, vocab, resumed, writer, !cluster || cluster->rank() == 0);
  }
  if (!warm.params.empty()) hooks.warm = &warm;
  if (evaluator) {
    evaluator->attach(vocab);
    hooks.epoch_end = [&evaluator](const Matrix& vectors, int epoch) { return (*evaluator)(vectors, epoch); };
  }
  Embeddings emb = train_keeping(
      writer, [&] { return train_word2vec(corpus, vocab, train_options, progress, summary, distributed, hooks); });
  emb.metadata().insert(warm_notes.begin(), warm_notes.end());
  keep_best(emb, evaluator);
  if (cluster) {
    const auto checksum = check_replicas_agree(emb, *cluster);
    if (distributed.stats) distributed.stats->checksum = checksum;
    emb.metadata()["ranks"] = std::to_string(cluster->size());
    emb.metadata()["corpus"] = input;
  }
  if (train_options.tokenizer) train_options.tokenizer->options().to_metadata(emb.metadata());
  emb.metadata()["min_count"] = std::to_string(vocab_options.min_count);
  if (emb.subwords()) {
    // The token count a fastText .bin records is known only here (its min_count is in the metadata).
    auto sv = std::const_pointer_cast<SubwordVectors>(emb.subwords());
    sv->ntokens = stats.tokens;
  }
  emb.metadata()["corpus_tokens"] = std::to_string(stats.tokens);
  return emb;
}

namespace {

// The vocabulary of a Doc2Vec corpus: with first-token tags, the tags are taken out of the counts
// before the cut, so a tag never becomes a word.
Vocab document_vocab(Corpus& corpus, const VocabOptions& options, const Documents& docs, VocabStats* stats,
                     const ProgressCallback& progress) {
  if (docs.tag_tokens.empty()) return build_vocab(corpus, options, stats, progress);
  WordCounts counts = count_words(corpus, options);
  for (const auto& [tag, n] : docs.tag_tokens) {
    const auto id = counts.words.find(tag);
    if (id < 0) continue;
    const auto taken = std::min(n, counts.counts[static_cast<std::size_t>(id)]);
    counts.counts[static_cast<std::size_t>(id)] -= taken;
    counts.tokens -= taken;
  }
  return cut_vocab(counts, options, corpus, stats);
}

// The value of a "train." entry of a model file; throws FormatError when it is missing.
const std::string& train_entry(const std::filesystem::path& path, const Fingerprint& meta, const std::string& key) {
  const auto it = meta.find("train." + key);
  if (it == meta.end())
    throw FormatError(fmt::format("{}: the model file records no '{}' (not written by 'wordvec train --save-model')",
                                  path.string(), key));
  return it->second;
}

template <typename T>
T number_entry(const std::filesystem::path& path, const Fingerprint& meta, const std::string& key) {
  const std::string& text = train_entry(path, meta, key);
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used == text.size()) return static_cast<T>(v);
  } catch (const std::exception&) {
  }
  throw FormatError(fmt::format("{}: train.{} is '{}', expected a number", path.string(), key, text));
}

}  // namespace

DocVectors train_doc2vec(const std::string& input, const VocabOptions& vocab_options, const Word2VecOptions& options,
                         const ProgressCallback& progress, TrainingSummary* summary,
                         const CheckpointOptions& checkpoints, Doc2VecModel* model) {
  vocab_options.validate();
  options.validate();
  checkpoints.validate();
  if (!options.documents())
    throw OptionError(fmt::format("model {}: trains no document vectors", to_string(options.model)));
  if (!checkpoints.init_from.empty() || !checkpoints.continue_from.empty())
    throw OptionError("options --init-from and --continue: skip-gram, CBOW and fastText models only, not dbow or dm");
  if (vocab_options.invalid_utf8 != InvalidUtf8::Error)
    throw OptionError("option --invalid-utf8: only 'error' with dbow and dm (a line left out or repaired would move "
                      "the documents' tags)");
  Corpus corpus = Corpus::open(input, {}, options.cancel);
  Word2VecOptions train_options = options;
  if (!train_options.tokenizer) train_options.tokenizer = vocab_options.tokenizer;
  const Documents docs = scan_documents(corpus, options.tags, train_options.tokenizer.get());
  VocabStats stats;
  const Vocab vocab = document_vocab(corpus, vocab_options, docs, &stats, progress);
  Checkpointing hooks;
  std::optional<CheckpointFile> resumed;
  std::optional<CheckpointWriter> writer;
  if (checkpoints.any()) {
    VocabOptions v = vocab_options;
    if (!v.tokenizer) v.tokenizer = train_options.tokenizer;
    const Fingerprint fingerprint = word2vec_fingerprint(v, train_options, corpus);
    hooks = open_checkpoints(checkpoints, fingerprint, vocab, resumed, writer);
  }
  if (model) {  // the full model --save-model writes, kept in memory as read_doc2vec_model would read it
    hooks.final = [&, save = hooks.final](const TrainState& s) {
      if (save) save(s);
      *model = Doc2VecModel{train_options, vocab, {}, {}, s.doc_tags};
      model->options.cancel = {};  // the model outlives the run and its token
      if (!model->options.tokenizer) model->options.tokenizer = make_tokenizer(TokenizerOptions{});
      for (const auto& p : s.params) {
        if (p.name == "input") model->input = p;
        if (p.name == "output") model->output = p;
      }
    };
  }
  DocVectors out = train_doc2vec(corpus, vocab, docs, train_options, progress, summary, hooks);
  for (auto* emb : {&out.docs, &out.words}) {
    if (train_options.tokenizer) train_options.tokenizer->options().to_metadata(emb->metadata());
    emb->metadata()["min_count"] = std::to_string(vocab_options.min_count);
    emb->metadata()["corpus_tokens"] = std::to_string(stats.tokens);
  }
  return out;
}

void write_doc2vec_model(const Doc2VecModel& model, const std::filesystem::path& path) {
  const auto dim = static_cast<std::size_t>(model.options.dim);
  if (model.input.cols() != dim || model.input.rows() != model.vocab.size() + model.tags.size())
    throw OptionError(fmt::format("{}: the model's input matrix is {} x {}, expected {} words + {} documents x {}",
                                  path.string(), model.input.rows(), model.input.cols(), model.vocab.size(),
                                  model.tags.size(), dim));
  Fingerprint meta = word2vec_options_fingerprint(model.options);
  if (model.options.tokenizer) {
    std::map<std::string, std::string> t;
    model.options.tokenizer->options().to_metadata(t);
    for (const auto& [k, v] : t) meta["train." + k] = v;
  }
  TrainState state;  // a finished run: every epoch done
  state.loop.epoch = model.options.epochs;
  state.loop.fraction = 1.0;
  state.params = {model.input, model.output};
  state.doc_tags = model.tags;
  state.vectors.resize(static_cast<Eigen::Index>(model.vocab.size()), static_cast<Eigen::Index>(dim));
  std::copy_n(model.input.values.data(), model.vocab.size() * dim, state.vectors.data());
  write_checkpoint(path, model.vocab, meta, state);
}

Doc2VecModel read_doc2vec_model(const std::filesystem::path& path) {
  CheckpointFile file = read_checkpoint(path);
  const Fingerprint& meta = file.vectors.metadata();
  Doc2VecModel m;
  Word2VecOptions& o = m.options;
  o.model = parse_word2vec_model(train_entry(path, meta, "model"));
  if (!o.documents())
    throw FormatError(fmt::format("{}: holds a {} model; infer needs a dbow or dm model (train --model dbow|dm "
                                  "--save-model FILE)", path.string(), to_string(o.model)));
  o.dim = number_entry<int>(path, meta, "dim");
  o.window = number_entry<int>(path, meta, "window");
  o.loss = parse_word2vec_loss(train_entry(path, meta, "loss"));
  o.negative = number_entry<int>(path, meta, "negative");
  o.sample = number_entry<double>(path, meta, "sample");
  o.epochs = number_entry<int>(path, meta, "epochs");
  o.lr = number_entry<double>(path, meta, "lr");
  o.ns_exponent = number_entry<double>(path, meta, "ns_exponent");
  o.init_range = number_entry<double>(path, meta, "init_range");
  o.seed = number_entry<std::uint64_t>(path, meta, "seed");
  o.max_sentence_length = number_entry<int>(path, meta, "max_sentence_length");
  o.tags = parse_doc_tags(train_entry(path, meta, "tags"));
  o.dbow_words = train_entry(path, meta, "dbow_words") == "yes";
  // The tokenizer settings were stored as "train.tokenizer*"; the model's queries split text alike.
  std::map<std::string, std::string> tokenizer;
  for (const auto& [k, v] : meta)
    if (k.rfind("train.tokenizer", 0) == 0) tokenizer[k.substr(6)] = v;
  o.tokenizer = make_tokenizer(TokenizerOptions::from_metadata(tokenizer));
  try {
    o.validate();
  } catch (const OptionError& e) {
    throw FormatError(fmt::format("{}: the model's options are invalid: {}", path.string(), e.what()));
  }
  m.vocab = std::move(file.vectors).into_parts().vocab;  // meta is not used after this
  m.tags = std::move(file.state.doc_tags);
  for (auto& p : file.state.params) {
    if (p.name == "input") m.input = std::move(p);
    if (p.name == "output") m.output = std::move(p);
  }
  if (m.input.rows() != m.vocab.size() + m.tags.size() || m.input.cols() != static_cast<std::size_t>(o.dim))
    throw FormatError(fmt::format("{}: the input matrix is {} x {}, expected {} words + {} documents x {}", path.string(),
                                  m.input.rows(), m.input.cols(), m.vocab.size(), m.tags.size(), o.dim));
  if (m.output.cols() != static_cast<std::size_t>(o.dim) || m.output.rows() != m.vocab.size() * (o.both_losses() ? 2 : 1))
    throw FormatError(fmt::format("{}: the output matrix is {} x {}, expected {} x {}", path.string(), m.output.rows(),
                                  m.output.cols(), m.vocab.size() * (o.both_losses() ? 2 : 1), o.dim));
  return m;
}

Embeddings train_glove(const std::string& input, const VocabOptions& vocab_options, const GloveOptions& options,
                       const GloveFiles& files, const ProgressCallback& progress, GloveReport* report,
                       const CheckpointOptions& checkpoints, const EpochEvaluation& evaluation,
                       const std::vector<PlannedOutput>& outputs) {
  vocab_options.validate();
  options.validate();
  checkpoints.validate();
  std::optional<EpochEvaluator> evaluator =
      epoch_evaluator(evaluation, checkpoints, false, vocab_options.tokenizer.get(), options.cancel);
  if (!checkpoints.init_from.empty() || !checkpoints.continue_from.empty())
    throw OptionError("options --init-from and --continue: skip-gram, CBOW and fastText models only, not GloVe");
  const auto start = std::chrono::steady_clock::now();
  GloveReport local;
  // The corpus is needed unless both the vocabulary and the counts come from files.
  std::optional<Corpus> corpus;
  if (files.vocab.empty() || files.cooccur.empty()) corpus.emplace(Corpus::open(input, options.temp_dir, options.cancel));
  Vocab vocab;
  if (!files.vocab.empty()) {
    vocab = read_vocab_file(files.vocab, vocab_options.notice);
    local.vocab.kept_tokens = vocab.total_count();
  } else {
    vocab = build_vocab(*corpus, vocab_options, &local.vocab, progress);
  }
  // Word and context vectors with their AdaGrad sums in a training state.
  check_space(outputs, checkpoints, vocab.size(), 0, static_cast<std::size_t>(options.dim), 4);
  if (!files.save_vocab.empty()) write_vocab_file(vocab, files.save_vocab);
  CooccurrenceRecords records;
  if (!files.cooccur.empty()) {
    records = read_glove_cooccurrences(files.cooccur, vocab.size());
  } else {
    CooccurrenceOptions co;
    co.window = options.window;
    co.threads = options.threads;
    co.memory_bytes = options.memory_bytes();
    co.temp_dir = options.temp_dir;
    co.tokenizer = vocab_options.tokenizer;
    co.cancel = options.cancel;
    records = count_cooccurrences(*corpus, vocab, co, &local.counting, progress);
  }
  if (!files.save_cooccur.empty()) write_glove_cooccurrences(records, files.save_cooccur);
  local.records = records.directed_size();
  local.count_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Checkpointing hooks;
  std::optional<CheckpointFile> resumed;
  std::optional<CheckpointWriter> writer;
  if (checkpoints.any()) {
    const Fingerprint fingerprint =
        glove_fingerprint(vocab_options, options, corpus ? corpus->text_path() : files.cooccur);
    hooks = open_checkpoints(checkpoints, fingerprint, vocab, resumed, writer);
  }
  if (evaluator) {
    evaluator->attach(vocab);
    hooks.epoch_end = [&evaluator](const Matrix& vectors, int epoch) { return (*evaluator)(vectors, epoch); };
  }
  Embeddings emb =
      train_keeping(writer, [&] { return train_glove(records, vocab, options, progress, &local.training, hooks); });
  keep_best(emb, evaluator);
  if (corpus) emb.metadata()["corpus"] = corpus->name();
  if (vocab_options.tokenizer) vocab_options.tokenizer->options().to_metadata(emb.metadata());
  if (files.vocab.empty()) {  // counted here, so the counts and the cut are known
    emb.metadata()["corpus_tokens"] = std::to_string(local.vocab.tokens);
    emb.metadata()["min_count"] = std::to_string(vocab_options.min_count);
  }
  if (report) *report = local;
  return emb;
}

}  // namespace wordvec
