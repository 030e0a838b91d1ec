// `wordvec train --model supervised`: labelled lines in, a fastText classifier (.bin) out.
#include "train_supervised.hpp"

#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "options.hpp"
#include "outputs.hpp"
#include "progress_printer.hpp"
#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/io/fasttext_format.hpp"
#include "wordvec/train/supervised_trainer.hpp"

namespace wordvec::cli {

struct SupervisedTrainCommand::Flags {
  std::string model, input, output, loss;
  SupervisedOptions o;
  bool quiet = false;
};

SupervisedTrainCommand::~SupervisedTrainCommand() = default;

SupervisedTrainCommand::SupervisedTrainCommand()
    : f_(std::make_unique<Flags>()), options_("train --model supervised options (fastText's supervised defaults)") {
  auto& [model, input, output, loss, o, quiet] = *f_;
  o.threads = default_threads();
  po::options_description& opts = options_;
  opts.add_options()
      ("model", po::value(&model)->default_value("supervised"), "supervised (the word vector models: see 'wordvec train --help')")
      ("input,i", po::value(&input)->required(), "training file in fastText's format: one example per line, its labels as tokens starting with --label ('__label__sports __label__news Some text ...'); .gz accepted; - for standard input")
      ("output,o", po::value(&output)->required(), "model file: OUTPUT.bin (as fastText's -output prefix; a name ending in .bin is kept), a fastText .bin that 'fasttext predict' and 'fasttext test' read")
      ("label", po::value(&o.label)->default_value(o.label), "tokens starting with this are labels")
      ("dim", po::value(&o.dim)->default_value(o.dim), "vector dimension")
      ("lr", po::value(&o.lr)->default_value(o.lr, "0.1"), "starting learning rate, decays linearly to 0")
      ("epochs", po::value(&o.epochs)->default_value(o.epochs), "passes over the training file")
      ("min-count", po::value(&o.min_count)->default_value(o.min_count), "ignore words seen fewer times")
      ("min-count-label", po::value(&o.min_count_label)->default_value(o.min_count_label), "ignore labels seen fewer times")
      ("word-ngrams", po::value(&o.word_ngrams)->default_value(o.word_ngrams), "word n-grams up to this length join the input, hashed into --bucket rows (fastText's wordNgrams)")
      ("bucket", po::value(&o.bucket)->default_value(o.bucket), "hash rows of word and character n-grams (used only with --word-ngrams > 1 or --maxn > 0); each is dim floats of memory and of the .bin")
      ("minn", po::value(&o.minn)->default_value(o.minn), "shortest character n-gram (with --maxn > 0)")
      ("maxn", po::value(&o.maxn)->default_value(o.maxn), "longest character n-gram; 0 = no subwords")
      ("loss", po::value(&loss)->default_value(to_string(o.loss)), "softmax, ns (negative sampling over labels), hs (hierarchical softmax over a Huffman tree of the labels) or ova (one-vs-all, for several labels per line)")
      ("negative", po::value(&o.negative)->default_value(o.negative), "negative labels per example with --loss ns")
      ("threads", po::value(&o.threads)->default_value(o.threads, "all cores"), "worker threads")
      ("seed", po::value(&o.seed)->default_value(o.seed), "random seed")
      ("quiet,q", po::bool_switch(&quiet), "no progress output");
}

int SupervisedTrainCommand::run(const VariantCommandLine& line) {
  auto& [model, input, output, loss, o, quiet] = *f_;
  po::variables_map vm;
  if (!line.parse("usage: wordvec train --model supervised --input TRAIN.txt --output MODEL [options]", options_, vm))
    return 0;
  o.loss = parse_supervised_loss(loss);
  o.validate();
  o.cancel = stop_token();
  if (!output.ends_with(".bin")) output += ".bin";
  require_option(!is_stdout(output), "output", "a file (the model is a .bin)", output);
  check_outputs("train", {output}, {input});

  ProgressPrinter printer(quiet, stderr_is_terminal());
  TrainingSummary summary;
  const Corpus corpus = Corpus::open(input, {}, o.cancel);
  const SupervisedModel trained = train_supervised(corpus, o, printer.callback(), &summary);
  AtomicFile file(output, o.cancel);
  write_fasttext_supervised(trained, file, output);
  file.commit();
  if (!quiet)
    std::fprintf(stderr, "wrote a classifier of %zu words, %zu labels, %zu hash rows, dimension %zu to %s; final loss %.4f\n",
                 trained.words.size(), trained.labels.size(), trained.params.input.rows() - trained.words.size(),
                 trained.dim(), output.c_str(), summary.epoch_loss.empty() ? 0.0 : summary.epoch_loss.back());
  return 0;
}

}  // namespace wordvec::cli
