#pragma once
// TensorBoard Embedding Projector (projector.tensorflow.org "Load"): vectors.tsv holds one row of
// tab-separated values per word, no header, no words; metadata.tsv beside it holds the words, one
// per line without a header, or with a "word<TAB>count" header row and a count column.
#include <filesystem>
#include <string>
#include <string_view>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/progress.hpp"
#include "wordvec/embeddings/embeddings.hpp"

namespace wordvec {

/// The metadata file that goes with a vectors file: "metadata.tsv" beside "vectors.tsv",
/// otherwise "<stem>.metadata.tsv" beside "<stem>.tsv".
std::filesystem::path projector_metadata_path(const std::filesystem::path& vectors);
/// Reads a vectors.tsv file and its metadata file. A byte order mark at the start of either is skipped, and
/// `notice` told so.
Embeddings read_projector(const std::filesystem::path& path, const NoticeCallback& notice = {});
/// Parses the two files' bytes; the names are for messages.
Embeddings parse_projector(std::string_view vectors, const std::string& vectors_source, std::string_view metadata,
                           const std::string& metadata_source);
/// Writes vectors.tsv (shortest decimals) and its metadata file, both atomically.
void write_projector(const Embeddings& emb, const std::filesystem::path& path);
/// Writes the vectors rows and the metadata lines to two sinks.
void write_projector(const Embeddings& emb, ByteSink& vectors, ByteSink& metadata);

/// True when the first non-blank line (after a byte order mark) is tab-separated numbers only.
bool looks_like_projector(std::string_view head);

}  // namespace wordvec
