#pragma once
// Byte shards of a corpus that start and end at line starts, so no line is split between two
// readers (phrases pair neighbouring words and rewrite whole lines).
#include <cstdint>
#include <vector>

#include "wordvec/corpus/corpus.hpp"

namespace wordvec {

/// Offsets b[0] = 0 <= b[1] <= ... <= b[count] = size: shard k is [b[k], b[k+1]), each b[k] the
/// start of a line (the byte after a newline) at or after k * size / count. Throws IoError.
std::vector<std::uint64_t> line_shards(const Corpus& corpus, std::size_t count);

}  // namespace wordvec
