#pragma once
// The registry of vector file formats: names, detection by content, dispatch to readers/writers.
#include <filesystem>
#include <string>
#include <vector>

#include "embeddings/embeddings.hpp"

namespace wordvec {

/// Every vector file format the project knows.
enum class Format { W2vBin, W2vText, GloveText, FasttextVec, FasttextBin };

/// The user-facing name ("w2v-bin", ...).
std::string format_name(Format format);
/// Parses a user-facing name; throws OptionError listing the valid names.
Format parse_format(const std::string& name);
/// All names, for help texts.
std::vector<std::string> format_names();
/// The format an output path's extension implies (".bin" -> w2v-bin, ".txt"/".vec" -> w2v-text);
/// throws OptionError when the extension says nothing.
Format format_for_extension(const std::filesystem::path& path);
/// Detects the format of an existing file by its content; throws IoError / FormatError.
Format detect_format(const std::filesystem::path& path);

/// Reads a vector file of any known format, detected by content.
Embeddings read_embeddings(const std::filesystem::path& path);
/// Writes `emb` to `path` in `format`, atomically (temporary file + rename).
void write_embeddings(const Embeddings& emb, const std::filesystem::path& path, Format format);

}  // namespace wordvec
