#pragma once
// Options of phrase detection (word2vec.c's word2phrase, gensim's Phrases).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "wordvec/core/cancel.hpp"
#include "wordvec/core/progress.hpp"
#include "wordvec/corpus/corpus.hpp"

namespace wordvec {

class Tokenizer;

/// How a candidate phrase "a b" (or "a of the b" across connector words) is scored.
enum class PhraseScoring {
  Word2Vec,  ///< (count(ab) - min_count) / (count(a) * count(b)) * N, N = corpus tokens (word2phrase)
  Npmi,      ///< normalised pointwise mutual information, in [-1, 1] (gensim's "npmi")
};

/// Parses "word2vec" (also "default", gensim's name) / "npmi"; throws OptionError otherwise.
PhraseScoring parse_phrase_scoring(const std::string& name);
/// "word2vec" / "npmi".
std::string to_string(PhraseScoring scoring);

/// gensim's ENGLISH_CONNECTOR_WORDS: a an the for of with without at from to in on by and or.
const std::vector<std::string>& english_connector_words();

/// Hyper-parameters of phrase detection, with word2phrase's defaults.
struct PhrasesOptions {
  PhraseScoring scoring = PhraseScoring::Word2Vec;  ///< score of a candidate
  std::uint64_t min_count = 5;                      ///< words and phrases seen fewer times are never joined
  /// Join a candidate whose score is above this; one value per pass (the last one repeats).
  /// Empty: 100 for word2vec scoring (word2phrase's default), 0.5 for npmi.
  std::vector<double> thresholds;
  int passes = 1;                 ///< 2 joins phrases of phrases (trigrams, 4-grams), as word2phrase run twice
  std::string delimiter = "_";    ///< glue between the words of a phrase
  /// Words that may sit inside a phrase but never start or end one ("bank_of_america"); gensim's
  /// connector_words. Empty: none, as word2phrase.
  std::vector<std::string> connector_words;
  /// Most candidate phrases kept in memory while counting (gensim's max_vocab_size); when a
  /// counting thread holds more than its share, its rarest candidates are pruned, as gensim does.
  std::uint64_t max_candidates = 40'000'000;
  int threads = 1;  ///< counting and rewriting threads
  /// How the input's lines split into tokens (null: ASCII whitespace, word2phrase's). The output is
  /// the tokens joined by spaces, so later passes (and training) read it with whitespace.
  std::shared_ptr<const Tokenizer> tokenizer;
  /// Corpus text that is not valid UTF-8: stop (Error), or leave out (Skip) or repair (Replace) its lines,
  /// in the output too; as train's vocabulary does (VocabOptions::invalid_utf8).
  InvalidUtf8 invalid_utf8 = InvalidUtf8::Error;
  NoticeCallback notice;  ///< told when a byte order mark is skipped or lines are skipped or repaired; may be empty
  CancellationToken cancel;  ///< copying the input and writing the output stop with Cancelled once set (default: never)

  /// The threshold of pass `pass` (0-based) after applying the defaults.
  double threshold_for(int pass) const;
  /// Throws OptionError naming the first bad value.
  void validate() const;
};

}  // namespace wordvec
