#include "io/word2vec_format.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/byte_cursor.hpp"
#include "core/error.hpp"
#include "core/mapped_file.hpp"
#include "corpus/corpus.hpp"

namespace wordvec {

namespace {

bool is_space(char c) { return is_token_separator(static_cast<unsigned char>(c)); }

// Parses a non-negative decimal integer field of a header.
bool parse_size(std::string_view text, std::size_t& out) {
  if (text.empty()) return false;
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, out);
  return r.ec == std::errc() && r.ptr == end;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_space(line[i])) ++i;
    const auto start = i;
    while (i < line.size() && !is_space(line[i])) ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  return fields;
}

// Parses "count dim" if `line` is exactly two non-negative integers.
bool parse_header(std::string_view line, std::size_t& count, std::size_t& dim) {
  const auto fields = split_fields(line);
  return fields.size() == 2 && parse_size(fields[0], count) && parse_size(fields[1], dim);
}

bool parse_float(std::string_view text, float& out) {
  const auto* end = text.data() + text.size();
  auto r = std::from_chars(text.data(), end, out);
  if (r.ec == std::errc::result_out_of_range) {
    // Denormals and huge values: fall back to strtod semantics (clamp / flush).
    const double d = std::strtod(std::string(text).c_str(), nullptr);
    out = static_cast<float>(d);
    return std::isfinite(out) || std::isinf(d);
  }
  return r.ec == std::errc() && r.ptr == end;
}

}  // namespace

void require_plain_word(std::string_view word, std::string_view format) {
  if (word.empty()) throw FormatError(fmt::format("{}: cannot write an empty word", format));
  for (const char c : word)
    if (is_space(c))
      throw FormatError(fmt::format("{}: cannot write the word '{}': it contains whitespace", format, word));
}

bool looks_like_word2vec_binary(std::string_view head) {
  const auto nl = head.find('\n');
  if (nl == std::string_view::npos) return false;
  std::size_t count = 0, dim = 0;
  if (!parse_header(head.substr(0, nl), count, dim) || dim == 0) return false;
  // Text files have only printable bytes after the header; binary floats almost never do.
  const auto body = head.substr(nl + 1, std::min<std::size_t>(head.size() - nl - 1, 4096));
  const auto space = body.find(' ');
  if (space == std::string_view::npos) return false;
  const auto floats = body.substr(space + 1, std::min<std::size_t>(dim * 4, body.size() - space - 1));
  for (const char c : floats) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && u != '\n' && u != '\t' && u != '\r') return true;
    if (u >= 0x80) return true;
  }
  return false;
}

namespace {
// Bytes parsed between two calls of a ConsumedCallback.
constexpr std::size_t kReleaseEvery = std::size_t{64} << 20;

// Drops the pages of a mapped file that a parser has already copied out.
ConsumedCallback releaser(const MappedFile& file) {
  return [&file](std::size_t consumed) { file.release_before(consumed); };
}
}  // namespace

Embeddings parse_word2vec_binary(std::string_view bytes, const std::string& source, const ConsumedCallback& consumed) {
  const auto nl = bytes.find('\n');
  std::size_t count = 0, dim = 0;
  if (nl == std::string_view::npos || !parse_header(bytes.substr(0, nl), count, dim))
    throw FormatError(fmt::format("{}: line 1: expected a header 'count dim'", source));
  if (dim == 0) throw FormatError(fmt::format("{}: line 1: the dimension is 0", source));
  ByteCursor cur(bytes.substr(nl + 1), source);
  // Each entry holds at least one byte of word, a space and dim floats: refuse sizes the file cannot hold.
  if (count > 0 && (dim > cur.remaining() / 4 || count > cur.remaining() / (dim * 4 + 2)))
    throw FormatError(fmt::format("{}: header claims {} vectors of {} dimensions, but the file holds only {} bytes",
                                  source, count, dim, bytes.size()));
  Embeddings emb;
  emb.vectors.resize(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(dim));
  std::size_t reported = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (consumed && cur.offset() - reported >= kReleaseEvery) consumed(nl + 1 + (reported = cur.offset()));
    // word2vec.c skips a newline left after the previous vector; some writers omit it.
    while (cur.peek() == '\n') cur.skip(1, "newline");
    const auto start = cur.offset();
    std::size_t len = 0;
    while (cur.remaining() > len && bytes[nl + 1 + start + len] != ' ') ++len;
    if (len == cur.remaining())
      throw FormatError(fmt::format("{}: byte {}: word {} of {}: expected a word followed by a space, got end of file",
                                    source, nl + 1 + start, i + 1, count));
    const auto word = cur.take(len, "word");
    cur.skip(1, "space");
    if (word.empty()) throw FormatError(fmt::format("{}: byte {}: word {} of {} is empty", source, nl + 1 + start, i + 1, count));
    try {
      emb.vocab.add(word);
    } catch (const FormatError&) {
      throw FormatError(fmt::format("{}: byte {}: duplicate word '{}'", source, nl + 1 + start, word));
    }
    cur.read_array(emb.vectors.row(static_cast<Eigen::Index>(i)).data(), dim,
                   fmt::format("the {} floats of word '{}'", dim, word));
  }
  while (cur.peek() == '\n') cur.skip(1, "newline");
  return emb;
}

Embeddings read_word2vec_binary(const std::filesystem::path& path) {
  MappedFile file(path);
  return parse_word2vec_binary(file.bytes(), file.path(), releaser(file));
}

void write_word2vec_binary(const Embeddings& emb, const std::filesystem::path& path) {
  emb.check_consistent();
  for (const auto& w : emb.vocab.words()) require_plain_word(w, "w2v-bin");
  AtomicFile out(path);
  out.write(fmt::format("{} {}\n", emb.size(), emb.dim()));
  for (std::size_t i = 0; i < emb.size(); ++i) {
    out.write(emb.vocab.word(i));
    out.write(" ", 1);
    out.write(emb.vectors.row(static_cast<Eigen::Index>(i)).data(), emb.dim() * sizeof(float));
    out.write("\n", 1);
  }
  out.commit();
}

namespace {
// Lines holding anything but whitespace: the number of vectors (plus a header) a text file can hold.
std::size_t count_content_lines(std::string_view bytes) {
  std::size_t lines = 0;
  bool content = false;
  for (const char c : bytes) {
    if (c == '\n') {
      lines += content;
      content = false;
    } else if (!content && !is_space(c)) {
      content = true;
    }
  }
  return lines + content;
}
}  // namespace

Embeddings parse_word2vec_text(std::string_view bytes, const std::string& source, const ConsumedCallback& consumed) {
  Embeddings emb;
  std::size_t pos = 0, line_no = 0, reported = 0;
  std::size_t dim = 0, expected_count = 0;
  bool have_header = false;
  // Values go straight into the final matrix, sized by a first pass over the lines: no second copy.
  std::size_t rows = count_content_lines(bytes);
  while (pos < bytes.size()) {
    auto nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = bytes.size();
    const auto line = bytes.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (consumed && pos - reported >= kReleaseEvery) consumed(reported = pos);
    const auto fields = split_fields(line);
    if (fields.empty()) continue;  // blank lines, a lone CR
    if (line_no == 1 && parse_header(line, expected_count, dim)) {
      if (dim == 0) throw FormatError(fmt::format("{}: line 1: the dimension is 0", source));
      // A header can claim at most one vector per remaining line.
      if (expected_count > bytes.size() / (2 * dim + 1) + 1)
        throw FormatError(fmt::format("{}: line 1: header claims {} vectors of {} dimensions, more than the file's {} bytes can hold",
                                      source, expected_count, dim, bytes.size()));
      have_header = true;
      --rows;
      continue;
    }
    if (dim == 0) {
      if (fields.size() < 2)
        throw FormatError(fmt::format("{}: line {}: expected a word followed by its values", source, line_no));
      dim = fields.size() - 1;
    }
    if (fields.size() != dim + 1)
      throw FormatError(fmt::format("{}: line {}: expected {} values, got {}", source, line_no, dim, fields.size() - 1));
    if (emb.vectors.size() == 0) emb.vectors.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(dim));
    const auto row = static_cast<Eigen::Index>(emb.vocab.size());
    try {
      emb.vocab.add(fields[0]);
    } catch (const FormatError&) {
      throw FormatError(fmt::format("{}: line {}: duplicate word '{}'", source, line_no, fields[0]));
    }
    for (std::size_t k = 1; k <= dim; ++k) {
      float v;
      if (!parse_float(fields[k], v))
        throw FormatError(fmt::format("{}: line {}: value {}: expected a number, got '{}'", source, line_no, k, fields[k]));
      emb.vectors(row, static_cast<Eigen::Index>(k - 1)) = v;
    }
  }
  if (have_header && emb.vocab.size() != expected_count)
    throw FormatError(fmt::format("{}: header announces {} vectors, but the file holds {}", source, expected_count,
                                  emb.vocab.size()));
  if (dim == 0) throw FormatError(fmt::format("{}: no vectors found", source));
  if (emb.vectors.rows() == 0) emb.vectors.resize(0, static_cast<Eigen::Index>(dim));
  return emb;
}

Embeddings read_word2vec_text(const std::filesystem::path& path) {
  MappedFile file(path);
  return parse_word2vec_text(file.bytes(), file.path(), releaser(file));
}

namespace {
// word2vec.c writes "word v1 v2 ... vd \n"; GloVe writes "word v1 v2 ... vd\n" without a header.
void write_text(const Embeddings& emb, const std::filesystem::path& path, bool word2vec_layout) {
  emb.check_consistent();
  const char* format = word2vec_layout ? "w2v-text" : "glove-text";
  for (const auto& w : emb.vocab.words()) require_plain_word(w, format);
  AtomicFile out(path);
  if (word2vec_layout) out.write(fmt::format("{} {}\n", emb.size(), emb.dim()));
  fmt::memory_buffer line;
  for (std::size_t i = 0; i < emb.size(); ++i) {
    line.clear();
    line.append(emb.vocab.word(i));
    const auto row = emb.vectors.row(static_cast<Eigen::Index>(i));
    if (word2vec_layout) {
      line.push_back(' ');
      for (Eigen::Index k = 0; k < row.size(); ++k) fmt::format_to(std::back_inserter(line), "{:.6f} ", row[k]);
    } else {
      for (Eigen::Index k = 0; k < row.size(); ++k) fmt::format_to(std::back_inserter(line), " {:.6f}", row[k]);
    }
    line.push_back('\n');
    out.write(line.data(), line.size());
  }
  out.commit();
}
}  // namespace

void write_word2vec_text(const Embeddings& emb, const std::filesystem::path& path) { write_text(emb, path, true); }

void write_glove_text(const Embeddings& emb, const std::filesystem::path& path) { write_text(emb, path, false); }

}  // namespace wordvec
