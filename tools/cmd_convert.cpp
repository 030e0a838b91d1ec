// `wordvec convert`: any vector format in, any vector format out.
#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"
#include "wordvec/io/convert.hpp"
#include "options.hpp"
#include "outputs.hpp"
#include "wordvec/core/atomic_file.hpp"

namespace wordvec::cli {

namespace {

int run_convert(int argc, char** argv) {
  std::string input, output, from, to, dtype;
  ConvertOptions options;
  options.read = read_options("convert");
  options.write = write_options();
  bool quiet = false;
  const auto names = fmt::format("{}", fmt::join(format_names(), ", "));
  po::options_description opts("convert options");
  opts.add_options()
      ("to", po::value(&to)->default_value(""), fmt::format("output format: {} (default: from the output extension: .bin w2v-bin, .txt w2v-text, .vec fasttext-vec, .tsv projector-tsv, .npy npy, .wv native)", names).c_str())
      ("from", po::value(&from)->default_value(""), "input format (default: detected from the content)")
      ("normalize", po::bool_switch(&options.normalize), "scale every vector to unit length")
      ("limit", po::value(&options.limit)->default_value(0), "keep only the N most frequent words (0 = all)")
      ("dtype", po::value(&dtype)->default_value("float32"), "float32 or float16 (native and npy only)")
      ("replace-spaces", po::bool_switch(&options.write.replace_spaces), "write '_' for characters the output format cannot hold in a word (spaces for word2vec/GloVe, tabs and newlines for TSV) instead of failing")
      ("unit-rows", po::bool_switch(&options.write.unit_rows), "native only: store unit-length rows plus their norms, so queries start without a pass over the data (reading back multiplies by the norms: values may differ in the last bit)")
      ("allow-nonfinite", po::bool_switch(&options.read.allow_nonfinite), "accept inf and nan in a text input (refused by default, with the line)")
      ("quiet,q", po::bool_switch(&quiet), "print nothing on success");
  po::options_description hidden;
  hidden.add_options()("input", po::value(&input)->required(), "input file")("output", po::value(&output)->required(),
                                                                             "output file");
  po::positional_options_description positional;
  positional.add("input", 1).add("output", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv, "usage: wordvec convert INPUT OUTPUT [--to FORMAT] [options]", opts, positional,
                          hidden, vm))
    return 0;
  if (!to.empty()) options.to = parse_format(to, "to");
  if (!from.empty()) options.from = parse_format(from, "from");
  options.write.dtype = parse_choice("dtype", dtype, {"float32", "float16"}) == 1 ? Dtype::Float16 : Dtype::Float32;
  ConvertSummary summary;
  if (is_stdout(output)) {
    if (!options.to) throw OptionError("option --to: needed when the output is standard output (-)");
    require_stdout_format("--to", streams_to_stdout(*options.to), format_name(*options.to));
    StreamSink out(stdout, "standard output", stop_token());
    summary = convert_embeddings(input, out, options);
    out.flush();
  } else {
    clean_stale("convert", resolve_output(output).path.parent_path());
    summary = convert_embeddings(input, output, options);
  }
  if (summary.dropped_subwords)
    std::fprintf(stderr,
                 "wordvec convert: warning: %s has subword (character n-gram) vectors; %s keeps only the %zu word "
                 "vectors, so words outside the vocabulary get no vector from %s (use --to fasttext-bin to keep them)\n",
                 input.c_str(), format_name(summary.to).c_str(), summary.words_written, output.c_str());
  if (!quiet)
    std::fprintf(stderr, "read %zu vectors of dimension %zu from %s (%s); wrote %zu to %s (%s)\n", summary.words_read,
                 summary.dim, input.c_str(), format_name(summary.from).c_str(), summary.words_written, output.c_str(),
                 format_name(summary.to).c_str());
  return 0;
}

const bool registered =
    register_command({"convert", "convert vectors between formats (word2vec, GloVe, fastText .vec, TSV, npy, native)",
                      40, run_convert});

}  // namespace

}  // namespace wordvec::cli
