#pragma once
// wordvec's own file (".wv"): magic, version, then tagged chunks: vocabulary with counts, metadata,
// a 64-byte-aligned float32 (or float16) matrix and the row norms. Opened by memory mapping, so a
// query can run on the file's rows without reading or copying the matrix first.
//
// Layout, all integers little-endian:
//   "\x89WVNATV\n"  u32 version (1)  u32 chunk count
//   chunk: u32 tag, u32 reserved (0), u64 payload bytes, payload, zero padding to a multiple of 8
//   VOCAB    (1): u64 n, then n times: u32 byte length, UTF-8 word, u64 count
//   METADATA (2): u64 n, then n times: u32 length, key, u32 length, value
//   MATRIX   (3): u64 rows, u64 cols, u32 dtype (0 float32, 1 float16), u32 unit (1: rows are unit length),
//                 u32 pad, u32 reserved, pad zero bytes (data starts at a file offset divisible by 64), data
//   NORMS    (4): u64 rows, rows float32: each row's length before normalisation
// Unknown tags are skipped, so later versions can add chunks (the full model file, io/checkpoint_file.hpp,
// adds its training state so).
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/mapped_file.hpp"
#include "wordvec/embeddings/embeddings.hpp"

namespace wordvec {

/// Element type of a stored matrix.
enum class Dtype { Float32, Float16 };

/// How write_native lays out the matrix.
struct NativeWriteOptions {
  Dtype dtype = Dtype::Float32;  ///< float16 halves the file and rounds every value
  bool unit_rows = false;        ///< store unit-length rows plus the norms (finalfusion style); reading
                                 ///< back multiplies by the norms (not bit-exact). Raw rows (the default)
                                 ///< are queried in place as well, their scores scaled by the stored norms
};

/// A native file opened by memory mapping: the vocabulary is parsed, the matrix is not touched.
struct NativeFile {
  std::shared_ptr<const MappedFile> file;        ///< keeps the mapping alive
  Vocab vocab;                                   ///< words and counts
  std::map<std::string, std::string> metadata;  ///< how the vectors were made
  std::size_t rows = 0;                          ///< number of vectors
  std::size_t cols = 0;                          ///< dimension
  Dtype dtype = Dtype::Float32;                  ///< element type of `data`
  bool unit_rows = false;                        ///< rows are already unit length
  const void* data = nullptr;                    ///< rows * cols elements inside the mapping
  const float* norms = nullptr;                  ///< rows norms inside the mapping, or null
  /// Chunks of tags this reader does not know: (tag, payload inside the mapping).
  std::vector<std::pair<std::uint32_t, std::string_view>> other_chunks;
};

/// A chunk a writer adds after the standard ones (tags 1-4 are taken).
struct NativeChunk {
  std::uint32_t tag = 0;  ///< its tag
  std::string payload;    ///< its bytes
};

/// Maps and checks a native file; throws IoError / FormatError (with the byte offset).
NativeFile open_native(const std::filesystem::path& path);
/// The metadata of a native file alone, without parsing its vocabulary or touching its matrix (a tokenizer or a
/// checkpoint's options, read before the file is opened for real); throws IoError / FormatError.
std::map<std::string, std::string> read_native_metadata(const std::filesystem::path& path);
/// Checks native bytes already in memory; `source` names them in messages. The view must outlive the result.
NativeFile parse_native(std::string_view bytes, const std::string& source);
/// Reads a native file into memory: vectors as they were written (unit rows times their norms when stored so).
Embeddings read_native(const std::filesystem::path& path);
/// Copies a parsed native file into an Embeddings value.
Embeddings native_to_embeddings(const NativeFile& file);
/// Writes `emb` in the native format, atomically.
void write_native(const Embeddings& emb, const std::filesystem::path& path, const NativeWriteOptions& options = {});
/// Writes the same bytes to a sink, followed by `extra` chunks.
void write_native(const Embeddings& emb, ByteSink& out, const NativeWriteOptions& options = {},
                  const std::vector<NativeChunk>& extra = {});
/// Throws FormatError naming the first word with a value float16 cannot hold (|v| > 65504, NaN or inf).
void require_half_range(const Embeddings& emb, std::string_view format);

/// True when the bytes start with the native magic number.
bool looks_like_native(std::string_view head);

}  // namespace wordvec
