#pragma once
// Stanford GloVe's binary co-occurrence file: records of int32 word1, int32 word2, float64 value,
// little-endian, 1-based word ids in vocabulary order (what `cooccur` writes and `glove` reads).
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "wordvec/cooccur/cooccurrence_records.hpp"

namespace wordvec {

/// Bytes of one record on disk.
inline constexpr std::size_t kGloveCooccurRecordBytes = 16;

/// Writes `records` (mirrors of paired records included) atomically; returns the records written.
std::uint64_t write_glove_cooccurrences(const CooccurrenceRecords& records, const std::filesystem::path& path);

/// Reads a co-occurrence file for a vocabulary of `vocab_size` words. Throws FormatError when the
/// size is not a multiple of 16 bytes, a word id is outside 1..vocab_size, or a value is not a
/// positive finite number; IoError when it cannot be read.
CooccurrenceRecords read_glove_cooccurrences(const std::filesystem::path& path, std::size_t vocab_size);

/// True when `head` (the first bytes of a file whose total size is `size`) could be such a file.
bool looks_like_glove_cooccurrences(std::string_view head, std::uint64_t size);

}  // namespace wordvec
