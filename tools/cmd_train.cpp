// `wordvec train`: corpus in, vectors out.
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "distributed_run.hpp"
#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"
#include "wordvec/io/format.hpp"
#include "options.hpp"
#include "tokenizer_options.hpp"
#include "outputs.hpp"
#include "progress_printer.hpp"
#include "wordvec/pipeline/train_jobs.hpp"
#include "wordvec/pipeline/train_model.hpp"
#include "wordvec/train/word2vec_trainer.hpp"
#include "train_checkpoints.hpp"
#include "train_doc2vec.hpp"
#include "train_glove.hpp"
#include "train_monitor.hpp"
#include "train_supervised.hpp"

namespace wordvec::cli {

namespace {

std::string megabytes(std::uint64_t bytes) { return fmt::format("{:.0f} MB", static_cast<double>(bytes) / 1e6); }

// MemAvailable of /proc/meminfo in bytes, 0 when unknown.
std::uint64_t available_memory() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t kb = 0;
  std::string unit;
  while (meminfo >> key >> kb >> unit)
    if (key == "MemAvailable:") return kb * 1024;
  return 0;
}

// fastText's n-gram buckets make a subword model large whatever the corpus: say how large before the
// work starts, and warn when memory looks too small (the job itself refuses to start when the disk is).
void report_subword_matrix(const Word2VecOptions& w2v, bool quiet) {
  const std::uint64_t bytes = w2v.input_matrix_bytes(0);
  const std::uint64_t per_word = w2v.input_matrix_bytes(1) - bytes;
  if (!quiet)
    std::fprintf(stderr,
                 "subwords: the input matrix has %u n-gram buckets + 1 row per word, %d floats each: %s + %llu bytes "
                 "per word, in memory and in the .bin (--bucket sets it)\n",
                 w2v.subwords.bucket, w2v.dim, megabytes(bytes).c_str(), static_cast<unsigned long long>(per_word));
  if (const auto memory = available_memory(); memory > 0 && bytes > memory)
    std::fprintf(stderr, "wordvec train: warning: the input matrix (%s) exceeds the available memory (%s); "
                 "a smaller --bucket shrinks it\n", megabytes(bytes).c_str(), megabytes(memory).c_str());
}

// --sync-every: "200000" words or "2s" seconds (trained by each rank between synchronisations).
void parse_sync_every(const std::string& text, SyncOptions& sync) {
  const bool seconds = !text.empty() && text.back() == 's';
  const std::string number = seconds ? text.substr(0, text.size() - 1) : text;
  std::size_t used = 0;
  double value = -1;
  try {
    value = std::stod(number, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  require_option(used == number.size() && used > 0 && value > 0, "sync-every",
                 "a positive number of words, or of seconds with s (2s)", text);
  sync.every_words = seconds ? 0 : static_cast<std::uint64_t>(value);
  sync.every_seconds = seconds ? value : 0.0;
}

// What synchronising cost, from rank 0's side.
void report_sync(const SyncStats& s, int ranks) {
  const double rate = s.wall_seconds > 0 ? static_cast<double>(s.bytes_sent) / s.wall_seconds : 0.0;
  std::fprintf(stderr,
               "%d ranks: %llu synchronisations (%llu full), %.1f MB sent by rank 0 (%.2f MB/s), %.1f%% of the time "
               "in synchronisation, %.2f s from its last word to agreement; model checksum %016llx on every rank\n",
               ranks, static_cast<unsigned long long>(s.rounds), static_cast<unsigned long long>(s.full_rounds),
               static_cast<double>(s.bytes_sent) / 1e6, rate / 1e6,
               s.wall_seconds > 0 ? 100.0 * s.sync_seconds / s.wall_seconds : 0.0, s.final_seconds,
               static_cast<unsigned long long>(s.checksum));
}

// What --init-from or --continue started from, and the learning-rate schedule the run followed.
void report_warm_start(const Embeddings& emb, const Word2VecOptions& w2v) {
  const auto& m = emb.metadata();
  const auto get = [&m](const char* key) { const auto it = m.find(key); return it == m.end() ? std::string() : it->second; };
  if (const auto from = get("init_from"); !from.empty())
    std::fprintf(stderr, "started %s of %zu words from %s (the others started random)\n", get("init_from_words").c_str(),
                 emb.size(), from.c_str());
  if (const auto from = get("continued_from"); !from.empty())
    std::fprintf(stderr, "continued %s (%s words) with %s new words; learning rate %g decaying linearly to %g over %d epochs\n",
                 from.c_str(), get("continued_words").c_str(), get("continued_new_words").c_str(), w2v.effective_lr(),
                 w2v.effective_lr() * LoopOptions{}.min_lr_ratio, w2v.epochs);
}

// `wordvec train` for the word and document models (skipgram, cbow, fasttext; dbow, dm): the options,
// bound to the flags below, and the run.
struct Word2VecTrainCommand {
  std::string model, input, output, format, loss, tags, output_words;
  bool hs = false;
  Word2VecOptions w2v;
  VocabOptions vocab;
  std::string invalid_utf8;
  bool quiet = false;
  int minn = w2v.subwords.minn, maxn = SubwordOptions{}.maxn;  // fastText's; 0 unless --model fasttext
  std::uint32_t bucket = w2v.subwords.bucket;
  DistributedTraining distributed;
  std::string sync_every = std::to_string(distributed.sync.every_words);
  std::string sync_wire = distributed.sync.half_wire ? "float16" : "float32";
  CheckpointOptions checkpoints;
  EpochEvaluation evaluation;
  MonitorFlags monitor_flags;
  TokenizerFlags tokenizer_flags;
  po::options_description opts{"train options"};

  Word2VecTrainCommand();
  Word2VecTrainCommand(const Word2VecTrainCommand&) = delete;
  Word2VecTrainCommand& operator=(const Word2VecTrainCommand&) = delete;
  /// Stores `line` against opts and trains `model`, or then throws `unknown_model` when set; argv[0] is "train".
  int run(const VariantCommandLine& line, TrainModel model, const std::exception_ptr& unknown_model, int argc,
          char** argv);
};

Word2VecTrainCommand::Word2VecTrainCommand() {
  opts.add_options()
      ("model", po::value(&model)->default_value("skipgram"), "skipgram, cbow, fasttext (skipgram with subwords: --minn 3 --maxn 6 --bucket 2000000), glove (see 'wordvec train --model glove --help'), supervised (a fastText text classifier: see 'wordvec train --model supervised --help'), or Doc2Vec's paragraph vectors: dbow (PV-DBOW) or dm (PV-DM, mean of the context words and the document vector), one document per line")
      ("input,i", po::value(&input)->required(), "training corpus: UTF-8 text, one sentence per line, split by --tokenizer; .gz accepted; - for standard input")
      ("output,o", po::value(&output)->required(), "vector file to write (dbow, dm: the document vectors, keyed by --tags)")
      ("output-words", po::value(&output_words), "dbow, dm: also write the word vectors to FILE (format from its extension)")
      ("tags", po::value(&tags)->default_value(to_string(w2v.tags)), "dbow, dm: what names a document: line (its line number from 0, as gensim's TaggedLineDocument) or first-token (the line's first token, which is then not a word; lines with the same tag share a vector)")
      ("dbow-words", po::bool_switch(&w2v.dbow_words), "dbow: also train skip-gram word vectors, interleaved (gensim's dbow_words=1; slower)")
      ("format", po::value(&format)->default_value(""), fmt::format("output format: {} (default: from the output extension: .bin w2v-bin, .txt w2v-text, .vec fasttext-vec, .tsv projector-tsv, .npy npy, .wv native)", fmt::join(format_names(), ", ")).c_str())
      ("dim", po::value(&w2v.dim)->default_value(w2v.dim), "vector dimension")
      ("window", po::value(&w2v.window)->default_value(w2v.window), "maximum context distance (a window of 1..N is drawn per word)")
      ("loss", po::value(&loss)->default_value(to_string(w2v.loss)), "ns (negative sampling) or hs (hierarchical softmax over a Huffman tree of the vocabulary)")
      ("hs", po::bool_switch(&hs), "same as --loss hs (word2vec.c's -hs 1)")
      ("negative", po::value(&w2v.negative)->default_value(w2v.negative, fmt::format("{}; 0 with --loss hs", w2v.negative)), "negative samples per positive one; with --loss hs, N > 0 trains both objectives (as word2vec.c -hs 1 -negative N)")
      ("sample", po::value(&w2v.sample)->default_value(w2v.sample, "1e-4"), "subsampling threshold for frequent words (0 = off)")
      ("min-count", po::value(&vocab.min_count)->default_value(vocab.min_count), "ignore words seen fewer times")
      ("max-vocab", po::value(&vocab.max_vocab)->default_value(vocab.max_vocab), "keep only the N most frequent words (0 = all)")
      ("epochs", po::value(&w2v.epochs)->default_value(w2v.epochs), "passes over the corpus")
      ("threads", po::value(&w2v.threads)->default_value(default_threads()), "worker threads (default: all cores)")
      ("lr", po::value(&w2v.lr)->default_value(w2v.lr, "0.025 skipgram, 0.05 cbow and subword models"), "starting learning rate, decays linearly to lr*1e-4")
      ("ns-exponent", po::value(&w2v.ns_exponent)->default_value(w2v.ns_exponent), "exponent of the unigram distribution negatives are drawn from")
      ("init-range", po::value(&w2v.init_range)->default_value(w2v.init_range, "1/sqrt(dim); 0.5/dim for dm; 1/dim with subwords"), "input vectors start uniform in [-R, R) (gensim: 1/dim, word2vec.c: 0.5/dim)")
      ("seed", po::value(&w2v.seed)->default_value(w2v.seed), "random seed")
      ("deterministic", po::bool_switch(&w2v.deterministic), "same vectors for the same seed whatever --threads is, on every run: fixed blocks trained in rounds against private copies, merged in order (instead of Hogwild's racing threads)")
      ("minn", po::value(&minn)->default_value(minn), "subwords: shortest character n-gram (1 with --tokenizer zh or chars)")
      ("maxn", po::value(&maxn)->default_value(maxn, fmt::format("{} for fasttext (2 with --tokenizer zh or chars), else 0", maxn)), "subwords: longest character n-gram; 0 = no subwords")
      ("bucket", po::value(&bucket)->default_value(bucket), "subwords: number of hash rows the n-grams share (fastText's default); each row is dim floats of memory and of the .bin: 2000000 at dim 100 is 800 MB whatever the corpus size; 200000 makes it 80 MB, with more n-grams sharing a row")
      ("sync-every", po::value(&sync_every)->default_value(sync_every), "under mpirun: average the ranks' models after every N words each rank trains, or every N seconds with 'Ns' (2s)")
      ("sync-rows", po::value(&distributed.sync.tier_rows)->default_value(distributed.sync.tier_rows), "under mpirun: rows of the most frequent words averaged at every synchronisation; every 2^k-th one averages 2^k times as many, epoch ends all")
      ("sync-lr-scale", po::value(&distributed.sync.lr_scale)->default_value(distributed.sync.lr_scale), "under mpirun: each rank trains at this many times --lr (0 = the number of ranks: averaging N models keeps 1/N of each one's updates)")
      ("sync-wire", po::value(&sync_wire)->default_value(sync_wire), "under mpirun: float32 or float16 (half the bytes) for the rows' changes")
      ("quiet,q", po::bool_switch(&quiet), "no progress output");
  add_invalid_utf8_option(opts, invalid_utf8);
  add_checkpoint_options(opts, checkpoints);
  add_warm_start_options(opts, checkpoints);
  add_monitor_options(opts, evaluation, monitor_flags);
  add_tokenizer_options(opts, tokenizer_flags, "whitespace");
}

int Word2VecTrainCommand::run(const VariantCommandLine& line, TrainModel model, const std::exception_ptr& unknown_model,
                              int argc, char** argv) {
  po::variables_map vm;
  if (!line.parse("usage: wordvec train --input CORPUS --output VECTORS [options]", opts, vm)) return 0;
  if (unknown_model) std::rethrow_exception(unknown_model);
  const bool fasttext = model == TrainModel::FastText;
  const TokenizerOptions text = tokenizer_options(vm, tokenizer_flags);
  if (text.kind == TokenizerKind::Zh || text.kind == TokenizerKind::Chars) {
    // fastText's advice for Chinese: n-grams of one and two characters.
    if (vm["minn"].defaulted()) minn = 1;
    if (vm["maxn"].defaulted() && fasttext) maxn = 2;
  }
  w2v.model = word2vec_architecture(model);
  w2v.subwords.minn = minn;
  w2v.subwords.maxn = !vm["maxn"].defaulted() || fasttext ? maxn : 0;
  w2v.subwords.bucket = bucket;
  if (vm["lr"].defaulted()) w2v.lr = 0.0;
  w2v.tags = parse_doc_tags(tags);
  if (!w2v.documents() && (!vm["tags"].defaulted() || vm.count("output-words")))
    throw OptionError(fmt::format("option --{}: only with --model dbow or dm", vm.count("output-words") ? "output-words" : "tags"));
  // Per-epoch evaluation scores word vectors; a document model's run would ignore it (wordvec.train refuses it too).
  if (w2v.documents())
    for (const char* name : {"eval-analogies", "eval-similarity", "eval-restrict", "early-stop"})
      if (vm.count(name) && !vm[name].defaulted())
        throw OptionError(fmt::format("option --{}: does not apply to --model {} (per-epoch evaluation scores word "
                                      "vectors)", name, to_string(model)));
  w2v.loss = hs ? Word2VecLoss::HierarchicalSoftmax : parse_word2vec_loss(loss);
  if (hs && !vm["loss"].defaulted() && loss != "hs")
    throw OptionError(fmt::format("options --hs and --loss {}: pick one", loss));
  if (w2v.loss == Word2VecLoss::HierarchicalSoftmax && vm["negative"].defaulted()) w2v.negative = 0;
  require_option(!vm["lr"].defaulted() ? w2v.lr > 0.0 : true, "lr", "a positive learning rate", w2v.lr);
  vocab.threads = w2v.threads;
  vocab.tokenizer = w2v.tokenizer = make_tokenizer(text);  // before the long run: a bad dictionary fails now
  w2v.validate();
  w2v.cancel = stop_token();
  vocab.invalid_utf8 = parse_invalid_utf8(invalid_utf8);
  vocab.notice = notice_printer("train");
  vocab.validate();
  checkpoints.validate();
  keep_command_line(argc, argv, checkpoints);
  if (monitor_flags.progress == "json") quiet = true;  // the objects alone, for the program reading them
  // word2vec.c and gensim train both when asked for hs with negatives; gensim users who set
  // hs=1 while negative kept its default of 5 often did not mean to.
  if (w2v.both_losses())
    std::fprintf(stderr, "wordvec train: warning: training hierarchical softmax and %d negative samples at once "
                 "(as word2vec.c -hs 1 -negative %d); pass --negative 0 for hierarchical softmax alone\n",
                 w2v.negative, w2v.negative);
  Format out_format = format.empty() ? format_for_extension(output) : parse_format(format);
  // A subword model written to .bin is a fastText model file, as fastText itself writes.
  if (format.empty() && out_format == Format::W2vBin && w2v.subwords.enabled()) out_format = Format::FasttextBin;
  if (out_format == Format::FasttextBin && !w2v.subwords.enabled())
    throw OptionError("option --format fasttext-bin: needs subwords (--model fasttext, or --maxn > 0); "
                      "plain vectors go to fasttext-vec");
  if (w2v.subwords.enabled()) report_subword_matrix(w2v, quiet);
  // fastText writes the word vectors as text beside its .bin; so do we.
  std::filesystem::path vec;
  if (out_format == Format::FasttextBin) {
    vec = std::filesystem::path(output).replace_extension(".vec");
    if (vec == std::filesystem::path(output)) vec.clear();
  }
  const bool to_stdout = is_stdout(output);
  if (to_stdout) require_stdout_format("--output", streams_to_stdout(out_format), format_name(out_format));
  // Fail before hours of training, not after: every file this run will write, its companions included.
  std::vector<std::string> outputs;
  if (!to_stdout)
    for (const auto& f : output_files(output, out_format)) outputs.push_back(f.string());
  if (!vec.empty()) outputs.push_back(vec.string());
  if (!output_words.empty()) outputs.push_back(output_words);
  if (!checkpoints.save_model.empty()) outputs.push_back(checkpoints.save_model.string());
  outputs.push_back(monitor_flags.progress_file);
  if (!checkpoints.checkpoint.empty() && checkpoints.checkpoint != checkpoints.resume) outputs.push_back(checkpoints.checkpoint.string());
  check_outputs("train", outputs, {input});
  // The job checks their free space before it reads the corpus and once the vocabulary is counted.
  std::vector<PlannedOutput> planned;
  if (!to_stdout) planned.push_back({output, out_format, {}});
  if (!vec.empty()) planned.push_back({vec, Format::FasttextVec, {}});

  parse_sync_every(sync_every, distributed.sync);
  require_option(sync_wire == "float32" || sync_wire == "float16", "sync-wire", "float32 or float16", sync_wire);
  distributed.sync.half_wire = sync_wire == "float16";
  distributed.sync.validate();
  if (w2v.documents()) {
    if (launcher_ranks() > 1)
      throw OptionError(fmt::format("--model {} trains on one machine: run it without mpirun", to_string(model)));
    return run_train_doc2vec(input, vocab, w2v, checkpoints, {output, out_format}, output_words, quiet);
  }

  // Under mpirun every rank trains on its part of the corpus; rank 0 alone reports and writes.
  const DistributedRun job = DistributedRun::join();
  SyncStats sync_stats;
  distributed.cluster = job.cluster();
  distributed.stats = &sync_stats;
  if (job.rank() != 0) quiet = true;
  TrainMonitor monitor(job.rank() == 0 ? monitor_flags : MonitorFlags{}, quiet, stderr_is_terminal());
  TrainingSummary summary;
  Embeddings trained;
  try {
    trained = train_word2vec(input, vocab, w2v, monitor.callback(), &summary, distributed, checkpoints, evaluation,
                             planned);
  } catch (...) {
    job.fail("train", std::current_exception());
  }
  if (job.rank() != 0) return 0;
  if (job.cluster() && !quiet) report_sync(sync_stats, job.size());
  const Embeddings& emb = trained;
  if (to_stdout) {
    StreamSink out(stdout, "standard output", stop_token());
    write_embeddings(emb, out, out_format);
    out.flush();
  } else {
    // The .bin and its .vec are replaced together or not at all.
    OutputGroup group(stop_token());
    write_embeddings(emb, group, output, out_format);
    if (!vec.empty()) write_embeddings(emb, group, vec, Format::FasttextVec);
    group.commit();
    if (!vec.empty() && !quiet) std::fprintf(stderr, "wrote the word vectors also to %s\n", vec.c_str());
  }
  monitor.summary(summary, emb);
  if (!quiet) report_warm_start(emb, w2v);
  if (!quiet)
    std::fprintf(stderr, "wrote %zu vectors of dimension %zu to %s (%s); final loss %.4f%s\n", emb.size(), emb.dim(),
                 output.c_str(), format_name(out_format).c_str(),
                 summary.epoch_loss.empty() ? 0.0 : summary.epoch_loss.back(),
                 summary.resumed_at > 0 ? fmt::format("; resumed at {:.1f}%", 100.0 * summary.resumed_at).c_str() : "");
  return 0;
}

// The model is read from the one parse of the command line; each model's options are then stored against
// its own description (its help, its defaults): see VariantCommandLine.
int run_train(int argc, char** argv) {
  std::vector<std::string> storage;
  std::vector<char*> args = resume_command_line(argc, argv, storage);
  argc = static_cast<int>(args.size());
  argv = args.data();
  Word2VecTrainCommand words;
  GloveTrainCommand glove;
  SupervisedTrainCommand supervised;
  const VariantCommandLine line(argc, argv, {&words.opts, &glove.options(), &supervised.options()});
  TrainModel model = TrainModel::SkipGram;
  std::exception_ptr unknown_model;  // a name no model has: the word models' parse comes first (--help helps)
  try {
    model = parse_train_model(line.value("model").value_or(to_string(model)));
  } catch (const OptionError&) {
    unknown_model = std::current_exception();
  }
  switch (model) {
    case TrainModel::Glove:
      if (launcher_ranks() > 1)
        throw OptionError("--model glove trains on one machine: run it without mpirun (the skip-gram, CBOW and "
                          "fastText models train on several)");
      return glove.run(line, argc, argv);
    case TrainModel::Supervised:
      return supervised.run(line);
    default:
      return words.run(line, model, unknown_model, argc, argv);
  }
}

const bool registered = register_command({"train", "train word or document vectors (skipgram, cbow, fasttext, glove; dbow, dm) or a text classifier (supervised)", 10, run_train});

}  // namespace

}  // namespace wordvec::cli
