#pragma once
// The whole phrase job on files: learn the phrases of a corpus, write the corpus with them joined.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "wordvec/core/progress.hpp"
#include "wordvec/phrases/phrase_model.hpp"
#include "wordvec/phrases/phrases_options.hpp"

namespace wordvec {

/// What the job did, pass by pass.
struct PhrasesReport {
  std::vector<PhraseCountStats> passes;  ///< counting statistics of each pass
  std::vector<std::uint64_t> joined;     ///< phrases joined in the output of each pass
  double seconds = 0.0;                  ///< wall time of the whole job
};

/// Reads `input` ("-" for stdin, ".gz" accepted), runs options.passes passes of learning and
/// joining (each pass reads the previous pass's output), writes the result to `output`
/// atomically, and when `save_phrases` is set, writes there "phrase<TAB>score<TAB>count" for the
/// phrases of every pass, best first within a pass.
PhrasesReport make_phrases(const std::string& input, const std::filesystem::path& output,
                           const PhrasesOptions& options, const std::filesystem::path& save_phrases = {},
                           const ProgressCallback& progress = {});

}  // namespace wordvec
