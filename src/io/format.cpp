#include "io/format.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.hpp"
#include "core/mapped_file.hpp"
#include "io/fasttext_format.hpp"
#include "io/word2vec_format.hpp"

namespace wordvec {

namespace {
struct FormatInfo {
  Format format;
  const char* name;
};
constexpr FormatInfo kFormats[] = {
    {Format::W2vBin, "w2v-bin"},
    {Format::W2vText, "w2v-text"},
    {Format::GloveText, "glove-text"},
    {Format::FasttextVec, "fasttext-vec"},
    {Format::FasttextBin, "fasttext-bin"},  // fastText model file (io/fasttext_format)
};
}  // namespace

std::string format_name(Format format) {
  for (const auto& f : kFormats)
    if (f.format == format) return f.name;
  return "unknown";
}

std::vector<std::string> format_names() {
  std::vector<std::string> names;
  for (const auto& f : kFormats) names.emplace_back(f.name);
  return names;
}

Format parse_format(const std::string& name) {
  for (const auto& f : kFormats)
    if (name == f.name) return f.format;
  throw OptionError(fmt::format("option --format: expected one of {}, got '{}'", fmt::join(format_names(), ", "), name));
}

Format format_for_extension(const std::filesystem::path& path) {
  const auto ext = path.extension().string();
  if (ext == ".bin") return Format::W2vBin;
  if (ext == ".txt") return Format::W2vText;
  if (ext == ".vec") return Format::FasttextVec;
  throw OptionError(fmt::format("{}: cannot tell the output format from the extension '{}': use --format ({})",
                                path.string(), ext, fmt::join(format_names(), ", ")));
}

Format detect_format(const std::filesystem::path& path) {
  MappedFile file(path);
  const auto head = file.bytes().substr(0, 1 << 16);
  if (head.empty()) throw FormatError(fmt::format("{}: the file is empty", path.string()));
  if (looks_like_fasttext_bin(head)) return Format::FasttextBin;
  if (looks_like_word2vec_binary(head)) return Format::W2vBin;
  return Format::W2vText;  // text with or without header; the reader tells them apart
}

Embeddings read_embeddings(const std::filesystem::path& path) {
  switch (detect_format(path)) {
    case Format::W2vBin:
      return read_word2vec_binary(path);
    case Format::FasttextBin:
      return read_fasttext_bin(path);
    default:
      return read_word2vec_text(path);
  }
}

void write_embeddings(const Embeddings& emb, const std::filesystem::path& path, Format format) {
  switch (format) {
    case Format::W2vBin:
      write_word2vec_binary(emb, path);
      return;
    case Format::W2vText:
    case Format::FasttextVec:
      write_word2vec_text(emb, path);
      return;
    case Format::GloveText:
      write_glove_text(emb, path);
      return;
    case Format::FasttextBin:
      write_fasttext_bin(emb, path);
      return;
  }
  throw OptionError(fmt::format("writing format {} is not supported", format_name(format)));
}

}  // namespace wordvec
