#include "wordvec/io/projector_format.hpp"

#include <vector>

#include <fmt/format.h>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/mapped_file.hpp"
#include "wordvec/io/text_fields.hpp"

namespace wordvec {

namespace {

// Next line of `bytes` from `pos` without its '\n' (and without a trailing '\r').
std::string_view next_line(std::string_view bytes, std::size_t& pos) {
  auto nl = bytes.find('\n', pos);
  if (nl == std::string_view::npos) nl = bytes.size();
  auto line = bytes.substr(pos, nl - pos);
  pos = nl + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

std::filesystem::path projector_metadata_path(const std::filesystem::path& vectors) {
  if (vectors.filename() == "vectors.tsv") return vectors.parent_path() / "metadata.tsv";
  auto p = vectors;
  p.replace_extension(".metadata.tsv");
  return p;
}

bool looks_like_projector(std::string_view head) {
  head = skip_bom(head, {}, {});
  std::size_t pos = 0;
  while (pos < head.size()) {
    const auto line = next_line(head, pos);
    if (split_fields(line).empty()) continue;
    // Fields are tab-separated; a space inside the line means a word2vec/GloVe row or header.
    std::string_view trimmed = line;
    while (!trimmed.empty() && is_field_space(trimmed.back())) trimmed.remove_suffix(1);
    if (trimmed.find(' ') != std::string_view::npos) return false;
    float v;
    for (const auto f : split_fields(trimmed))
      if (!parse_float(f, v)) return false;
    return true;
  }
  return false;
}

Embeddings parse_projector(std::string_view vectors, const std::string& vectors_source, std::string_view metadata,
                           const std::string& metadata_source) {
  std::vector<float> values;
  std::size_t dim = 0, rows = 0, pos = 0, line_no = 0;
  while (pos < vectors.size()) {
    const auto line = next_line(vectors, pos);
    ++line_no;
    const auto fields = split_fields(line);
    if (fields.empty()) continue;
    if (dim == 0) {
      dim = fields.size();
      values.reserve(dim * (vectors.size() / (2 * dim) + 1));
    }
    if (fields.size() != dim)
      throw FormatError(fmt::format("{}: line {}: expected {} values, got {}", vectors_source, line_no, dim, fields.size()));
    for (std::size_t k = 0; k < dim; ++k) {
      float v;
      if (!parse_float(fields[k], v))
        throw FormatError(fmt::format("{}: line {}: value {}: expected a number, got '{}'", vectors_source, line_no,
                                      k + 1, printable_word(fields[k])));
      values.push_back(v);
    }
    ++rows;
  }
  if (rows == 0) throw FormatError(fmt::format("{}: no vectors found", vectors_source));

  // Metadata: one word per line, or a header row naming the columns when there are several.
  Vocab vocab;
  Matrix matrix;
  pos = 0;
  line_no = 0;
  std::size_t word_col = 0, count_col = std::string_view::npos, columns = 1;
  bool first = true;
  while (pos < metadata.size()) {
    const auto line = next_line(metadata, pos);
    ++line_no;
    if (line.empty() && pos >= metadata.size()) break;
    const auto fields = split_exact(line, '\t');
    if (first) {
      first = false;
      columns = fields.size();
      if (columns > 1) {
        count_col = std::string_view::npos;
        for (std::size_t c = 0; c < columns; ++c) {
          if (fields[c] == "word") word_col = c;
          if (fields[c] == "count") count_col = c;
        }
        continue;
      }
    }
    if (fields.size() != columns)
      throw FormatError(fmt::format("{}: line {}: expected {} tab-separated columns, got {}", metadata_source, line_no,
                                    columns, fields.size()));
    const auto word = fields[word_col];
    if (word.empty()) throw FormatError(fmt::format("{}: line {}: expected a word, got an empty field", metadata_source, line_no));
    if (invalid_utf8_offset(word) != std::string_view::npos)
      throw FormatError(fmt::format("{}: line {}: the word '{}' is not valid UTF-8", metadata_source, line_no,
                                    printable_word(word)));
    std::size_t count = 0;
    if (count_col != std::string_view::npos && !parse_size(fields[count_col], count))
      throw FormatError(fmt::format("{}: line {}: expected a count, got '{}'", metadata_source, line_no,
                                    printable_word(fields[count_col])));
    if (vocab.find(word) >= 0)
      throw FormatError(fmt::format("{}: line {}: duplicate word '{}'", metadata_source, line_no, printable_word(word)));
    if (vocab.size() == rows)
      throw FormatError(fmt::format("{}: line {}: more words than the {} rows of {}", metadata_source, line_no, rows,
                                    vectors_source));
    vocab.add(word, count);
  }
  if (vocab.size() != rows)
    throw FormatError(fmt::format("{}: expected {} words (one per row of {}), got {}", metadata_source, rows,
                                  vectors_source, vocab.size()));
  matrix = MatrixRef(values.data(), static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(dim));
  return Embeddings(std::move(vocab), std::move(matrix));
}

Embeddings read_projector(const std::filesystem::path& path, const NoticeCallback& notice) {
  MappedFile vectors(path);
  const auto meta_path = projector_metadata_path(path);
  std::error_code ec;
  if (!std::filesystem::exists(meta_path, ec))
    throw IoError(fmt::format("{}: cannot read the words: the metadata file {} does not exist", path.string(),
                              meta_path.string()));
  MappedFile metadata(meta_path);
  // Spreadsheet programs save a byte order mark at the start of either file (noted in this order).
  const auto rows = skip_bom(vectors.bytes(), vectors.path(), notice);
  const auto words = skip_bom(metadata.bytes(), metadata.path(), notice);
  return parse_projector(rows, vectors.path(), words, metadata.path());
}

void write_projector(const Embeddings& emb, const std::filesystem::path& path) {
  OutputGroup group;
  auto& out = group.add(path);
  auto& meta_out = group.add(projector_metadata_path(path));
  write_projector(emb, out, meta_out);
  group.commit();
}

void write_projector(const Embeddings& emb, ByteSink& out, ByteSink& meta_out) {
  bool counts = false;
  for (const auto c : emb.vocab().counts()) counts = counts || c > 0;
  std::string meta = counts ? "word\tcount\n" : "";
  for (std::size_t i = 0; i < emb.size(); ++i) {
    const auto& w = emb.vocab().word(i);
    require_representable(w, WordRule::NoTabNewline, "projector-tsv");
    meta += w;
    if (counts) meta += fmt::format("\t{}", emb.vocab().count(i));
    meta += '\n';
  }
  meta_out.write(meta);
  std::string line;
  for (std::size_t i = 0; i < emb.size(); ++i) {
    line.clear();
    const auto row = emb.vectors().row(static_cast<Eigen::Index>(i));
    for (Eigen::Index k = 0; k < row.size(); ++k) {
      if (k) line.push_back('\t');
      append_shortest(line, row[k]);
    }
    line.push_back('\n');
    out.write(line);
  }
}

}  // namespace wordvec
