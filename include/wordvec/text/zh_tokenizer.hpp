#pragma once
// Chinese word segmentation by jieba's method over jieba's own data: a prefix dictionary with word
// frequencies, the DAG of every dictionary word in a sentence, the most probable route through it by
// dynamic programming, and a BMES hidden Markov model (Viterbi) for runs of characters the dictionary
// does not know. Text that is not Chinese is tokenized as by `words` where jieba would cut it into
// single characters.
#include <memory>

#include "wordvec/text/tokenizer.hpp"

namespace wordvec {

namespace text {
class JiebaSegmenter;
class T2sConverter;
}  // namespace text

/// The `zh` tokenizer.
class ZhTokenizer : public Tokenizer {
 public:
  /// Loads the dictionary (options.dict, default default_jieba_dict()), the HMM tables and the user
  /// dictionary; throws IoError when a file is missing, FormatError (file and line) when malformed.
  explicit ZhTokenizer(TokenizerOptions options);
  ~ZhTokenizer() override;
  void tokenize(std::string_view line, TokenList& out) const override;
  std::string normalize(std::string_view word) const override;
  /// Exactly what jieba.cut(text, HMM=hmm) yields, white space included, without normalisation.
  void jieba_cut(std::string_view text, bool hmm, TokenList& out) const;

 private:
  std::shared_ptr<const text::JiebaSegmenter> segmenter_;
  std::shared_ptr<const text::T2sConverter> t2s_;
};

}  // namespace wordvec
