#include "train_doc2vec.hpp"

#include <cstdio>

#include "command.hpp"
#include "options.hpp"
#include "outputs.hpp"
#include "progress_printer.hpp"
#include "wordvec/core/atomic_file.hpp"

namespace wordvec::cli {

int run_train_doc2vec(const std::string& input, const VocabOptions& vocab, const Word2VecOptions& options,
                      const CheckpointOptions& checkpoints, const DocOutput& docs, const std::string& words, bool quiet) {
  ProgressPrinter printer(quiet, stderr_is_terminal());
  TrainingSummary summary;
  const DocVectors out = train_doc2vec(input, vocab, options, printer.callback(), &summary, checkpoints);
  // The files are replaced together or not at all; standard output gets the document vectors.
  OutputGroup group(stop_token());
  if (!words.empty()) write_embeddings(out.words, group, words, format_for_extension(words));
  if (is_stdout(docs.path)) {
    group.commit();
    StreamSink sink(stdout, "standard output", stop_token());
    write_embeddings(out.docs, sink, docs.format);
    sink.flush();
  } else {
    write_embeddings(out.docs, group, docs.path, docs.format);
    group.commit();
  }
  if (!quiet) {
    std::fprintf(stderr, "wrote %zu document vectors of dimension %zu to %s (%s); final loss %.4f\n", out.docs.size(),
                 out.docs.dim(), docs.path.c_str(), format_name(docs.format).c_str(),
                 summary.epoch_loss.empty() ? 0.0 : summary.epoch_loss.back());
    if (!words.empty()) std::fprintf(stderr, "wrote %zu word vectors to %s\n", out.words.size(), words.c_str());
    if (!checkpoints.save_model.empty())
      std::fprintf(stderr, "wrote the full model to %s ('wordvec infer %s -c TEXT' gives vectors for new texts)\n",
                   checkpoints.save_model.c_str(), checkpoints.save_model.c_str());
  }
  return 0;
}

}  // namespace wordvec::cli
