// `wordvec similar` and `wordvec analogy`: first queries over a vector file.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "core/error.hpp"
#include "io/format.hpp"
#include "query/index_loader.hpp"
#include "options.hpp"
#include "query/similarity_index.hpp"

namespace wordvec::cli {

namespace {

void print_neighbors(const std::vector<Neighbor>& neighbors) {
  for (std::size_t i = 0; i < neighbors.size(); ++i)
    std::printf("%3zu  %-24s %.4f\n", i + 1, neighbors[i].word.c_str(), static_cast<double>(neighbors[i].score));
}

int run_similar(int argc, char** argv) {
  std::string vectors;
  std::vector<std::string> words;
  std::size_t k = 10, restrict = 0;
  po::options_description opts("similar options");
  opts.add_options()
      ("k,k", po::value(&k)->default_value(10), "number of neighbours")
      ("restrict", po::value(&restrict)->default_value(0), "search only the N most frequent words (0 = all)");
  po::options_description hidden;
  hidden.add_options()("vectors", po::value(&vectors)->required(), "vector file")(
      "words", po::value(&words)->required()->multitoken(), "query words");
  po::positional_options_description positional;
  positional.add("vectors", 1).add("words", -1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv, "usage: wordvec similar VECTORS WORD... [options]", opts, positional, hidden, vm))
    return 0;
  const SimilarityIndex index = load_similarity_index(vectors);
  int status = 0;
  for (const auto& word : words) {
    std::printf("%s%s\n", &word == &words.front() ? "" : "\n", word.c_str());
    try {
      print_neighbors(index.most_similar({word}, {}, k, restrict));
    } catch (const UnknownWordError& e) {
      std::fprintf(stderr, "wordvec similar: %s\n", e.what());
      status = 1;
    }
  }
  return status;
}

int run_analogy(int argc, char** argv) {
  std::string vectors;
  std::vector<std::string> words;
  std::size_t k = 10, restrict = 0;
  po::options_description opts("analogy options");
  opts.add_options()
      ("k,k", po::value(&k)->default_value(10), "number of answers")
      ("restrict", po::value(&restrict)->default_value(0), "search only the N most frequent words (0 = all)");
  po::options_description hidden;
  hidden.add_options()("vectors", po::value(&vectors)->required(), "vector file")(
      "words", po::value(&words)->required()->multitoken(), "A B C");
  po::positional_options_description positional;
  positional.add("vectors", 1).add("words", -1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv, "usage: wordvec analogy VECTORS A B C [options]   (A is to B as C is to ?)", opts,
                          positional, hidden, vm))
    return 0;
  if (words.size() != 3)
    throw OptionError(fmt::format("analogy: expected three words A B C, got {}", words.size()));
  const SimilarityIndex index = load_similarity_index(vectors);
  std::printf("%s - %s + %s\n", words[1].c_str(), words[0].c_str(), words[2].c_str());
  print_neighbors(index.most_similar({words[1], words[2]}, {words[0]}, k, restrict));
  return 0;
}

const bool registered_similar =
    register_command({"similar", "nearest neighbours of words", 20, run_similar});
const bool registered_analogy =
    register_command({"analogy", "A is to B as C is to ? (3CosAdd)", 21, run_analogy});

}  // namespace

}  // namespace wordvec::cli
