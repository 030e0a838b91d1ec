// `wordvec cluster`: k-means classes of words, written like word2vec -classes.
#include <algorithm>
#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "collection_commands.hpp"
#include "command.hpp"
#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/explore/kmeans.hpp"
#include "wordvec/io/format.hpp"
#include "options.hpp"
#include "outputs.hpp"
#include "wordvec/query/similarity_index.hpp"

namespace wordvec::cli {

namespace {

int run_cluster(int argc, char** argv) {
  if (names_collection(argc, argv)) return run_cluster_collection(argc, argv);
  std::string vectors, output, centroids, centroids_format;
  KMeansOptions km;
  std::size_t limit = 0;
  bool raw = false, quiet = false;
  po::options_description opts("cluster options");
  opts.add_options()
      ("k,k", po::value(&km.k)->default_value(100), "number of clusters")
      ("limit", po::value(&limit)->default_value(0), "cluster only the N most frequent words (0 = all)")
      ("iterations", po::value(&km.iterations)->default_value(20), "at most this many k-means iterations")
      ("seed", po::value(&km.seed)->default_value(1), "random seed of the k-means++ seeding (same seed, same clusters, any --threads)")
      ("threads", po::value(&km.threads)->default_value(default_threads()), "worker threads (default: all cores)")
      ("raw", po::bool_switch(&raw), "cluster the vectors as they are (default: unit-normalised, so distance follows cosine)")
      ("output,o", po::value(&output), "write 'word<TAB>cluster' lines here (default: standard output)")
      ("centroids", po::value(&centroids), "also write the k centroids as vectors keyed by cluster number")
      ("centroids-format", po::value(&centroids_format)->default_value(""), fmt::format("format of --centroids: {} (default: from its extension)", fmt::join(format_names(), ", ")).c_str())
      ("quiet,q", po::bool_switch(&quiet), "no progress or summary on stderr");
  po::options_description hidden;
  hidden.add_options()("vectors", po::value(&vectors)->required(), "vector file");
  po::positional_options_description positional;
  positional.add("vectors", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv, "usage: wordvec cluster VECTORS [-k 100] [options]\n\nk-means (k-means++ seeding) over word vectors; prints 'word<TAB>cluster' in vocabulary order.",
                          opts, positional, hidden, vm))
    return 0;
  km.validate();
  const Format cformat = centroids.empty() ? Format::W2vText
                         : centroids_format.empty() ? format_for_extension(centroids, "centroids-format") : parse_format(centroids_format, "centroids-format");
  if (is_stdout(output)) output.clear();  // standard output is the default
  {
    std::vector<std::string> outputs{output};
    if (!centroids.empty())
      for (const auto& f : output_files(centroids, cformat)) outputs.push_back(f.string());
    check_outputs("cluster", outputs, {vectors});
  }

  Embeddings emb = read_embeddings(vectors, read_options("cluster"));
  if (limit > 0) emb.truncate(limit);
  if (!raw) emb.normalize();
  ProgressCallback progress;
  if (!quiet)
    progress = [](const Progress& p) {
      if (!p.finished)
        std::fprintf(stderr, "kmeans: iteration %llu/%llu  mean squared distance %.5f\n",
                     static_cast<unsigned long long>(p.done), static_cast<unsigned long long>(p.total), p.loss);
    };
  km.cancel = stop_token();
  const KMeansResult result = kmeans(emb.vectors(), km, progress);

  std::string text;
  text.reserve(emb.size() * 16);
  for (std::size_t i = 0; i < emb.size(); ++i) text += fmt::format("{}\t{}\n", emb.vocab().word(i), result.assignment[i]);
  if (output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    AtomicFile file(output, stop_token());
    file.write(text);
    file.commit();
  }
  if (!centroids.empty()) {
    Vocab names;
    for (int c = 0; c < km.k; ++c) names.add(std::to_string(c), result.sizes[static_cast<std::size_t>(c)]);
    const Embeddings cents(std::move(names), result.centroids,
                           {{"source", fmt::format("wordvec cluster -k {} {}", km.k, vectors)}});
    write_embeddings(cents, centroids, cformat, write_options());
  }
  if (!quiet) {
    const auto [lo, hi] = std::minmax_element(result.sizes.begin(), result.sizes.end());
    std::fprintf(stderr, "clustered %zu words into %d clusters (%zu to %zu words each) in %d iterations (%s); inertia %.4f\n",
                 emb.size(), km.k, *lo, *hi, result.iterations,
                 result.converged ? "converged" : "stopped at --iterations", result.inertia);
  }
  return 0;
}

const bool registered = register_command({"cluster", "k-means classes of words (word<TAB>cluster)", 40, run_cluster});

}  // namespace

}  // namespace wordvec::cli
