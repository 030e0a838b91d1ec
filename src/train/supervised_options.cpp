#include "wordvec/train/supervised_options.hpp"

#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"

namespace wordvec {

namespace {
const std::vector<std::string> kLossNames{"softmax", "ns", "hs", "ova"};
}  // namespace

SupervisedLoss parse_supervised_loss(const std::string& name) {
  return static_cast<SupervisedLoss>(parse_choice("loss", name, kLossNames));
}

std::string to_string(SupervisedLoss loss) { return kLossNames[static_cast<std::size_t>(loss)]; }

void SupervisedOptions::validate() const {
  require_option(dim >= 1 && dim <= 100000, "dim", "1..100000", dim);
  require_option(lr > 0.0, "lr", "a positive learning rate", lr);
  require_option(epochs >= 1, "epochs", "at least 1", epochs);
  require_option(threads >= 1, "threads", "at least 1", threads);
  require_option(min_count >= 1, "min-count", "at least 1", min_count);
  require_option(word_ngrams >= 1 && word_ngrams <= 100, "word-ngrams", "1..100", word_ngrams);
  require_option(bucket >= 1 && bucket <= 0x7fffffffu, "bucket", "1..2147483647", bucket);
  require_option(minn >= 0 && maxn >= 0 && maxn <= 100 && (maxn == 0 || minn >= 1), "minn", "1 <= minn (when maxn > 0), maxn <= 100", minn);
  require_option(maxn == 0 || minn <= maxn, "maxn", fmt::format("at least --minn ({})", minn), maxn);
  require_option(negative >= 1, "negative", "at least 1", negative);
  require_option(!label.empty(), "label", "a non-empty prefix", "''");
}

}  // namespace wordvec
