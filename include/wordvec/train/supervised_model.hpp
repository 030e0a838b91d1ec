#pragma once
// A fastText supervised classifier (`fasttext supervised`): a dictionary of words and labels, an
// input matrix (word rows, then hash rows for word and character n-grams) whose mean over a line
// is the line's vector, and an output matrix that turns it into label probabilities.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/embeddings/subword_vectors.hpp"
#include "wordvec/train/supervised_options.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

/// fastText's end-of-line token: a word of every supervised dictionary, read at each newline.
inline constexpr std::string_view kEndOfLine = "</s>";

/// One line as the classifier reads it (fastText's Dictionary::getLine).
struct LineInput {
  std::vector<std::int32_t> rows;    ///< input rows: each word's row (or its subword rows), then word n-gram rows
  std::vector<std::int32_t> labels;  ///< ids of the labels on the line
  std::vector<std::int32_t> hashes;  ///< fastText hash of each word token, known or not (for the word n-grams)
  std::uint64_t tokens = 0;          ///< tokens read, labels and the end of line included
  /// Empties it for the next line.
  void clear() {
    rows.clear();
    labels.clear();
    hashes.clear();
    tokens = 0;
  }
};

/// A trained (or read) classifier.
struct SupervisedModel {
  Vocab words;   ///< the dictionary's words, "</s>" included; ids are input rows
  Vocab labels;  ///< its labels with their counts; ids are output rows (softmax, ns, ova)
  /// The input matrix (words rows, then the bucket rows), the output matrix (one row per label;
  /// hs: inner node k of the label tree is row k), the character n-gram scheme and the bucket
  /// rows that word and character n-grams hash into.
  SubwordVectors params;
  SupervisedLoss loss = SupervisedLoss::Softmax;  ///< the output layer
  int word_ngrams = 1;                             ///< word n-grams up to this length are read (hashed into the bucket rows)
  std::string label_prefix = "__label__";  ///< an unknown token starting with it is an unknown label, else a word
  /// How it was trained (epochs, min_count, ...), free-form as the metadata of Embeddings.
  Metadata metadata;

  /// Vector size.
  std::size_t dim() const { return params.input.cols(); }
  /// Reads one token of a line into `line`.
  void add_token(std::string_view token, LineInput& line) const;
  /// Ends the line: appends the rows of its word n-grams.
  void end_line(LineInput& line) const;
  /// Reads a whole line (without its newline) split at fastText's separators; `newline`: the line
  /// ended with one, so "</s>" is read too, as fastText does.
  void read_line(std::string_view text, bool newline, LineInput& line) const;
  /// fastText's get_sentence_vector of one line (`text` without its newline, "</s>" read as fastText's
  /// Python module reads it): the mean of the input rows the line reads, the vector its labels are
  /// predicted from; zeros when it reads none. dim() floats, summed in fastText's order.
  std::vector<float> sentence_vector(std::string_view text) const;
  /// Throws FormatError (naming `source`) when the matrices do not fit the dictionary.
  void check(const std::string& source) const;
};

/// A predicted label: its id and fastText's score for it, log(p + 1e-5).
struct LabelScore {
  float log_prob = 0.0f;  ///< log(probability + 1e-5), as fastText keeps it
  std::int32_t label = 0; ///< label id
};

/// Predicts labels as `fasttext predict` does, for every loss, with the same arithmetic (float sums
/// in fastText's order, its sigmoid table for ns and ova), so probabilities agree with its output.
/// Holds scratch vectors: one per thread.
class Classifier {
 public:
  /// `model` must outlive the classifier.
  explicit Classifier(const SupervisedModel& model);
  /// The k most probable labels of a line with probability >= threshold, most probable first;
  /// none when `rows` is empty.
  void predict(const std::vector<std::int32_t>& rows, int k, float threshold, std::vector<LabelScore>& out);

 private:
  void dfs(int k, float threshold, std::int32_t node, float score, std::vector<LabelScore>& heap) const;
  const SupervisedModel& model_;
  std::vector<float> hidden_, output_;
  std::vector<std::int32_t> left_, right_;  // hs: children of inner node a; < nlabels: a label, else nlabels + inner node
};

}  // namespace wordvec
