#pragma once
// `wordvec train --model dbow|dm`: the Doc2Vec run and its two outputs (document and word vectors).
#include <string>

#include "wordvec/io/format.hpp"
#include "wordvec/pipeline/train_jobs.hpp"

namespace wordvec::cli {

/// Where the document vectors go ("-": standard output) and in which format.
struct DocOutput {
  std::string path;
  Format format;
};

/// Trains `options` (dbow or dm) on `input` and writes the document vectors to `docs`, the word
/// vectors to `words` when it is not empty (format from its extension), replaced together.
int run_train_doc2vec(const std::string& input, const VocabOptions& vocab, const Word2VecOptions& options,
                      const CheckpointOptions& checkpoints, const DocOutput& docs, const std::string& words, bool quiet);

}  // namespace wordvec::cli
