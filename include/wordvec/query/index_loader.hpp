#pragma once
// Opens any vector file as a SimilarityIndex, the quickest way its format allows.
#include <filesystem>

#include "wordvec/io/format.hpp"
#include "wordvec/query/similarity_index.hpp"
#include "wordvec/text/tokenizer.hpp"

namespace wordvec {

/// Reads `path` (any format, detected by content) ready for queries. A native float32 file is
/// memory-mapped and its rows queried in place (no copy, no pass): unit rows as they are, raw rows
/// with their stored norms scaling the scores. Other formats are read (with `options`) and normalised.
SimilarityIndex load_similarity_index(const std::filesystem::path& path, const ReadOptions& options = {});

/// The tokenizer a vector file records (native files keep it in their metadata), so that query
/// words are normalised as the corpus was; the whitespace default for other formats.
TokenizerOptions recorded_tokenizer(const std::filesystem::path& path);

}  // namespace wordvec
