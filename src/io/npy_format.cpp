#include "wordvec/io/npy_format.hpp"

#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/atomic_file.hpp"
#include "core/byte_cursor.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/mapped_file.hpp"
#include "io/half.hpp"
#include "wordvec/io/text_fields.hpp"

namespace wordvec {

namespace {

constexpr char kMagic[6] = {'\x93', 'N', 'U', 'M', 'P', 'Y'};

struct NpyHeader {
  std::string descr;
  bool fortran = false;
  std::vector<std::size_t> shape;
};

// The value text after "'key':" in a NumPy header dictionary, or empty.
std::string_view dict_value(std::string_view dict, std::string_view key) {
  for (const char quote : {'\'', '"'}) {
    const auto k = dict.find(fmt::format("{}{}{}", quote, key, quote));
    if (k == std::string_view::npos) continue;
    auto pos = dict.find(':', k);
    if (pos == std::string_view::npos) return {};
    ++pos;
    while (pos < dict.size() && dict[pos] == ' ') ++pos;
    return dict.substr(pos);
  }
  return {};
}

NpyHeader parse_header_dict(std::string_view dict, const std::string& source) {
  NpyHeader h;
  auto bad = [&](const char* what) {
    return FormatError(fmt::format("{}: header: expected {}, got \"{}\"", source, what, printable_word(dict)));
  };
  auto descr = dict_value(dict, "descr");
  if (descr.empty() || (descr[0] != '\'' && descr[0] != '"')) throw bad("a 'descr' string");
  const auto close = descr.find(descr[0], 1);
  if (close == std::string_view::npos) throw bad("a closed 'descr' string");
  h.descr = std::string(descr.substr(1, close - 1));
  const auto fortran = dict_value(dict, "fortran_order");
  if (fortran.substr(0, 4) == "True") h.fortran = true;
  else if (fortran.substr(0, 5) != "False") throw bad("'fortran_order': True or False");
  auto shape = dict_value(dict, "shape");
  if (shape.empty() || shape[0] != '(') throw bad("a 'shape' tuple");
  const auto end = shape.find(')');
  if (end == std::string_view::npos) throw bad("a closed 'shape' tuple");
  std::string_view inner = shape.substr(1, end - 1);
  while (!inner.empty()) {
    const auto comma = inner.find(',');
    auto item = inner.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.size() > 1 && item.back() == 'L') item.remove_suffix(1);  // Python 2 longs
    if (!item.empty()) {
      std::size_t v;
      if (!parse_size(item, v)) throw bad("non-negative integers in 'shape'");
      h.shape.push_back(v);
    }
    if (comma == std::string_view::npos) break;
    inner.remove_prefix(comma + 1);
  }
  return h;
}

}  // namespace

bool looks_like_npy(std::string_view head) {
  return head.size() >= sizeof kMagic && std::memcmp(head.data(), kMagic, sizeof kMagic) == 0;
}

std::filesystem::path npy_vocab_path(const std::filesystem::path& npy) {
  auto p = npy;
  p.replace_extension(".vocab");
  return p;
}

Vocab parse_vocab_lines(std::string_view bytes, const std::string& source, std::size_t rows) {
  Vocab vocab;
  std::size_t pos = 0, line_no = 0;
  while (pos < bytes.size()) {
    auto nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = bytes.size();
    auto line = bytes.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto tab = line.find('\t');
    const auto word = line.substr(0, tab);
    std::size_t count = 0;
    if (tab != std::string_view::npos && !parse_size(line.substr(tab + 1), count))
      throw FormatError(fmt::format("{}: line {}: expected 'word<TAB>count', got a count of '{}'", source, line_no,
                                    printable_word(line.substr(tab + 1))));
    if (word.empty()) throw FormatError(fmt::format("{}: line {}: expected a word, got an empty line", source, line_no));
    if (invalid_utf8_offset(word) != std::string_view::npos)
      throw FormatError(fmt::format("{}: line {}: the word '{}' is not valid UTF-8", source, line_no, printable_word(word)));
    if (vocab.find(word) >= 0)
      throw FormatError(fmt::format("{}: line {}: duplicate word '{}'", source, line_no, printable_word(word)));
    if (vocab.size() == rows)
      throw FormatError(fmt::format("{}: line {}: expected {} words (one per row of the matrix), got more", source,
                                    line_no, rows));
    vocab.add(word, count);
  }
  if (vocab.size() != rows)
    throw FormatError(fmt::format("{}: expected {} words (one per row of the matrix), got {}", source, rows, vocab.size()));
  return vocab;
}

std::string vocab_lines(const Vocab& vocab, std::string_view format) {
  bool counts = false;
  for (const auto c : vocab.counts()) counts = counts || c > 0;
  std::string out;
  for (std::size_t i = 0; i < vocab.size(); ++i) {
    require_representable(vocab.word(i), WordRule::NoTabNewline, format);
    out += vocab.word(i);
    if (counts) out += fmt::format("\t{}", vocab.count(i));
    out += '\n';
  }
  return out;
}

Embeddings parse_npy(std::string_view npy, const std::string& npy_source, std::string_view vocab,
                     const std::string& vocab_source) {
  ByteCursor cur(npy, npy_source);
  if (!looks_like_npy(npy)) cur.fail("expected the NumPy magic string \\x93NUMPY");
  cur.skip(sizeof kMagic, "magic");
  const auto major = cur.read<std::uint8_t>("the major version");
  cur.read<std::uint8_t>("the minor version");
  std::size_t header_len = 0;
  if (major == 1) header_len = cur.read<std::uint16_t>("the header length");
  else if (major == 2 || major == 3) header_len = cur.read<std::uint32_t>("the header length");
  else cur.fail(fmt::format("expected NumPy format version 1, 2 or 3, got {}", major));
  const auto header = parse_header_dict(cur.take(header_len, "the header"), npy_source);
  if (header.shape.size() != 2)
    throw FormatError(fmt::format("{}: expected a 2-dimensional array (words x dimensions), got {} dimensions",
                                  npy_source, header.shape.size()));
  const std::size_t rows = header.shape[0], cols = header.shape[1];
  std::size_t elem = 0;
  if (header.descr == "<f4") elem = 4;
  else if (header.descr == "<f2") elem = 2;
  else if (header.descr == "<f8") elem = 8;
  else
    throw FormatError(fmt::format("{}: expected little-endian floats ('<f2', '<f4' or '<f8'), got '{}'", npy_source,
                                  printable_word(header.descr)));
  if (cols == 0 && rows > 0) throw FormatError(fmt::format("{}: the dimension is 0", npy_source));
  if (cols > 0 && rows > cur.remaining() / elem / cols)
    cur.fail(fmt::format("shape ({}, {}) needs {} bytes per value, but only {} bytes remain", rows, cols, elem,
                         cur.remaining()));
  if (cur.remaining() != rows * cols * elem)
    cur.fail(fmt::format("expected {} bytes of data for shape ({}, {}), got {}", rows * cols * elem, rows, cols,
                         cur.remaining()));
  Vocab words = parse_vocab_lines(vocab, vocab_source, rows);
  Matrix matrix(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
  const auto data = cur.take(rows * cols * elem, "the data");
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) {
      const std::size_t i = header.fortran ? c * rows + r : r * cols + c;
      float v;
      if (elem == 4) {
        std::memcpy(&v, data.data() + 4 * i, 4);
      } else if (elem == 2) {
        std::uint16_t h;
        std::memcpy(&h, data.data() + 2 * i, 2);
        v = half_to_float(h);
      } else {
        double d;
        std::memcpy(&d, data.data() + 8 * i, 8);
        v = static_cast<float>(d);
      }
      matrix(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = v;
    }
  return Embeddings(std::move(words), std::move(matrix));
}

Embeddings read_npy(const std::filesystem::path& path) {
  MappedFile npy(path);
  const auto vocab_path = npy_vocab_path(path);
  std::error_code ec;
  if (!std::filesystem::exists(vocab_path, ec))
    throw IoError(fmt::format("{}: cannot read the words: the vocabulary file {} does not exist", path.string(),
                              vocab_path.string()));
  MappedFile vocab(vocab_path);
  return parse_npy(npy.bytes(), npy.path(), vocab.bytes(), vocab.path());
}

void write_npy(const Embeddings& emb, const std::filesystem::path& path, Dtype dtype) {
  const auto vocab_path = npy_vocab_path(path);
  if (vocab_path == path)
    throw OptionError(fmt::format("{}: a .npy output needs an extension other than .vocab", path.string()));
  OutputGroup group;
  auto& out = group.add(path);
  auto& vocab_out = group.add(vocab_path);
  write_npy(emb, out, vocab_out, dtype);
  group.commit();
}

void write_npy(const Embeddings& emb, ByteSink& out, ByteSink& vocab_out, Dtype dtype) {
  if (dtype == Dtype::Float16) require_half_range(emb, "npy");
  const std::string words = vocab_lines(emb.vocab(), "npy vocabulary");
  std::string dict = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': ({}, {}), }}",
                                 dtype == Dtype::Float32 ? "<f4" : "<f2", emb.size(), emb.dim());
  // Magic (6) + version (2) + length (2) + dict + '\n' is padded with spaces to a multiple of 64.
  const std::size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::string head(kMagic, sizeof kMagic);
  head += '\x01';
  head += '\x00';
  append_le<std::uint16_t>(head, static_cast<std::uint16_t>(dict.size()));
  head += dict;

  vocab_out.write(words);
  out.write(head);
  if (dtype == Dtype::Float32) {
    out.write(emb.vectors().data(), emb.size() * emb.dim() * sizeof(float));
  } else {
    std::vector<std::uint16_t> half(emb.dim());
    for (std::size_t r = 0; r < emb.size(); ++r) {
      for (std::size_t k = 0; k < emb.dim(); ++k)
        half[k] = float_to_half(emb.vectors()(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(k)));
      out.write(half.data(), half.size() * 2);
    }
  }
}

}  // namespace wordvec
