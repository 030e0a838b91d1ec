#pragma once
// `wordvec train --model supervised`: fastText's text classifier, its own options and run.
#include <memory>

#include "options.hpp"

namespace wordvec::cli {

/// `wordvec train --model supervised`: its options, bound to its flags, and its run.
class SupervisedTrainCommand {
 public:
  SupervisedTrainCommand();
  ~SupervisedTrainCommand();
  SupervisedTrainCommand(const SupervisedTrainCommand&) = delete;
  SupervisedTrainCommand& operator=(const SupervisedTrainCommand&) = delete;
  /// Its options (`wordvec train --model supervised --help`).
  po::options_description& options() { return options_; }
  /// Stores `line` against options() and runs the job.
  int run(const VariantCommandLine& line);

 private:
  struct Flags;
  std::unique_ptr<Flags> f_;
  po::options_description options_;
};

}  // namespace wordvec::cli
