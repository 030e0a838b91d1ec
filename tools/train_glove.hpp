#pragma once
// `wordvec train --model glove`: its own options and run, kept apart from the word2vec path.

namespace wordvec::cli {

/// True when argv selects the GloVe model (--model glove / --model=glove).
bool wants_glove(int argc, char** argv);

/// Runs `wordvec train --model glove ...`; argv[0] is "train".
int run_train_glove(int argc, char** argv);

}  // namespace wordvec::cli
