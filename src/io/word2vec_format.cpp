#include "wordvec/io/word2vec_format.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "wordvec/core/atomic_file.hpp"
#include "core/byte_cursor.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/mapped_file.hpp"
#include "wordvec/io/text_fields.hpp"

namespace wordvec {

namespace {

// Parses "count dim" if `line` is exactly two non-negative integers.
bool parse_header(std::string_view line, std::size_t& count, std::size_t& dim) {
  const auto fields = split_fields(line);
  return fields.size() == 2 && parse_size(fields[0], count) && parse_size(fields[1], dim);
}

// Adds a word read from a file: checks UTF-8 and duplicates; `where` is "line N" or "byte N".
void add_word(Vocab& vocab, std::string_view word, const std::string& source, const char* unit, std::size_t where) {
  const auto bad = invalid_utf8_offset(word);
  if (bad != std::string_view::npos)
    throw FormatError(fmt::format("{}: {} {}: the word '{}' is not valid UTF-8 (byte {} of the word)", source, unit,
                                  where, printable_word(word), bad + 1));
  try {
    vocab.add(word);  // one hash lookup: add() refuses duplicates itself
  } catch (const FormatError&) {
    throw FormatError(fmt::format("{}: {} {}: duplicate word '{}'", source, unit, where, printable_word(word)));
  }
}

}  // namespace

void require_plain_word(std::string_view word, std::string_view format) {
  require_representable(word, WordRule::NoWhitespace, format);
}

bool has_word2vec_text_header(std::string_view head) {
  std::size_t pos = 0;
  while (pos < head.size()) {
    auto nl = head.find('\n', pos);
    if (nl == std::string_view::npos) nl = head.size();
    const auto line = head.substr(pos, nl - pos);
    pos = nl + 1;
    if (split_fields(line).empty()) continue;
    // "count dim" is space-separated; two tab-separated integers are a projector row.
    std::size_t count = 0, dim = 0;
    return line.find('\t') == std::string_view::npos && parse_header(line, count, dim);
  }
  return false;
}

bool looks_like_word2vec_binary(std::string_view head) {
  const auto nl = head.find('\n');
  if (nl == std::string_view::npos) return false;
  std::size_t count = 0, dim = 0;
  if (!parse_header(head.substr(0, nl), count, dim) || dim == 0) return false;
  const auto body = head.substr(nl + 1);
  // A first row that reads as "word v1 ... vdim" is text, whatever bytes the words use.
  const auto row_end = body.find('\n');
  const auto fields = split_fields(body.substr(0, row_end));
  if (fields.size() == dim + 1) {
    bool numbers = true;
    float v;
    for (std::size_t k = 1; k <= dim && numbers; ++k) numbers = parse_float(fields[k], v);
    if (numbers) return false;
  }
  // Otherwise binary when the bytes after the first word hold what text never does.
  const auto space = body.find(' ');
  if (space == std::string_view::npos) return false;
  const auto floats = body.substr(space + 1, std::min<std::size_t>(dim * 4, body.size() - space - 1));
  for (const char c : floats) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && u != '\n' && u != '\t' && u != '\r') return true;
  }
  // Invalid UTF-8 too, unless the window merely cut a character in two at its end.
  const auto bad = invalid_utf8_offset(floats);
  return bad != std::string_view::npos && bad + 4 < floats.size();
}

namespace {
// Bytes parsed between two calls of a ConsumedCallback.
constexpr std::size_t kReleaseEvery = std::size_t{64} << 20;

// Drops the pages of a mapped file that a parser has already copied out.
ConsumedCallback releaser(const MappedFile& file) {
  return [&file](std::size_t consumed) { file.release_before(consumed); };
}

// Lines holding anything but whitespace: the number of vectors (plus a header) a text file can hold.
std::size_t count_content_lines(std::string_view bytes) {
  std::size_t lines = 0;
  bool content = false;
  for (const char c : bytes) {
    if (c == '\n') {
      lines += content;
      content = false;
    } else if (!content && !is_field_space(c)) {
      content = true;
    }
  }
  return lines + content;
}
}  // namespace

Embeddings parse_word2vec_binary(std::string_view bytes, const std::string& source, const ConsumedCallback& consumed,
                                 const CancellationToken& cancel) {
  const auto nl = bytes.find('\n');
  std::size_t count = 0, dim = 0;
  if (nl == std::string_view::npos || !parse_header(bytes.substr(0, nl), count, dim))
    throw FormatError(fmt::format("{}: line 1: expected a header 'count dim'", source));
  if (dim == 0) throw FormatError(fmt::format("{}: line 1: the dimension is 0", source));
  // Offsets in messages count from the start of the file, so the cursor spans it all.
  ByteCursor cur(bytes, source);
  cur.skip(nl + 1, "header");
  // Each entry holds at least one byte of word, a space and dim floats: refuse sizes the file cannot hold.
  if (count > 0 && (dim > cur.remaining() / 4 || count > cur.remaining() / (dim * 4 + 2)))
    throw FormatError(fmt::format("{}: header claims {} vectors of {} dimensions, but the file holds only {} bytes",
                                  source, count, dim, bytes.size()));
  Vocab vocab;
  Matrix matrix;
  vocab.reserve(count);
  matrix.resize(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(dim));
  std::size_t reported = 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (consumed && cur.offset() - reported >= kReleaseEvery) consumed(reported = cur.offset());
    // word2vec.c skips a newline left after the previous vector; some writers omit it.
    if ((i & 4095) == 0 && cancel.requested()) throw Cancelled();
    while (cur.peek() == '\n') cur.skip(1, "newline");
    const auto start = cur.offset();
    const auto space = bytes.find(' ', start);
    if (space == std::string_view::npos)
      throw FormatError(fmt::format("{}: byte {}: word {} of {}: expected a word followed by a space, got end of file",
                                    source, start, i + 1, count));
    const auto word = cur.take(space - start, "word");
    cur.skip(1, "space");
    if (word.empty()) throw FormatError(fmt::format("{}: byte {}: word {} of {} is empty", source, start, i + 1, count));
    add_word(vocab, word, source, "byte", start);
    if (cur.remaining() / sizeof(float) < dim)  // formatting the field name only when it is needed
      cur.read_array(matrix.row(static_cast<Eigen::Index>(i)).data(), dim,
                     fmt::format("the {} floats of word '{}'", dim, printable_word(word)));
    std::memcpy(matrix.row(static_cast<Eigen::Index>(i)).data(), cur.take(dim * sizeof(float), "floats").data(),
                dim * sizeof(float));
  }
  while (cur.peek() == '\n') cur.skip(1, "newline");
  if (!cur.at_end())
    throw FormatError(fmt::format("{}: byte {}: expected the end of the file after {} vectors, got {} more bytes",
                                  source, cur.offset(), count, cur.remaining()));
  return Embeddings(std::move(vocab), std::move(matrix));
}

Embeddings read_word2vec_binary(const std::filesystem::path& path, const CancellationToken& cancel) {
  MappedFile file(path);
  return parse_word2vec_binary(file.bytes(), file.path(), releaser(file), cancel);
}

void write_word2vec_binary(const Embeddings& emb, ByteSink& out) {
  for (const auto& w : emb.vocab().words()) require_plain_word(w, "w2v-bin");
  out.write(fmt::format("{} {}\n", emb.size(), emb.dim()));
  for (std::size_t i = 0; i < emb.size(); ++i) {
    out.write(emb.vocab().word(i));
    out.write(" ", 1);
    out.write(emb.vectors().row(static_cast<Eigen::Index>(i)).data(), emb.dim() * sizeof(float));
    out.write("\n", 1);
  }
}

void write_word2vec_binary(const Embeddings& emb, const std::filesystem::path& path) {
  AtomicFile out(path);
  write_word2vec_binary(emb, out);
  out.commit();
}

Embeddings parse_word2vec_text(std::string_view bytes, const std::string& source, const ConsumedCallback& consumed,
                               const CancellationToken& cancel) {
  Vocab vocab;
  Matrix matrix;
  // A byte order mark some editors put first is not part of the first word (or header).
  std::size_t pos = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0, line_no = 0, reported = 0;
  std::size_t dim = 0, expected_count = 0;
  bool have_header = false, first_line = true;
  // Values go straight into the final matrix, sized by a first pass over the lines: no second copy.
  std::size_t rows = count_content_lines(bytes);
  while (pos < bytes.size()) {
    auto nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = bytes.size();
    const auto line = bytes.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if ((line_no & 4095) == 0 && cancel.requested()) throw Cancelled();
    if (consumed && pos - reported >= kReleaseEvery) consumed(reported = pos);
    const auto fields = split_fields(line);
    if (fields.empty()) continue;  // blank lines, a lone CR
    if (first_line && parse_header(line, expected_count, dim)) {
      first_line = false;
      if (dim == 0) throw FormatError(fmt::format("{}: line {}: the dimension is 0", source, line_no));
      // Every value takes at least two bytes ("0 "): check the dimension first so nothing below overflows.
      if (dim > bytes.size() / 2)
        throw FormatError(fmt::format("{}: line {}: header claims {} dimensions, more than the file's {} bytes can hold",
                                      source, line_no, dim, bytes.size()));
      // A header can claim at most one vector per 2 * dim + 1 bytes.
      if (expected_count > bytes.size() / (2 * dim + 1) + 1)
        throw FormatError(fmt::format(
            "{}: line {}: header claims {} vectors of {} dimensions, more than the file's {} bytes can hold", source,
            line_no, expected_count, dim, bytes.size()));
      have_header = true;
      --rows;
      vocab.reserve(std::min(expected_count, rows));
      continue;
    }
    first_line = false;
    if (dim == 0) {
      if (fields.size() < 2)
        throw FormatError(fmt::format("{}: line {}: expected a word followed by its values", source, line_no));
      dim = fields.size() - 1;
    }
    if (fields.size() != dim + 1)
      throw FormatError(fmt::format("{}: line {}: expected {} values, got {}", source, line_no, dim, fields.size() - 1));
    if (matrix.size() == 0) matrix.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(dim));
    const auto row = static_cast<Eigen::Index>(vocab.size());
    add_word(vocab, fields[0], source, "line", line_no);
    for (std::size_t k = 1; k <= dim; ++k) {
      float v;
      if (!parse_float(fields[k], v))
        throw FormatError(fmt::format("{}: line {}: value {}: expected a number, got '{}'", source, line_no, k,
                                      printable_word(fields[k])));
      matrix(row, static_cast<Eigen::Index>(k - 1)) = v;
    }
  }
  if (have_header && vocab.size() != expected_count)
    throw FormatError(fmt::format("{}: header announces {} vectors, but the file holds {}", source, expected_count,
                                  vocab.size()));
  if (dim == 0 || vocab.empty()) throw FormatError(fmt::format("{}: no vectors found", source));
  // Every content line was a vector (or the header), so the matrix is exactly full.
  if (static_cast<std::size_t>(matrix.rows()) != vocab.size())
    matrix.conservativeResize(static_cast<Eigen::Index>(vocab.size()), static_cast<Eigen::Index>(dim));
  return Embeddings(std::move(vocab), std::move(matrix));
}

Embeddings read_word2vec_text(const std::filesystem::path& path, const CancellationToken& cancel) {
  MappedFile file(path);
  return parse_word2vec_text(file.bytes(), file.path(), releaser(file), cancel);
}

namespace {
// word2vec and fastText text have a "count dim" header; GloVe has none. Rows are "word v1 ... vd\n".
void write_text(const Embeddings& emb, ByteSink& out, bool header) {
  const char* format = header ? "w2v-text" : "glove-text";
  for (const auto& w : emb.vocab().words()) require_plain_word(w, format);
  if (header) out.write(fmt::format("{} {}\n", emb.size(), emb.dim()));
  std::string line;
  for (std::size_t i = 0; i < emb.size(); ++i) {
    line.clear();
    line.append(emb.vocab().word(i));
    const auto row = emb.vectors().row(static_cast<Eigen::Index>(i));
    for (Eigen::Index k = 0; k < row.size(); ++k) {
      line.push_back(' ');
      append_shortest(line, row[k]);
    }
    line.push_back('\n');
    out.write(line);
  }
}

void write_text(const Embeddings& emb, const std::filesystem::path& path, bool header) {
  AtomicFile out(path);
  write_text(emb, out, header);
  out.commit();
}
}  // namespace

void write_word2vec_text(const Embeddings& emb, ByteSink& out) { write_text(emb, out, true); }

void write_glove_text(const Embeddings& emb, ByteSink& out) { write_text(emb, out, false); }

void write_word2vec_text(const Embeddings& emb, const std::filesystem::path& path) { write_text(emb, path, true); }

void write_glove_text(const Embeddings& emb, const std::filesystem::path& path) { write_text(emb, path, false); }

}  // namespace wordvec
