#pragma once
// `wordvec train --model glove`: its own options and run, kept apart from the word2vec path.
#include <memory>

#include "options.hpp"

namespace wordvec::cli {

/// `wordvec train --model glove`: its options, bound to its flags, and its run.
class GloveTrainCommand {
 public:
  GloveTrainCommand();
  ~GloveTrainCommand();
  GloveTrainCommand(const GloveTrainCommand&) = delete;
  GloveTrainCommand& operator=(const GloveTrainCommand&) = delete;
  /// Its options (`wordvec train --model glove --help`).
  po::options_description& options() { return options_; }
  /// Stores `line` against options() and runs the job; argv[0] is "train".
  int run(const VariantCommandLine& line, int argc, char** argv);

 private:
  struct Flags;
  std::unique_ptr<Flags> f_;
  po::options_description options_;
};

}  // namespace wordvec::cli
