#pragma once
// Converting a vector file from one format to another, optionally cut and normalised on the way.
#include <cstddef>
#include <filesystem>
#include <optional>

#include "wordvec/io/format.hpp"

namespace wordvec {

/// What `wordvec convert` does besides changing the format.
struct ConvertOptions {
  std::optional<Format> from;  ///< input format; detected by content when absent
  std::optional<Format> to;    ///< output format; from the output extension when absent
  bool normalize = false;      ///< scale every vector to unit length
  std::size_t limit = 0;       ///< keep only the N most frequent words (0 = all)
  WriteOptions write;          ///< dtype, word replacement, native layout
  ReadOptions read;            ///< what the reader accepts (inf and NaN)
  /// Throws OptionError for combinations that cannot work.
  void validate() const;
};

/// What a conversion did.
struct ConvertSummary {
  Format from = Format::W2vBin;  ///< the input's format
  Format to = Format::W2vBin;    ///< the output's format
  std::size_t words_read = 0;    ///< vectors in the input
  std::size_t words_written = 0; ///< vectors in the output
  std::size_t dim = 0;           ///< dimension
  bool dropped_subwords = false; ///< the input had n-gram vectors the output format cannot keep
};

/// Reads `input`, applies `options`, writes `output` atomically.
ConvertSummary convert_embeddings(const std::filesystem::path& input, const std::filesystem::path& output,
                                  const ConvertOptions& options);
/// Reads `input`, applies `options`, writes to a sink (standard output); options.to is required and must be a
/// one-file format.
ConvertSummary convert_embeddings(const std::filesystem::path& input, ByteSink& out, const ConvertOptions& options);

}  // namespace wordvec
