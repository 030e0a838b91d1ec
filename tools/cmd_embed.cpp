// `wordvec embed`: one vector per input line (sentence or document) from word vectors.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "command.hpp"
#include "wordvec/collections/collection_embedder.hpp"
#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"
#include "wordvec/explore/sentence_embedder.hpp"
#include "wordvec/io/format.hpp"
#include "wordvec/io/text_fields.hpp"
#include "options.hpp"
#include "wordvec/text/tokenizer.hpp"
#include "outputs.hpp"
#include "input_lines.hpp"

namespace wordvec::cli {

namespace {

// The key of a line: "line_N", or its words joined by '_' (made unique with "#N" on repeats).
std::string line_key(const std::string& line, std::size_t number, bool text, const Vocab& taken) {
  if (!text) return fmt::format("line_{}", number);
  std::string key;
  std::istringstream words(line);
  std::string w;
  while (words >> w) key += (key.empty() ? "" : "_") + w;
  if (taken.contains(key)) key += fmt::format("#{}", number);
  return key;
}

// `embed -c TEXT`: one vector as a JSON array, made as embed-multi makes a document's (no component removed).
int embed_one(const std::string& vectors, const std::string& content, const SentenceEmbedderOptions& options,
              const std::string& counts, const std::string& tokenizer) {
  TextEmbedding how;
  how.sif_a = options.sif_a;
  how.counts = counts;
  how.lowercase = options.lowercase;
  how.normalize_words = options.normalize_words;
  how.cancel = stop_token();
  if (!tokenizer.empty()) {
    how.tokenizer = TokenizerOptions{};
    how.tokenizer->kind = parse_tokenizer_kind(tokenizer);
  }
  const TextEmbedder embedder(vectors, how);
  Eigen::VectorXf v(static_cast<Eigen::Index>(embedder.dim()));
  if (!embedder.embed(content, v)) throw DataError("-c: no word of the text has a vector");
  std::string out = "[";
  for (Eigen::Index i = 0; i < v.size(); ++i) out += fmt::format("{}{}", i ? ", " : "", v[i]);
  out += "]\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

int run_embed(int argc, char** argv) {
  std::string vectors, input = "-", output, format, keys, counts, tokenizer, content;
  SentenceEmbedderOptions options;
  bool keep_component = false, strict = false, quiet = false;
  po::options_description opts("embed options");
  opts.add_options()
      ("content,c", po::value(&content), "embed this text only and print its vector as a JSON array (as llm embed -c; the vector embed-multi stores for it)")
      ("input,i", po::value(&input)->default_value("-"), "text, one sentence or document per line ('-' = standard input)")
      ("output,o", po::value(&output), "vector file to write (default: word2vec text on standard output)")
      ("format", po::value(&format)->default_value(""), fmt::format("output format: {} (default: from the output extension)", fmt::join(format_names(), ", ")).c_str())
      ("sif", po::value(&options.sif_a)->default_value(0.0, "0"), "SIF weighting a/(a+p(w)) with this a (1e-3 is usual) and removal of the first principal component; 0 = plain mean")
      ("keep-component", po::bool_switch(&keep_component), "with --sif: do not remove the first principal component")
      ("counts", po::value(&counts), "with --sif: 'word count' lines giving p(w) (default: the vector file's counts, else Zipf's law on the frequency rank)")
      ("keys", po::value(&keys)->default_value("number"), "key of each line's vector: 'number' (line_N) or 'text' (the words joined by '_')")
      ("lowercase", po::bool_switch(&options.lowercase), "look words up in lower case")
      ("tokenizer", po::value(&tokenizer), "how lines split into words: whitespace, words, chars or zh with their defaults (default: the one the vector file records, whitespace when none)")
      ("normalize-words", po::bool_switch(&options.normalize_words), "scale each word vector to unit length before averaging, as fastText's print-sentence-vectors does (default: average the vectors as they are, as gensim and SIF do)")
      ("strict", po::bool_switch(&strict), "fail on a line with no known word (default: report it and skip it)")
      ("quiet,q", po::bool_switch(&quiet), "no summary on stderr (skipped lines are still reported)");
  po::options_description hidden;
  hidden.add_options()("vectors", po::value(&vectors)->required(), "vector file");
  po::positional_options_description positional;
  positional.add("vectors", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv, "usage: wordvec embed VECTORS [--input FILE] [--output FILE] [--format F] [--sif A]\n       wordvec embed VECTORS -c TEXT\n\nOne vector per input line: the mean of its word vectors (SIF-weighted with --sif).",
                          opts, positional, hidden, vm))
    return 0;
  options.remove_component = !keep_component;
  options.validate();
  if (vm.count("content")) return embed_one(vectors, content, options, counts, tokenizer);
  parse_choice("keys", keys, {"number", "text"});
  const bool to_stdout = output.empty() || is_stdout(output);
  const Format out_format = !format.empty() ? parse_format(format) : to_stdout ? Format::W2vText : format_for_extension(output);
  if (to_stdout) require_stdout_format("--format", streams_to_stdout(out_format), format_name(out_format));
  else {
    std::vector<std::string> outputs;
    for (const auto& f : output_files(output, out_format)) outputs.push_back(f.string());
    check_outputs("embed", outputs, {vectors, input, counts});
  }

  const Embeddings emb = read_embeddings(vectors, read_options("embed"));
  TokenizerOptions text = TokenizerOptions::from_metadata(emb.metadata());
  if (!tokenizer.empty()) {
    text = TokenizerOptions{};
    text.kind = parse_tokenizer_kind(tokenizer);
  }
  options.tokenizer = make_tokenizer(text);
  WordProbabilityFn probability;
  if (options.sif_a > 0.0) {
    if (!counts.empty()) {
      probability = probability_from_count_file(counts);
    } else if (emb.vocab().total_count() > 0) {
      probability = probability_from_counts(emb.vocab());
    } else {
      probability = probability_from_rank(emb.vocab());
      if (!quiet)
        std::fprintf(stderr, "wordvec embed: %s stores no word counts: p(w) for SIF follows Zipf's law on the frequency rank (give --counts for real counts)\n",
                     vectors.c_str());
    }
  }
  // The one place that decides how a word gets its vector.
  const SentenceEmbedder embedder(emb.dim(), lookup_in(emb), probability, options);
  const std::string source = input == "-" ? "standard input" : input;
  const auto lines = read_lines(input);
  if (options.sif_a > 0.0 && options.remove_component && lines.size() < kSifMinimumLines)
    std::fprintf(stderr,
                 "wordvec embed: warning: SIF removes the first principal component of the sentence vectors; "
                 "estimated from %zu lines (fewer than %zu) it is mostly noise: embed more lines at once, "
                 "or use --keep-component or the plain mean (no --sif)\n",
                 lines.size(), kSifMinimumLines);
  const SentenceVectors sv = embedder.embed_lines(lines);

  if (!sv.unembedded.empty()) {
    if (strict)
      throw DataError(fmt::format("{}: line {}: no word of the line has a vector", source, sv.unembedded.front()));
    constexpr std::size_t kShown = 10;
    for (std::size_t i = 0; i < std::min(kShown, sv.unembedded.size()); ++i)
      std::fprintf(stderr, "wordvec embed: %s: line %zu: no word of the line has a vector; skipped\n", source.c_str(),
                   sv.unembedded[i]);
    if (sv.unembedded.size() > kShown)
      std::fprintf(stderr, "wordvec embed: %s: %zu more lines with no known word skipped\n", source.c_str(),
                   sv.unembedded.size() - kShown);
  }
  if (sv.lines.empty()) throw DataError(fmt::format("{}: no line has a word with a vector", source));

  Vocab names;
  for (auto n : sv.lines) names.add(line_key(lines[n - 1], n, keys == "text", names), 0);
  const Embeddings out(std::move(names), sv.vectors,
                       {{"source", fmt::format("wordvec embed {} --input {}", vectors, input)}});
  if (to_stdout) {
    StreamSink sink(stdout, "standard output", stop_token());
    write_embeddings(out, sink, out_format);
    sink.flush();
  } else {
    write_embeddings(out, output, out_format, write_options());
  }
  if (!quiet)
    std::fprintf(stderr, "embedded %zu of %zu lines (%zu skipped); %zu of %zu tokens had vectors%s\n", sv.lines.size(),
                 lines.size(), sv.unembedded.size(), sv.known_tokens, sv.known_tokens + sv.unknown_tokens,
                 options.sif_a > 0.0 ? (options.remove_component ? "; SIF weights, first component removed" : "; SIF weights")
                                     : "");
  return 0;
}

const bool registered = register_command({"embed", "sentence vectors: mean (or SIF) of word vectors per line", 42, run_embed});

}  // namespace

}  // namespace wordvec::cli
