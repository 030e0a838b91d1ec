#pragma once
// `wordvec train --model supervised`: fastText's text classifier, its own options and run.

namespace wordvec::cli {

/// True when argv selects the supervised model (--model supervised / --model=supervised).
bool wants_supervised(int argc, char** argv);

/// Runs `wordvec train --model supervised ...`; argv[0] is "train".
int run_train_supervised(int argc, char** argv);

}  // namespace wordvec::cli
