#pragma once
// The registry of vector file formats: names, detection by content, dispatch to readers/writers.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/progress.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/io/native_format.hpp"

namespace wordvec {

/// Every vector file format the project knows.
enum class Format {
  W2vBin,        ///< word2vec binary (word2vec.c -binary 1, gensim binary=True)
  W2vText,       ///< word2vec text: "count dim" header, one "word v1 ... vd" row per word
  GloveText,     ///< GloVe text: the same rows without a header
  FasttextVec,   ///< fastText .vec: the word2vec text layout
  ProjectorTsv,  ///< TensorBoard Embedding Projector: vectors.tsv + metadata.tsv
  Npy,           ///< NumPy .npy matrix + a .vocab word list
  Native,        ///< wordvec's memory-mappable file (.wv)
  FasttextBin,   ///< fastText model file: word vectors plus the subword model (io/fasttext_format)
};

/// How write_embeddings writes.
struct WriteOptions {
  Dtype dtype = Dtype::Float32;  ///< float16 for native and npy only
  bool replace_spaces = false;   ///< write '_' for characters the format cannot hold in a word
  bool unit_rows = false;        ///< native: store unit rows plus norms, so queries need no pass over the data
                                 ///< (reading back multiplies by the norms: not bit-exact)
  CancellationToken cancel;      ///< the path writers stop with Cancelled once set, leaving nothing (default: never)
  /// Throws OptionError when the options do not apply to `format`.
  void validate(Format format) const;
};

/// The user-facing name ("w2v-bin", ...).
std::string format_name(Format format);
/// Parses a user-facing name; throws OptionError naming `option` ("format", "to", ...) and listing the valid names.
Format parse_format(const std::string& name, std::string_view option = "format");
/// All names, for help texts.
std::vector<std::string> format_names();
/// The format an output path's extension implies (.bin w2v-bin, .txt w2v-text, .vec fasttext-vec,
/// .tsv projector-tsv, .npy npy, .wv native); throws OptionError when the extension says nothing, naming
/// `option` as the way to say the format.
Format format_for_extension(const std::filesystem::path& path, std::string_view option = "format");
/// Detects the format of an existing file by its content; throws IoError / FormatError.
Format detect_format(const std::filesystem::path& path);
/// Detects a format from a file's leading bytes (text without a header is glove-text).
Format detect_format_of_bytes(std::string_view bytes);

/// How read_embeddings reads.
struct ReadOptions {
  bool allow_nonfinite = false;  ///< accept inf and NaN in text formats (refused by default, with the line)
  NoticeCallback notice;         ///< told when a text file's byte order mark is skipped; may be empty
  CancellationToken cancel;      ///< word2vec binary and text reading stops with Cancelled once set (default: never)
};

/// Reads a vector file of any known format, detected by content.
Embeddings read_embeddings(const std::filesystem::path& path, const ReadOptions& options = {});
/// Reads `path` as `format`, whatever its content looks like.
Embeddings read_embeddings(const std::filesystem::path& path, Format format, const ReadOptions& options = {});
/// Writes `emb` to `path` in `format`, atomically (temporary file + rename).
void write_embeddings(const Embeddings& emb, const std::filesystem::path& path, Format format,
                      const WriteOptions& options = {});
/// Writes `emb` to `path` in `format` as part of `group` (projector-tsv and npy add two files): nothing
/// appears until group.commit(), so several outputs are replaced together or not at all.
void write_embeddings(const Embeddings& emb, OutputGroup& group, const std::filesystem::path& path, Format format,
                      const WriteOptions& options = {});
/// Writes a one-file format to a sink (standard output); throws OptionError for projector-tsv and npy.
void write_embeddings(const Embeddings& emb, ByteSink& out, Format format, const WriteOptions& options = {});
/// The files writing `path` in `format` creates: the path, plus the companion of projector-tsv and npy.
std::vector<std::filesystem::path> output_files(const std::filesystem::path& path, Format format);
/// True for the formats that are text and one file, which may go to standard output.
bool streams_to_stdout(Format format);
/// A lower bound of the bytes `rows` x `dim` vectors take in `format` (for the free-space check); a fastText .bin
/// adds `subword_rows` n-gram rows (its buckets) to its input matrix.
std::uint64_t estimated_size(std::size_t rows, std::size_t dim, Format format, const WriteOptions& options = {},
                             std::size_t subword_rows = 0);
/// The same bound for writing `emb`: a fastText .bin counts the n-gram rows of its subword model.
std::uint64_t estimated_size(const Embeddings& emb, Format format, const WriteOptions& options = {});

}  // namespace wordvec
