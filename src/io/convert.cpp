#include "wordvec/io/convert.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"

namespace wordvec {

void ConvertOptions::validate() const {
  if (to) write.validate(*to);
  // Cutting or rescaling word rows would leave a fastText model's n-gram rows out of step.
  if (to == Format::FasttextBin && (limit > 0 || normalize))
    throw OptionError("options --limit and --normalize: not available with --to fasttext-bin (the subword model "
                      "would no longer match the word vectors)");
}

namespace {
// Reads and transforms; `write` puts the result where it goes.
template <typename Write>
ConvertSummary convert(const std::filesystem::path& input, ConvertSummary summary, const ConvertOptions& options,
                       Write&& write) {
  summary.from = options.from ? *options.from : detect_format(input);
  Embeddings emb = read_embeddings(input, summary.from, options.read);
  summary.words_read = emb.size();
  summary.dropped_subwords = emb.subwords() != nullptr && summary.to != Format::FasttextBin;
  summary.dim = emb.dim();
  if (options.limit > 0) emb.keep_most_frequent(options.limit);
  if (options.normalize) emb.normalize();
  write(emb);
  summary.words_written = emb.size();
  return summary;
}
}  // namespace

ConvertSummary convert_embeddings(const std::filesystem::path& input, const std::filesystem::path& output,
                                  const ConvertOptions& options) {
  ConvertSummary summary;
  summary.to = options.to ? *options.to : format_for_extension(output, "to");
  ConvertOptions checked = options;
  checked.to = summary.to;
  checked.validate();
  // Before reading: every file written is allowed by the output policy, creatable, and not the input.
  const auto files = output_files(output, summary.to);
  for (const auto& f : files) {
    require_distinct(f, input);
    check_output(f);
  }
  return convert(input, summary, options, [&](const Embeddings& emb) {
    // The size is known now: refuse before writing when the disk cannot hold it.
    check_output(files[0], estimated_size(emb, summary.to, options.write));
    write_embeddings(emb, output, summary.to, options.write);
  });
}

ConvertSummary convert_embeddings(const std::filesystem::path& input, ByteSink& out, const ConvertOptions& options) {
  ConvertSummary summary;
  if (!options.to) throw OptionError("option --to: needed when the output is standard output");
  summary.to = *options.to;
  options.validate();
  return convert(input, summary, options,
                 [&](const Embeddings& emb) { write_embeddings(emb, out, summary.to, options.write); });
}

}  // namespace wordvec
