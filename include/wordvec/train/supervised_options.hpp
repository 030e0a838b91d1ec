#pragma once
// Options of fastText's supervised model (text classification), with fastText's defaults.
#include <cstdint>
#include <string>

#include "wordvec/core/cancel.hpp"

namespace wordvec {

/// What the output layer of a classifier computes (fastText's -loss).
enum class SupervisedLoss {
  Softmax,              ///< a softmax over all labels (fastText's default for supervised)
  NegativeSampling,     ///< the label against `negative` labels drawn by count^0.5
  HierarchicalSoftmax,  ///< the label's path in a Huffman tree of the label counts
  OneVsAll,             ///< an independent binary classifier per label (multi-label)
};

/// Parses "softmax" / "ns" / "hs" / "ova"; throws OptionError otherwise.
SupervisedLoss parse_supervised_loss(const std::string& name);
/// "softmax" / "ns" / "hs" / "ova".
std::string to_string(SupervisedLoss loss);

/// Hyper-parameters of `train --model supervised`, fastText's supervised defaults.
struct SupervisedOptions {
  int dim = 100;                     ///< vector size
  double lr = 0.1;                   ///< starting learning rate, decays linearly to 0
  int epochs = 5;                    ///< passes over the training file
  int threads = 1;                   ///< worker threads
  std::uint64_t min_count = 1;       ///< words seen fewer times are dropped
  std::uint64_t min_count_label = 0; ///< labels seen fewer times are dropped
  int word_ngrams = 1;               ///< word n-grams up to this length go into the input (hashed)
  std::uint32_t bucket = 2000000;    ///< hash rows for word and character n-grams (used only when there are any)
  int minn = 0;                      ///< shortest character n-gram (with maxn > 0)
  int maxn = 0;                      ///< longest character n-gram; 0 = no subwords
  SupervisedLoss loss = SupervisedLoss::Softmax;  ///< output layer
  int negative = 5;                  ///< negative labels per example with loss ns
  std::string label = "__label__";   ///< tokens starting with this are labels
  std::uint64_t seed = 1;            ///< random seed
  /// Stops reading and training with Cancelled once set (default: never); not a hyper-parameter.
  CancellationToken cancel;

  /// Hash rows the model has: `bucket` when there are word or character n-grams, else 0 (as fastText).
  std::uint32_t effective_bucket() const { return word_ngrams > 1 || maxn > 0 ? bucket : 0; }
  /// Throws OptionError naming the first bad value.
  void validate() const;
};

}  // namespace wordvec
