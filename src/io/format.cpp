#include "wordvec/io/format.hpp"

#include <cmath>
#include <fstream>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "wordvec/core/error.hpp"
#include "wordvec/core/mapped_file.hpp"
#include "wordvec/core/spelling.hpp"
#include "wordvec/core/utf8.hpp"
#include "wordvec/io/fasttext_format.hpp"
#include "wordvec/io/npy_format.hpp"
#include "wordvec/io/projector_format.hpp"
#include "wordvec/io/text_fields.hpp"
#include "wordvec/io/word2vec_format.hpp"

namespace wordvec {

namespace {
struct FormatInfo {
  Format format;
  const char* name;
  const char* extension;  // what an output path ending in it means; "" for none
  WordRule rule;          // what a word may not contain
};
constexpr FormatInfo kFormats[] = {
    {Format::W2vBin, "w2v-bin", ".bin", WordRule::NoWhitespace},
    {Format::W2vText, "w2v-text", ".txt", WordRule::NoWhitespace},
    {Format::GloveText, "glove-text", "", WordRule::NoWhitespace},
    {Format::FasttextVec, "fasttext-vec", ".vec", WordRule::NoWhitespace},
    {Format::ProjectorTsv, "projector-tsv", ".tsv", WordRule::NoTabNewline},
    {Format::Npy, "npy", ".npy", WordRule::NoTabNewline},
    {Format::Native, "native", ".wv", WordRule::AnyBytes},
    {Format::FasttextBin, "fasttext-bin", "", WordRule::NoWhitespace},
};

const FormatInfo& info(Format format) {
  for (const auto& f : kFormats)
    if (f.format == format) return f;
  throw OptionError("unknown format");
}

// A copy of `emb` whose words the target can hold; throws FormatError when replacing makes two equal.
Embeddings with_replaced_words(const Embeddings& emb, WordRule rule, Format format) {
  Vocab vocab;
  for (std::size_t i = 0; i < emb.vocab().size(); ++i) {
    const auto word = replace_unrepresentable(emb.vocab().word(i), rule);
    if (vocab.find(word) >= 0)
      throw FormatError(fmt::format("{}: replacing characters in '{}' gives '{}', which is already a word",
                                    format_name(format), printable_word(emb.vocab().word(i)), printable_word(word)));
    vocab.add(word, emb.vocab().count(i));
  }
  return Embeddings(std::move(vocab), emb.vectors(), emb.metadata());
}

bool needs_replacing(const Embeddings& emb, WordRule rule) {
  for (const auto& w : emb.vocab().words())
    if (replace_unrepresentable(w, rule) != w) return true;
  return false;
}
}  // namespace

void WriteOptions::validate(Format format) const {
  if (dtype == Dtype::Float16 && format != Format::Native && format != Format::Npy)
    throw OptionError(fmt::format("option --dtype: float16 applies to the native and npy formats, not {}",
                                  format_name(format)));
  if (unit_rows && format != Format::Native)
    throw OptionError(fmt::format("option --unit-rows: applies to the native format, not {}", format_name(format)));
}

std::string format_name(Format format) { return info(format).name; }

std::vector<std::string> format_names() {
  std::vector<std::string> names;
  for (const auto& f : kFormats) names.emplace_back(f.name);
  return names;
}

Format parse_format(const std::string& name, std::string_view option) {
  return kFormats[parse_choice(option, name, format_names())].format;
}

Format format_for_extension(const std::filesystem::path& path, std::string_view option) {
  const auto ext = path.extension().string();
  for (const auto& f : kFormats)
    if (!ext.empty() && ext == f.extension) return f.format;
  std::vector<std::string> known;
  for (const auto& f : kFormats)
    if (*f.extension) known.push_back(fmt::format("{} {}", f.extension, f.name));
  throw OptionError(fmt::format("{}: cannot tell the output format from the extension '{}' ({}): use --{} ({})",
                                path.string(), ext, fmt::join(known, ", "), option, fmt::join(format_names(), ", ")));
}

Format detect_format_of_bytes(std::string_view bytes) {
  if (bytes.empty()) throw FormatError("the file is empty");
  if (looks_like_native(bytes)) return Format::Native;
  if (looks_like_fasttext_bin(bytes)) return Format::FasttextBin;
  if (looks_like_npy(bytes)) return Format::Npy;
  if (looks_like_word2vec_binary(bytes)) return Format::W2vBin;
  if (has_word2vec_text_header(bytes)) return Format::W2vText;
  if (looks_like_projector(bytes)) return Format::ProjectorTsv;
  return Format::GloveText;
}

Format detect_format(const std::filesystem::path& path) {
  MappedFile file(path);
  if (file.size() == 0) throw FormatError(fmt::format("{}: the file is empty", path.string()));
  // The sniffers look at the first rows only; a row of a wide text file can be long.
  return detect_format_of_bytes(file.bytes().substr(0, 1 << 20));
}

namespace {
Embeddings read_as(const std::filesystem::path& path, Format format, const ReadOptions& options) {
  switch (format) {
    case Format::W2vBin:
      return read_word2vec_binary(path, options.cancel);
    case Format::FasttextBin:
      return read_fasttext_bin(path);
    case Format::W2vText:
    case Format::GloveText:
    case Format::FasttextVec:
      return read_word2vec_text(path, options.cancel);
    case Format::ProjectorTsv:
      return read_projector(path, options.notice);
    case Format::Npy:
      return read_npy(path);
    case Format::Native:
      return read_native(path);
  }
  throw OptionError(fmt::format("reading format {} is not supported", format_name(format)));
}


// Text files are where inf and NaN come from ("1e400", "nan"): refused with the line, unless asked for.
void require_finite(const Embeddings& emb, const std::filesystem::path& path, Format format) {
  // x - x is 0 for a finite x and NaN for inf and NaN: one vectorised sum over the storage decides (Eigen's
  // allFinite() tests element by element, and on a row-major matrix walks it column by column).
  const auto& m = emb.vectors();
  const Eigen::Map<const Eigen::ArrayXf> values(m.data(), m.size());
  if ((values - values).sum() == 0.0f) return;
  const bool header = format == Format::W2vText || format == Format::FasttextVec;
  for (Eigen::Index r = 0; r < emb.vectors().rows(); ++r)
    for (Eigen::Index k = 0; k < emb.vectors().cols(); ++k)
      if (!std::isfinite(emb.vectors()(r, k)))
        throw FormatError(fmt::format("{}: line {}: value {} of '{}' is not a finite number (inf or nan; "
                                      "--allow-nonfinite reads it anyway)",
                                      path.string(), r + 1 + header,
                                      k + 1, printable_word(emb.vocab().word(static_cast<std::size_t>(r)))));
}
}  // namespace

Embeddings read_embeddings(const std::filesystem::path& path, Format format, const ReadOptions& options) {
  Embeddings emb = read_as(path, format, options);
  const bool text = format == Format::W2vText || format == Format::GloveText || format == Format::FasttextVec ||
                    format == Format::ProjectorTsv;
  if (text && !options.allow_nonfinite) require_finite(emb, path, format);
  // The word2vec text reader skips a byte order mark; say so once for the file.
  if (options.notice && (format == Format::W2vText || format == Format::GloveText || format == Format::FasttextVec)) {
    char head[3] = {};
    std::ifstream in(path, std::ios::binary);
    if (in.read(head, sizeof head) && std::string_view(head, sizeof head) == kUtf8Bom) options.notice(bom_note(path.string()));
  }
  return emb;
}

Embeddings read_embeddings(const std::filesystem::path& path, const ReadOptions& options) {
  return read_embeddings(path, detect_format(path), options);
}

namespace {
// Writes to the sinks: `companion` is the second file of projector-tsv and npy (null for the others).
void write_to(const Embeddings& emb, ByteSink& out, ByteSink* companion, const std::string& name, Format format,
              const WriteOptions& options) {
  options.validate(format);
  const auto rule = info(format).rule;
  if (options.replace_spaces && needs_replacing(emb, rule)) {
    WriteOptions plain = options;
    plain.replace_spaces = false;
    write_to(with_replaced_words(emb, rule, format), out, companion, name, format, plain);
    return;
  }
  const bool two_files = format == Format::ProjectorTsv || format == Format::Npy;
  if (two_files && !companion)
    throw OptionError(fmt::format("{}: {} is two files and cannot go to standard output", name, format_name(format)));
  switch (format) {
    case Format::W2vBin:
      write_word2vec_binary(emb, out);
      return;
    case Format::W2vText:
    case Format::FasttextVec:
      write_word2vec_text(emb, out);
      return;
    case Format::GloveText:
      write_glove_text(emb, out);
      return;
    case Format::ProjectorTsv:
      write_projector(emb, out, *companion);
      return;
    case Format::Npy:
      write_npy(emb, out, *companion, options.dtype);
      return;
    case Format::Native:
      write_native(emb, out, NativeWriteOptions{options.dtype, options.unit_rows});
      return;
    case Format::FasttextBin:
      write_fasttext_bin(emb, out, name);
      return;
  }
  throw OptionError(fmt::format("writing format {} is not supported", format_name(format)));
}
}  // namespace

std::vector<std::filesystem::path> output_files(const std::filesystem::path& path, Format format) {
  if (format == Format::ProjectorTsv) return {path, projector_metadata_path(path)};
  if (format == Format::Npy) {
    const auto vocab = npy_vocab_path(path);
    if (vocab == path)
      throw OptionError(fmt::format("{}: a .npy output needs an extension other than .vocab", path.string()));
    return {path, vocab};
  }
  return {path};
}

bool streams_to_stdout(Format format) {
  return format == Format::W2vText || format == Format::GloveText || format == Format::FasttextVec;
}

std::uint64_t estimated_size(std::size_t rows, std::size_t dim, Format format, const WriteOptions& options,
                             std::size_t subword_rows) {
  const std::uint64_t cells = static_cast<std::uint64_t>(rows) * dim;
  if (format == Format::W2vText || format == Format::GloveText || format == Format::FasttextVec ||
      format == Format::ProjectorTsv)
    return cells * 2;  // at least one digit and a separator per value
  const std::uint64_t elem = options.dtype == Dtype::Float16 ? 2 : 4;
  if (format == Format::FasttextBin)  // input matrix (words and n-gram buckets) and output matrix
    return (2 * cells + static_cast<std::uint64_t>(subword_rows) * dim) * elem;
  return cells * elem;
}

std::uint64_t estimated_size(const Embeddings& emb, Format format, const WriteOptions& options) {
  const auto& sv = emb.subwords();
  // The .bin's input matrix is every row of the subword model's (words, then n-gram buckets).
  const std::size_t ngram_rows = format == Format::FasttextBin && sv && sv->input.rows() > emb.size()
                                     ? sv->input.rows() - emb.size()
                                     : 0;
  return estimated_size(emb.size(), emb.dim(), format, options, ngram_rows);
}

void write_embeddings(const Embeddings& emb, OutputGroup& group, const std::filesystem::path& path, Format format,
                      const WriteOptions& options) {
  options.validate(format);
  const auto files = output_files(path, format);
  auto& out = group.add(files[0]);
  ByteSink* companion = files.size() > 1 ? &group.add(files[1]) : nullptr;
  write_to(emb, out, companion, path.string(), format, options);
}

void write_embeddings(const Embeddings& emb, ByteSink& out, Format format, const WriteOptions& options) {
  write_to(emb, out, nullptr, "standard output", format, options);
}

void write_embeddings(const Embeddings& emb, const std::filesystem::path& path, Format format,
                      const WriteOptions& options) {
  OutputGroup group(options.cancel);
  write_embeddings(emb, group, path, format, options);
  group.commit();
}

}  // namespace wordvec
