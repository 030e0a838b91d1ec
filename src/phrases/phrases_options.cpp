#include "wordvec/phrases/phrases_options.hpp"

#include <cmath>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

PhraseScoring parse_phrase_scoring(const std::string& name) {
  if (name == "word2vec" || name == "default") return PhraseScoring::Word2Vec;
  if (name == "npmi") return PhraseScoring::Npmi;
  throw OptionError(fmt::format("option --scoring: expected word2vec or npmi, got '{}'", name));
}

std::string to_string(PhraseScoring scoring) { return scoring == PhraseScoring::Word2Vec ? "word2vec" : "npmi"; }

const std::vector<std::string>& english_connector_words() {
  static const std::vector<std::string> words = {"a",    "an",      "the", "for",  "of", "with", "without", "at",
                                                 "from", "to",      "in",  "on",   "by", "and",  "or"};
  return words;
}

double PhrasesOptions::threshold_for(int pass) const {
  if (thresholds.empty()) return scoring == PhraseScoring::Word2Vec ? 100.0 : 0.5;
  return thresholds[std::min(thresholds.size() - 1, static_cast<std::size_t>(pass))];
}

void PhrasesOptions::validate() const {
  require_option(min_count >= 1, "min-count", "at least 1", min_count);
  for (const double t : thresholds) {
    if (scoring == PhraseScoring::Word2Vec)
      require_option(t >= 0.0 && std::isfinite(t), "threshold", "a number >= 0 for word2vec scoring", t);
    else
      require_option(t >= -1.0 && t <= 1.0, "threshold", "a number in [-1, 1] for npmi scoring", t);
  }
  require_option(passes >= 1 && passes <= 10, "passes", "an integer in 1..10", passes);
  require_option(!delimiter.empty() && delimiter.find_first_of(" \t\n\r\v\f") == std::string::npos, "delimiter",
                 "a non-empty string without whitespace", delimiter);
  for (const auto& w : connector_words)
    require_option(!w.empty() && w.find_first_of(" \t\n\r\v\f") == std::string::npos, "connector-words",
                   "words without whitespace", w);
  require_option(max_candidates >= 1000, "max-vocab", "at least 1000", max_candidates);
  require_option(threads >= 1 && threads <= 1024, "threads", "an integer in 1..1024", threads);
}

}  // namespace wordvec
