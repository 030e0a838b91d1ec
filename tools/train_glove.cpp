// `wordvec train --model glove`: corpus in, co-occurrences counted, GloVe vectors (W + C) out.
#include "train_glove.hpp"

#include "train_checkpoints.hpp"
#include "train_monitor.hpp"

#include <cstdio>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"
#include "wordvec/io/format.hpp"
#include "command.hpp"
#include "options.hpp"
#include "tokenizer_options.hpp"
#include "outputs.hpp"
#include "progress_printer.hpp"
#include "wordvec/pipeline/train_jobs.hpp"
#include "wordvec/train/glove_trainer.hpp"

namespace wordvec::cli {

struct GloveTrainCommand::Flags {
  std::string model, input, output, format, save_cooccur, cooccur, temp_dir, vocab_file, save_vocab;
  GloveOptions glove;
  VocabOptions vocab;
  std::string invalid_utf8;
  bool quiet = false;
  TokenizerFlags tokenizer_flags;
  CheckpointOptions checkpoints;
  EpochEvaluation evaluation;
  MonitorFlags monitor_flags;
};

GloveTrainCommand::~GloveTrainCommand() = default;

GloveTrainCommand::GloveTrainCommand() : f_(std::make_unique<Flags>()), options_("train --model glove options") {
  auto& [model, input, output, format, save_cooccur, cooccur, temp_dir, vocab_file, save_vocab, glove, vocab,
         invalid_utf8, quiet, tokenizer_flags, checkpoints, evaluation, monitor_flags] = *f_;
  po::options_description& opts = options_;
  opts.add_options()
      ("model", po::value(&model)->default_value("glove"), "glove (skipgram and cbow: see 'wordvec train --help')")
      ("input,i", po::value(&input), "training corpus: UTF-8 text, whitespace-separated, one sentence per line; .gz accepted; - for standard input (not needed with both --vocab and --cooccur)")
      ("output,o", po::value(&output)->required(), "vector file to write (W + C)")
      ("format", po::value(&format)->default_value(""), fmt::format("output format: {} (default: from the output extension: .bin -> w2v-bin, .txt -> w2v-text, .vec -> fasttext-vec)", fmt::join(format_names(), ", ")).c_str())
      ("dim", po::value(&glove.dim)->default_value(glove.dim), "vector dimension")
      ("window", po::value(&glove.window)->default_value(glove.window), "symmetric context window; a pair at distance d counts 1/d")
      ("min-count", po::value(&vocab.min_count)->default_value(vocab.min_count), "ignore words seen fewer times")
      ("max-vocab", po::value(&vocab.max_vocab)->default_value(vocab.max_vocab), "keep only the N most frequent words (0 = all)")
      ("x-max", po::value(&glove.x_max)->default_value(glove.x_max, fmt::format("{}", glove.x_max)), "weighting cutoff: f(x) = min(1, (x/x-max)^power)")
      ("power", po::value(&glove.power)->default_value(glove.power, fmt::format("{}", glove.power)), "exponent of the weighting function")
      ("epochs", po::value(&glove.epochs)->default_value(glove.epochs), "passes over the co-occurrence records")
      ("lr", po::value(&glove.lr)->default_value(glove.lr, fmt::format("{}", glove.lr)), "AdaGrad's initial learning rate")
      ("threads", po::value(&glove.threads)->default_value(default_threads()), "counting and training threads (default: all cores)")
      ("memory", po::value(&glove.memory_gb)->default_value(glove.memory_gb, fmt::format("{}", glove.memory_gb)), "memory budget of co-occurrence counting in GB; beyond it sorted runs are spilled to --temp-dir")
      ("temp-dir", po::value(&temp_dir)->default_value(""), "directory for spilled runs (default: $TMPDIR or /tmp); always cleaned up")
      ("save-cooccur", po::value(&save_cooccur)->default_value(""), "also write the co-occurrence counts to FILE (Stanford GloVe binary: int32, int32, float64; 1-based ids)")
      ("cooccur", po::value(&cooccur)->default_value(""), "train from this co-occurrence FILE (Stanford GloVe binary, ids in the order of the vocabulary: --vocab, else the one counted from --input) instead of counting")
      ("save-vocab", po::value(&save_vocab)->default_value(""), "also write the vocabulary to FILE ('word count' lines: Stanford's vocab.txt; ties in byte order, as vocab_count)")
      ("vocab", po::value(&vocab_file)->default_value(""), "take the vocabulary from this FILE ('word count' lines, e.g. Stanford's vocab.txt; used as is: --min-count and --max-vocab do not apply) instead of counting it")
      ("init-range", po::value(&glove.init_range)->default_value(glove.init_range, "0.5/sqrt(dim)"), "vectors and biases start uniform in [-R, R) (Stanford GloVe: 0.5/dim)")
      ("seed", po::value(&glove.seed)->default_value(glove.seed), "random seed")
      ("deterministic", po::bool_switch(&glove.deterministic), "same vectors for the same seed whatever --threads is, on every run: the records are trained in a fixed grid of cells whose rounds share no row (instead of Hogwild's racing threads)")
      ("quiet,q", po::bool_switch(&quiet), "no progress output");
  add_invalid_utf8_option(opts, invalid_utf8);
  add_tokenizer_options(opts, tokenizer_flags, "whitespace");
  add_checkpoint_options(opts, checkpoints);
  add_monitor_options(opts, evaluation, monitor_flags);
}

int GloveTrainCommand::run(const VariantCommandLine& line, int argc, char** argv) {
  auto& [model, input, output, format, save_cooccur, cooccur, temp_dir, vocab_file, save_vocab, glove, vocab,
         invalid_utf8, quiet, tokenizer_flags, checkpoints, evaluation, monitor_flags] = *f_;
  po::variables_map vm;
  if (!line.parse("usage: wordvec train --model glove --input CORPUS --output VECTORS [options]\n       wordvec train --model glove --vocab VOCAB --cooccur COOCCUR --output VECTORS [options]",
                  options_, vm))
    return 0;
  if (input.empty() && (vocab_file.empty() || cooccur.empty()))
    throw OptionError("option --input: expected a corpus (it may be left out only with both --vocab and --cooccur)");
  glove.temp_dir = temp_dir;
  vocab.threads = glove.threads;
  vocab.ties = VocabTies::Bytes;  // word ids as Stanford's vocab_count numbers them
  glove.validate();
  glove.cancel = stop_token();
  vocab.invalid_utf8 = parse_invalid_utf8(invalid_utf8);
  vocab.notice = notice_printer("train");
  vocab.validate();
  checkpoints.validate();
  keep_command_line(argc, argv, checkpoints);
  vocab.tokenizer = make_tokenizer(tokenizer_options(vm, tokenizer_flags));
  const Format out_format = format.empty() ? format_for_extension(output) : parse_format(format);
  if (!vocab_file.empty() && !save_vocab.empty())
    throw OptionError("options --vocab and --save-vocab: expected at most one of them, got both");
  if (!cooccur.empty() && !save_cooccur.empty())
    throw OptionError("options --cooccur and --save-cooccur: expected at most one of them, got both");

  const bool to_stdout = is_stdout(output);
  if (to_stdout) require_stdout_format("--output", streams_to_stdout(out_format), format_name(out_format));
  // Fail before the work, not after: every file this run will write.
  std::vector<std::string> outputs{save_cooccur, save_vocab, checkpoints.save_model.string(), monitor_flags.progress_file};
  if (checkpoints.checkpoint != checkpoints.resume) outputs.push_back(checkpoints.checkpoint.string());
  if (!to_stdout)
    for (const auto& f : output_files(output, out_format)) outputs.push_back(f.string());
  check_outputs("train", outputs, {input, vocab_file, cooccur});
  {  // spill directories of a killed run
    std::error_code ec;
    clean_stale("train", temp_dir.empty() ? std::filesystem::temp_directory_path(ec) : std::filesystem::path(temp_dir));
  }

  std::vector<PlannedOutput> planned;  // their free space is checked once the vocabulary is known
  if (!to_stdout) planned.push_back({output, out_format, {}});
  TrainMonitor monitor(monitor_flags, quiet, stderr_is_terminal());
  if (monitor_flags.progress == "json") quiet = true;  // the objects alone, for the program reading them
  GloveReport report;
  const Embeddings emb = train_glove(input, vocab, glove, GloveFiles{save_cooccur, cooccur, vocab_file, save_vocab},
                                     monitor.callback(), &report, checkpoints, evaluation, planned);
  monitor.summary(report.training, emb);
  if (to_stdout) {
    StreamSink out(stdout, "standard output", stop_token());
    write_embeddings(emb, out, out_format);
    out.flush();
  } else {
    write_embeddings(emb, output, out_format, write_options());
  }
  if (!quiet) {
    const auto& c = report.counting;
    std::fprintf(stderr,
                 "co-occurrence: %llu records (%s) in %.1fs; %llu runs, %llu spill files, %llu merge passes\n",
                 static_cast<unsigned long long>(report.records), cooccur.empty() ? "counted" : "read",
                 report.count_seconds, static_cast<unsigned long long>(c.runs),
                 static_cast<unsigned long long>(c.spill_files), static_cast<unsigned long long>(c.merge_passes));
    std::fprintf(stderr, "wrote %zu vectors of dimension %zu to %s (%s); final cost %.6f\n", emb.size(), emb.dim(),
                 output.c_str(), format_name(out_format).c_str(),
                 report.training.epoch_loss.empty() ? 0.0 : report.training.epoch_loss.back());
  }
  return 0;
}

}  // namespace wordvec::cli
