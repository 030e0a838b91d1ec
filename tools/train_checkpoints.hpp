#pragma once
// `wordvec train` options shared by every model: --deterministic's companions --checkpoint,
// --checkpoint-every, --save-model and --resume, and the replay of a checkpoint's command line.
#include <string>
#include <vector>

#include "options.hpp"
#include "wordvec/pipeline/train_jobs.hpp"

namespace wordvec::cli {

/// Adds the checkpoint options, filling `out`.
void add_checkpoint_options(po::options_description& opts, CheckpointOptions& out);

/// Adds --init-from and --continue (skip-gram, CBOW, fastText), filling `out`.
void add_warm_start_options(po::options_description& opts, CheckpointOptions& out);

/// Keeps the command line in `out.args` (less --threads, --quiet and --resume, which may change on resume).
void keep_command_line(int argc, char** argv, CheckpointOptions& out);

/// `wordvec train --resume FILE [--threads N] [--quiet]`: when argv names no --input, the command line
/// stored in FILE followed by argv's own options, in `storage`; otherwise argv unchanged. argv[0] is "train".
std::vector<char*> resume_command_line(int argc, char** argv, std::vector<std::string>& storage);

}  // namespace wordvec::cli
