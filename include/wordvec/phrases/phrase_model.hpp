#pragma once
// Phrase detection: counts of words and candidate phrases, their scores, and the greedy
// left-to-right joining word2phrase and gensim's Phrases apply.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "wordvec/core/progress.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/phrases/phrases_options.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

/// Score of candidate phrase ab. word2vec: (count_ab - min_count) / (count_a * count_b) * tokens;
/// npmi: log(p_ab / (p_a p_b)) / -log(p_ab) with p = count / tokens, -infinity when
/// count_ab < min_count (gensim's npmi_scorer). Counts of zero give -infinity.
double phrase_score(PhraseScoring scoring, std::uint64_t count_a, std::uint64_t count_b, std::uint64_t count_ab,
                    std::uint64_t min_count, std::uint64_t tokens);

/// One phrase found, for --save-phrases.
struct ScoredPhrase {
  std::string phrase;       ///< its words joined by the delimiter
  double score = 0.0;       ///< phrase_score
  std::uint64_t count = 0;  ///< times the candidate was counted
};

/// What counting saw.
struct PhraseCountStats {
  std::uint64_t tokens = 0;      ///< all tokens
  std::uint64_t words = 0;       ///< words with count >= min_count
  std::uint64_t candidates = 0;  ///< distinct candidate phrases kept (count >= min_count)
  std::uint64_t pruned = 0;      ///< candidate entries dropped while counting to stay under max_candidates
};

/// The statistics of one pass over a corpus and the joining they decide. Candidates are pairs of
/// words (count >= min_count) next to each other, or with connector words only between them;
/// connector words never start or end a phrase.
class PhraseModel {
 public:
  /// Counts words (the vocabulary counter) and candidates with options.threads threads, each
  /// reading its own shards of `corpus`; `pass` picks the threshold. When the corpus holds invalid UTF-8 and
  /// options.invalid_utf8 is Skip or Replace, `corpus` becomes its repaired copy (which the rewrite then reads).
  static PhraseModel learn(Corpus& corpus, const PhrasesOptions& options, int pass,
                           const ProgressCallback& progress = {});
  ~PhraseModel();
  PhraseModel(PhraseModel&&) noexcept;
  PhraseModel& operator=(PhraseModel&&) noexcept;

  /// Appends `tokens`, with every phrase scoring above the threshold joined, as one line (with
  /// '\n') to `out`; adds the number of phrases joined to *joined when given. Greedy from the
  /// left, as word2phrase and gensim: once "a b" is joined, b does not start another phrase.
  void join(const std::vector<std::string_view>& tokens, std::string& out, std::uint64_t* joined = nullptr) const;
  /// Every candidate scoring above the threshold, best first.
  std::vector<ScoredPhrase> phrases() const;
  /// What counting saw.
  const PhraseCountStats& stats() const;
  /// The threshold this pass joins above.
  double threshold() const;

  /// The counts and tables (defined in phrase_model.cpp).
  struct Impl;

 private:
  explicit PhraseModel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wordvec
