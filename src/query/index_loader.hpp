#pragma once
// Opens any vector file as a SimilarityIndex, the quickest way its format allows.
#include <filesystem>

#include "query/similarity_index.hpp"

namespace wordvec {

/// Reads `path` (any format, detected by content) ready for queries. A native file is memory-mapped:
/// unit rows are queried in place (no copy, no pass); other float32 rows are normalised in one
/// parallel pass using the stored norms. Other formats are read and normalised.
SimilarityIndex load_similarity_index(const std::filesystem::path& path);

}  // namespace wordvec
