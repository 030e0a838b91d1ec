#pragma once
// Word-analogy benchmarks (questions-words.txt format): "A B C D" lines under ": section" headers,
// answered by 3CosAdd and/or 3CosMul over the first N words, scored as gensim's evaluate_word_analogies.
#include <array>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/progress.hpp"
#include "wordvec/query/similarity_index.hpp"
#include "wordvec/text/tokenizer.hpp"

namespace wordvec {

/// One question "A is to B as C is to D".
struct AnalogyQuestion {
  std::array<std::string, 4> words;  ///< A B C D
  std::size_t line = 0;              ///< 1-based line in the file
};

/// The questions of one ": name" section.
struct AnalogySection {
  std::string name;                          ///< the header without ": "
  std::vector<AnalogyQuestion> questions;    ///< in file order
  /// Sections named "gram..." are syntactic (as in questions-words.txt), the others semantic.
  bool syntactic() const { return name.rfind("gram", 0) == 0; }
};

/// A whole analogy file.
struct AnalogySet {
  std::string source;                     ///< path, for messages and reports
  std::vector<AnalogySection> sections;   ///< in file order
  /// Number of questions in all sections.
  std::size_t size() const;
};

/// Parses questions-words text: blank lines are skipped; every other line is ": section" or four words;
/// throws FormatError with the line number otherwise.
AnalogySet parse_analogies(std::string_view text, const std::string& source);
/// Reads and parses an analogy file; throws IoError / FormatError. A byte order mark at the start is skipped,
/// and `notice` told so.
AnalogySet read_analogies(const std::filesystem::path& path, const NoticeCallback& notice = {});

/// Every word of `set` as `tokenizer` normalises corpus words (the model's tokenizer).
void normalize_words(AnalogySet& set, const Tokenizer& tokenizer);

/// How analogies are answered.
struct AnalogyOptions {
  std::size_t restrict = 30000;   ///< questions with a word outside the first N rows are skipped; candidates come from them too; 0 = all
  bool case_insensitive = true;   ///< compare upper-cased words, first case variant wins (gensim's default)
  bool add = true;                ///< score 3CosAdd: cos(d,b) - cos(d,a) + cos(d,c)
  bool mul = false;               ///< score 3CosMul: cos'(d,b) cos'(d,c) / (cos'(d,a) + 1e-6), cos' = (1+cos)/2
  /// A, B or C outside the searched rows get their subword vector (models with subwords) instead
  /// of skipping the question; the answer D must still be among the searched rows.
  bool oov_subword = false;
  CancellationToken cancel;  ///< stops the evaluation with Cancelled once set (default: never)
  /// Throws OptionError when neither method is chosen.
  void validate() const;
};

/// Counts for a section or a group of sections.
struct AnalogyScore {
  std::size_t questions = 0;    ///< all questions
  std::size_t answered = 0;     ///< questions whose four words are all among the searched rows
  std::size_t correct_add = 0;  ///< answered right by 3CosAdd
  std::size_t correct_mul = 0;  ///< answered right by 3CosMul
  /// correct / answered (0 when nothing was answered), as gensim reports it.
  double accuracy_add() const { return answered ? static_cast<double>(correct_add) / static_cast<double>(answered) : 0.0; }
  /// Same for 3CosMul.
  double accuracy_mul() const { return answered ? static_cast<double>(correct_mul) / static_cast<double>(answered) : 0.0; }
  /// answered / questions.
  double coverage() const { return questions ? static_cast<double>(answered) / static_cast<double>(questions) : 0.0; }
  /// Adds another score's counts.
  AnalogyScore& operator+=(const AnalogyScore& o);
};

/// The score of one section.
struct AnalogySectionScore {
  std::string name;         ///< section name
  bool syntactic = false;   ///< "gram..." section
  AnalogyScore score;       ///< its counts
};

/// What happened to one question.
struct AnalogyOutcome {
  std::size_t section = 0;   ///< index into AnalogySet::sections
  std::size_t question = 0;  ///< index into that section's questions
  bool answered = false;     ///< all four words were among the searched rows
  bool correct_add = false;  ///< answered right by 3CosAdd
  bool correct_mul = false;  ///< answered right by 3CosMul
};

/// Everything evaluating one analogy file gives.
struct AnalogyResult {
  std::string source;                         ///< the file
  AnalogyOptions options;                     ///< how it was answered
  std::vector<AnalogySectionScore> sections;  ///< per section, in file order
  AnalogyScore semantic;                      ///< sum over non-"gram" sections
  AnalogyScore syntactic;                     ///< sum over "gram" sections
  AnalogyScore total;                         ///< sum over all sections
  std::vector<AnalogyOutcome> outcomes;       ///< every question, in file order
};

/// Answers every question of `set`. The similarities of the questions' distinct words (a few hundred)
/// to the candidate rows are computed as one matrix product per block of rows and shared by all questions.
/// A prediction follows gensim: of the five best candidates other than A, B and C, the first whose word is
/// not a case variant of A, B or C.
AnalogyResult evaluate_analogies(const SimilarityIndex& index, const AnalogySet& set, const AnalogyOptions& options);

}  // namespace wordvec
