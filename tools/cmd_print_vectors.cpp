// `wordvec print-vectors MODEL`: words on standard input, "word v1 ... vd" on standard output, as
// `fasttext print-word-vectors` prints them; unseen words get their subword vector when the model
// has subwords, and zeros otherwise (as fastText does).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "outputs.hpp"
#include "command.hpp"
#include "wordvec/io/format.hpp"
#include "options.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include <fmt/format.h>

namespace wordvec::cli {

namespace {

int run_print_vectors(int argc, char** argv) {
  std::string vectors;
  po::options_description opts("print-vectors options");
  po::options_description hidden;
  hidden.add_options()("vectors", po::value(&vectors)->required(), "vector or model file");
  po::positional_options_description positional;
  positional.add("vectors", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv,
                          "usage: wordvec print-vectors VECTORS < words.txt\n"
                          "  prints 'word v1 ... vd' for every whitespace-separated word read from standard input",
                          opts, positional, hidden, vm))
    return 0;
  const Embeddings emb = read_embeddings(vectors, read_options("print-vectors"));
  std::vector<float> v(emb.dim());
  std::string word, line;
  std::ios::sync_with_stdio(false);
  while (std::cin >> word) {
    emb.vector_for(word, v.data());
    line.assign(word);
    char buf[32];
    for (const float x : v) {
      // fastText prints with std::setprecision(5), i.e. %g with 5 significant digits.
      const int n = std::snprintf(buf, sizeof buf, " %.5g", static_cast<double>(x));
      line.append(buf, static_cast<std::size_t>(n));
    }
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  stop_token().throw_if_requested();  // the read was cut short by the signal
  if (std::fflush(stdout) != 0 || std::ferror(stdout))
    throw IoError(fmt::format("writing to standard output failed: {}", std::strerror(errno)));
  return 0;
}

const bool registered = register_command(
    {"print-vectors", "print the vectors of words read from stdin (unseen words: subword vectors)", 25,
     run_print_vectors});

}  // namespace

}  // namespace wordvec::cli
