#include "wordvec/io/native_format.hpp"

#include <cmath>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/atomic_file.hpp"
#include "core/byte_cursor.hpp"
#include "wordvec/core/error.hpp"
#include "io/half.hpp"
#include "wordvec/io/text_fields.hpp"

namespace wordvec {

namespace {

constexpr char kMagic[8] = {'\x89', 'W', 'V', 'N', 'A', 'T', 'V', '\n'};
constexpr std::uint32_t kVersion = 1;
enum Tag : std::uint32_t { kVocab = 1, kMetadata = 2, kMatrix = 3, kNorms = 4 };
constexpr std::size_t kMatrixAlign = 64;
constexpr std::size_t kMatrixHeader = 32;

std::size_t pad8(std::size_t n) { return (8 - n % 8) % 8; }

// Writes chunks while tracking the file offset, so the matrix can be aligned.
class ChunkWriter {
 public:
  explicit ChunkWriter(ByteSink& out) : out_(out) {}
  void raw(const void* data, std::size_t size) {
    out_.write(data, size);
    offset_ += size;
  }
  void raw(const std::string& s) { raw(s.data(), s.size()); }
  void chunk(Tag tag, const std::string& payload) {
    begin(tag, payload.size());
    raw(payload);
    end(payload.size());
  }
  void begin(Tag tag, std::size_t payload_size) {
    std::string head;
    append_le<std::uint32_t>(head, tag);
    append_le<std::uint32_t>(head, 0);
    append_le<std::uint64_t>(head, payload_size);
    raw(head);
  }
  void end(std::size_t payload_size) { raw(std::string(pad8(payload_size), '\0')); }
  std::size_t offset() const { return offset_; }

 private:
  ByteSink& out_;
  std::size_t offset_ = 0;
};

std::string vocab_payload(const Vocab& vocab) {
  std::string p;
  append_le<std::uint64_t>(p, vocab.size());
  for (std::size_t i = 0; i < vocab.size(); ++i) {
    const auto& w = vocab.word(i);
    append_le<std::uint32_t>(p, static_cast<std::uint32_t>(w.size()));
    p += w;
    append_le<std::uint64_t>(p, vocab.count(i));
  }
  return p;
}

std::string metadata_payload(const std::map<std::string, std::string>& metadata) {
  std::string p;
  append_le<std::uint64_t>(p, metadata.size());
  for (const auto& [k, v] : metadata) {
    append_le<std::uint32_t>(p, static_cast<std::uint32_t>(k.size()));
    p += k;
    append_le<std::uint32_t>(p, static_cast<std::uint32_t>(v.size()));
    p += v;
  }
  return p;
}

std::string read_string(ByteCursor& cur, const char* what) {
  const auto len = cur.read<std::uint32_t>(what);
  return std::string(cur.take(len, what));
}

void parse_vocab(ByteCursor cur, NativeFile& out) {
  const auto n = cur.read<std::uint64_t>("the number of words");
  // Each word takes at least 4 + 1 + 8 bytes.
  if (n > cur.remaining() / 13)
    cur.fail(fmt::format("the vocabulary claims {} words, more than its {} bytes can hold", n, cur.remaining()));
  out.vocab.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto at = cur.offset();
    const auto len = cur.read<std::uint32_t>("a word length");
    const auto word = cur.take(len, "a word");
    const auto count = cur.read<std::uint64_t>("a word count");
    if (word.empty()) throw FormatError(fmt::format("{}: byte {}: word {} is empty", cur.source(), at, i + 1));
    const auto bad = invalid_utf8_offset(word);
    if (bad != std::string_view::npos)
      throw FormatError(fmt::format("{}: byte {}: the word '{}' is not valid UTF-8", cur.source(), at, printable_word(word)));
    try {
      out.vocab.add(word, count);  // one hash lookup: add() refuses duplicates itself
    } catch (const FormatError&) {
      throw FormatError(fmt::format("{}: byte {}: duplicate word '{}'", cur.source(), at, printable_word(word)));
    }
  }
  if (!cur.at_end()) cur.fail("unexpected bytes after the vocabulary");
}

void parse_metadata(ByteCursor cur, NativeFile& out) {
  const auto n = cur.read<std::uint64_t>("the number of metadata entries");
  if (n > cur.remaining() / 8) cur.fail(fmt::format("the metadata claims {} entries, more than its bytes can hold", n));
  for (std::uint64_t i = 0; i < n; ++i) {
    auto key = read_string(cur, "a metadata key");
    out.metadata[std::move(key)] = read_string(cur, "a metadata value");
  }
  if (!cur.at_end()) cur.fail("unexpected bytes after the metadata");
}

void parse_matrix(ByteCursor cur, std::size_t file_offset, NativeFile& out) {
  out.rows = cur.read<std::uint64_t>("the number of rows");
  out.cols = cur.read<std::uint64_t>("the number of columns");
  const auto dtype = cur.read<std::uint32_t>("the element type");
  const auto unit = cur.read<std::uint32_t>("the unit-rows flag");
  const auto pad = cur.read<std::uint32_t>("the padding length");
  cur.read<std::uint32_t>("a reserved field");
  if (dtype > 1) cur.fail(fmt::format("expected element type 0 (float32) or 1 (float16), got {}", dtype));
  if (unit > 1) cur.fail(fmt::format("expected a unit-rows flag of 0 or 1, got {}", unit));
  out.dtype = dtype == 0 ? Dtype::Float32 : Dtype::Float16;
  out.unit_rows = unit == 1;
  cur.skip(pad, "padding");
  if ((file_offset + cur.offset()) % kMatrixAlign != 0)
    cur.fail(fmt::format("the matrix data is not {}-byte aligned", kMatrixAlign));
  const std::size_t elem = out.dtype == Dtype::Float32 ? 4 : 2;
  if (out.cols == 0) cur.fail("the dimension is 0");
  if (out.rows > cur.remaining() / elem / out.cols)
    cur.fail(fmt::format("expected {} x {} values, but the chunk holds only {} bytes", out.rows, out.cols, cur.remaining()));
  out.data = cur.take(out.rows * out.cols * elem, "the matrix").data();
  if (!cur.at_end()) cur.fail("unexpected bytes after the matrix");
}

void parse_norms(ByteCursor cur, NativeFile& out) {
  const auto n = cur.read<std::uint64_t>("the number of norms");
  if (n > cur.remaining() / 4) cur.fail(fmt::format("expected {} norms, but only {} bytes remain", n, cur.remaining()));
  if (n != out.rows) cur.fail(fmt::format("expected {} norms (one per row), got {}", out.rows, n));
  const auto bytes = cur.take(n * 4, "the norms");
  if (reinterpret_cast<std::uintptr_t>(bytes.data()) % alignof(float) != 0) cur.fail("the norms are not aligned");
  out.norms = reinterpret_cast<const float*>(bytes.data());
  if (!cur.at_end()) cur.fail("unexpected bytes after the norms");
}

}  // namespace

bool looks_like_native(std::string_view head) {
  return head.size() >= sizeof kMagic && std::memcmp(head.data(), kMagic, sizeof kMagic) == 0;
}

namespace {
// Checks the magic number and version, then calls chunk(tag, payload, chunk_start, payload_offset) for every
// chunk in file order; throws FormatError for a chunk past the end or bytes after the last chunk.
template <typename Chunk>
void for_each_chunk(std::string_view bytes, const std::string& source, Chunk&& chunk) {
  ByteCursor cur(bytes, source);
  if (!looks_like_native(bytes)) cur.fail("expected the wordvec native magic number");
  cur.skip(sizeof kMagic, "magic");
  const auto version = cur.read<std::uint32_t>("the version");
  if (version != kVersion)
    cur.fail(fmt::format("expected format version {}, got {} (written by a newer wordvec?)", kVersion, version));
  const auto chunks = cur.read<std::uint32_t>("the chunk count");
  for (std::uint32_t c = 0; c < chunks; ++c) {
    const auto chunk_start = cur.offset();
    const auto tag = cur.read<std::uint32_t>("a chunk tag");
    cur.read<std::uint32_t>("a reserved field");
    const auto size = cur.read<std::uint64_t>("a chunk size");
    if (size > cur.remaining())
      cur.fail(fmt::format("chunk {} claims {} bytes, but only {} remain", c + 1, size, cur.remaining()));
    const auto payload_offset = cur.offset();
    ByteCursor payload(cur.take(size, "a chunk"), fmt::format("{}: chunk {} at byte {}", source, c + 1, chunk_start));
    cur.skip(std::min<std::size_t>(pad8(size), cur.remaining()), "chunk padding");
    chunk(tag, payload, chunk_start, payload_offset);
  }
  if (!cur.at_end()) cur.fail(fmt::format("expected the end of the file after {} chunks", chunks));
}
}  // namespace

NativeFile parse_native(std::string_view bytes, const std::string& source) {
  NativeFile out;
  bool seen_vocab = false, seen_matrix = false, seen_norms = false;
  for_each_chunk(bytes, source, [&](std::uint32_t tag, ByteCursor payload, std::size_t chunk_start,
                                    std::size_t payload_offset) {
    auto once = [&](bool& seen, const char* name) {
      if (seen) throw FormatError(fmt::format("{}: byte {}: a second {} chunk", source, chunk_start, name));
      seen = true;
    };
    switch (tag) {
      case kVocab:
        once(seen_vocab, "vocabulary");
        parse_vocab(payload, out);
        break;
      case kMetadata:
        parse_metadata(payload, out);
        break;
      case kMatrix:
        once(seen_matrix, "matrix");
        parse_matrix(payload, payload_offset, out);
        break;
      case kNorms:
        if (!seen_matrix) throw FormatError(fmt::format("{}: byte {}: norms before the matrix", source, chunk_start));
        once(seen_norms, "norms");
        parse_norms(payload, out);
        break;
      default:
        out.other_chunks.emplace_back(tag, bytes.substr(payload_offset, payload.remaining()));  // a later version's: skipped
        break;
    }
  });
  if (!seen_vocab) throw FormatError(fmt::format("{}: no vocabulary chunk", source));
  if (!seen_matrix) throw FormatError(fmt::format("{}: no matrix chunk", source));
  if (out.vocab.size() != out.rows)
    throw FormatError(fmt::format("{}: expected one row per word: {} words, {} rows", source, out.vocab.size(), out.rows));
  return out;
}

std::map<std::string, std::string> read_native_metadata(const std::filesystem::path& path) {
  const MappedFile file(path);  // not prefaulted: only the chunk headers and the metadata chunk are read
  NativeFile out;
  for_each_chunk(file.bytes(), file.path(), [&](std::uint32_t tag, ByteCursor payload, std::size_t, std::size_t) {
    if (tag == kMetadata) parse_metadata(payload, out);
  });
  return std::move(out.metadata);
}

NativeFile open_native(const std::filesystem::path& path) {
  // Prefault the whole mapping at once: the first query reads every row anyway.
  auto file = std::make_shared<const MappedFile>(path, true);
  auto out = parse_native(file->bytes(), file->path());
  out.file = std::move(file);
  return out;
}

Embeddings native_to_embeddings(const NativeFile& file) {
  Matrix matrix(static_cast<Eigen::Index>(file.rows), static_cast<Eigen::Index>(file.cols));
  const std::size_t n = file.rows * file.cols;
  float* dst = matrix.data();
  if (file.dtype == Dtype::Float32) {
    if (n > 0) std::memcpy(dst, file.data, n * sizeof(float));
  } else {
    const auto* src = static_cast<const unsigned char*>(file.data);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint16_t h;
      std::memcpy(&h, src + 2 * i, 2);
      dst[i] = half_to_float(h);
    }
  }
  if (file.unit_rows && file.norms)
    for (std::size_t r = 0; r < file.rows; ++r) matrix.row(static_cast<Eigen::Index>(r)) *= file.norms[r];
  return Embeddings(file.vocab, std::move(matrix), file.metadata);
}

Embeddings read_native(const std::filesystem::path& path) { return native_to_embeddings(open_native(path)); }

void require_half_range(const Embeddings& emb, std::string_view format) {
  constexpr float kHalfMax = 65504.0f;
  if ((emb.vectors().array().abs() <= kHalfMax).all()) return;  // false for NaN too
  for (Eigen::Index r = 0; r < emb.vectors().rows(); ++r)
    for (Eigen::Index k = 0; k < emb.vectors().cols(); ++k) {
      const float v = emb.vectors()(r, k);
      if (!(std::fabs(v) <= kHalfMax))
        throw FormatError(fmt::format("{} float16: value {} of word '{}' is {}, outside float16's range (largest "
                                      "65504): write float32, or scale the vectors (convert --normalize)",
                                      format, k + 1, printable_word(emb.vocab().word(static_cast<std::size_t>(r))), v));
    }
}

void write_native(const Embeddings& emb, const std::filesystem::path& path, const NativeWriteOptions& options) {
  AtomicFile out(path);
  write_native(emb, out, options);
  out.commit();
}

void write_native(const Embeddings& emb, ByteSink& out, const NativeWriteOptions& options,
                  const std::vector<NativeChunk>& extra) {
  if (emb.dim() == 0) throw FormatError("native: cannot write vectors of dimension 0");
  for (const auto& w : emb.vocab().words())
    if (w.empty()) throw FormatError("native: cannot write an empty word");
  std::vector<float> norms(emb.size());
  for (std::size_t r = 0; r < emb.size(); ++r) norms[r] = emb.vectors().row(static_cast<Eigen::Index>(r)).norm();
  if (options.dtype == Dtype::Float16 && !options.unit_rows) require_half_range(emb, "native");

  ChunkWriter w(out);
  std::string head(kMagic, sizeof kMagic);
  append_le<std::uint32_t>(head, kVersion);
  append_le<std::uint32_t>(head, static_cast<std::uint32_t>(4 + extra.size()));  // vocab, metadata, matrix, norms, extra
  w.raw(head);
  w.chunk(kVocab, vocab_payload(emb.vocab()));
  w.chunk(kMetadata, metadata_payload(emb.metadata()));

  const std::size_t elem = options.dtype == Dtype::Float32 ? 4 : 2;
  const std::size_t data_bytes = emb.size() * emb.dim() * elem;
  const std::size_t data_start = w.offset() + 16 + kMatrixHeader;
  const std::size_t pad = (kMatrixAlign - data_start % kMatrixAlign) % kMatrixAlign;
  const std::size_t payload = kMatrixHeader + pad + data_bytes;
  w.begin(kMatrix, payload);
  std::string mh;
  append_le<std::uint64_t>(mh, emb.size());
  append_le<std::uint64_t>(mh, emb.dim());
  append_le<std::uint32_t>(mh, options.dtype == Dtype::Float32 ? 0 : 1);
  append_le<std::uint32_t>(mh, options.unit_rows ? 1 : 0);
  append_le<std::uint32_t>(mh, static_cast<std::uint32_t>(pad));
  append_le<std::uint32_t>(mh, 0);
  mh.append(pad, '\0');
  w.raw(mh);
  std::vector<float> row(emb.dim());
  std::vector<std::uint16_t> half(emb.dim());
  for (std::size_t r = 0; r < emb.size(); ++r) {
    const float* src = emb.vectors().row(static_cast<Eigen::Index>(r)).data();
    if (options.unit_rows) {
      // Divide, as SimilarityIndex does, so both paths give the same unit rows.
      for (std::size_t k = 0; k < emb.dim(); ++k) row[k] = norms[r] > 0.0f ? src[k] / norms[r] : 0.0f;
      src = row.data();
    }
    if (options.dtype == Dtype::Float32) {
      w.raw(src, emb.dim() * 4);
    } else {
      for (std::size_t k = 0; k < emb.dim(); ++k) half[k] = float_to_half(src[k]);
      w.raw(half.data(), emb.dim() * 2);
    }
  }
  w.end(payload);

  std::string np;
  append_le<std::uint64_t>(np, emb.size());
  np.append(reinterpret_cast<const char*>(norms.data()), norms.size() * sizeof(float));
  w.chunk(kNorms, np);
  for (const auto& c : extra) {
    if (c.tag >= kVocab && c.tag <= kNorms) throw FormatError(fmt::format("native: chunk tag {} is a standard one", c.tag));
    w.chunk(static_cast<Tag>(c.tag), c.payload);
  }
}

}  // namespace wordvec
