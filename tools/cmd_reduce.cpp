// `wordvec reduce`: PCA of chosen words to 2 or 3 dimensions, as TSV and as an SVG scatter plot.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "collection_commands.hpp"
#include "command.hpp"
#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/utf8.hpp"
#include "wordvec/explore/pca.hpp"
#include "wordvec/explore/svg_scatter.hpp"
#include "wordvec/io/format.hpp"
#include "options.hpp"
#include "outputs.hpp"
#include "wordvec/query/similarity_index.hpp"

namespace wordvec::cli {

namespace {

// Rows of the words listed in `path` (whitespace-separated, '-' = stdin), in file order, without repeats.
// Unknown words are reported on stderr with their line and skipped.
std::vector<std::int32_t> rows_of_listed_words(const Embeddings& emb, const std::string& path) {
  require_not_directory(path);
  std::ifstream file;
  if (path != "-") {
    file.open(path);
    if (!file) throw IoError(fmt::format("{}: cannot open the word list", path));
  }
  std::istream& in = path == "-" ? std::cin : file;
  std::vector<std::int32_t> rows;
  std::vector<char> seen(emb.size(), 0);
  std::string line, word;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (n == 1) line = std::string(skip_bom(line, path, notice_printer("reduce")));
    std::istringstream words(line);
    while (words >> word) {
      const auto id = emb.vocab().find(word);
      if (id < 0) {
        std::fprintf(stderr, "wordvec reduce: %s: line %zu: '%s' is not in the vectors; skipped\n", path.c_str(), n,
                     printable_word(word).c_str());
      } else if (!seen[static_cast<std::size_t>(id)]) {
        seen[static_cast<std::size_t>(id)] = 1;
        rows.push_back(id);
      }
    }
  }
  stop_token().throw_if_requested();  // the read was cut short by the signal
  if (in.bad()) throw IoError(fmt::format("{}: read error", path));
  if (rows.empty()) throw DataError(fmt::format("{}: none of the listed words is in the vectors", path));
  return rows;
}

// "word<TAB>cluster" lines as written by `wordvec cluster`.
std::map<std::string, int> read_clusters(const std::string& path) {
  require_not_directory(path);
  std::ifstream in(path);
  if (!in) throw IoError(fmt::format("{}: cannot open the cluster file", path));
  std::map<std::string, int> clusters;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (n == 1) line = std::string(skip_bom(line, path, notice_printer("reduce")));
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string word;
    long cluster = -1;
    std::string rest;
    if (!(fields >> word >> cluster) || cluster < 0 || (fields >> rest))
      throw FormatError(fmt::format("{}: line {}: expected 'word<TAB>cluster' with a cluster number >= 0, got '{}'",
                                    path, n, printable_word(line)));
    clusters[word] = static_cast<int>(cluster);
  }
  return clusters;
}

int run_reduce(int argc, char** argv) {
  if (names_collection(argc, argv)) return run_reduce_collection(argc, argv);
  std::string vectors, words_file, output, svg, clusters_file, title;
  int dim = 2;
  std::size_t top = 300;
  bool normalize = false, quiet = false;
  SvgScatterOptions plot;
  po::options_description opts("reduce options");
  opts.add_options()
      ("dim", po::value(&dim)->default_value(2), "number of principal components: 2 or 3")
      ("words", po::value(&words_file), "the words to map, whitespace-separated in a file ('-' = standard input)")
      ("top", po::value(&top)->default_value(300), "without --words: map the N most frequent words")
      ("normalize", po::bool_switch(&normalize), "unit-normalise the vectors first (map by direction only)")
      ("output,o", po::value(&output), "write TSV 'word x y [z]' with a header line here (default: standard output unless --svg)")
      ("svg", po::value(&svg), "draw a labelled scatter plot of the first two components to this SVG file")
      ("clusters", po::value(&clusters_file), "colour the plot by the classes of 'wordvec cluster' (word<TAB>cluster)")
      ("title", po::value(&title), "title of the plot")
      ("width", po::value(&plot.width)->default_value(1000), "plot width in pixels")
      ("height", po::value(&plot.height)->default_value(800), "plot height in pixels")
      ("font-size", po::value(&plot.font_size)->default_value(12.0, "12"), "label size in pixels")
      ("quiet,q", po::bool_switch(&quiet), "no summary on stderr");
  po::options_description hidden;
  hidden.add_options()("vectors", po::value(&vectors)->required(), "vector file");
  po::positional_options_description positional;
  positional.add("vectors", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv, "usage: wordvec reduce VECTORS [--dim 2|3] [--words FILE | --top N] [--output FILE.tsv] [--svg FILE]\n\nPCA of word vectors; the axes are fitted on the chosen words.",
                          opts, positional, hidden, vm))
    return 0;
  require_option(dim == 2 || dim == 3, "dim", "2 or 3", dim);
  require_option(words_file.empty() || vm["top"].defaulted(), "top", "either --words or --top, not both", top);
  require_option(top >= 1, "top", "at least 1 word", top);
  plot.validate();
  if (is_stdout(output)) output.clear();  // standard output is the default
  check_outputs("reduce", {output, svg}, {vectors, words_file, clusters_file});
  const auto clusters = clusters_file.empty() ? std::map<std::string, int>{} : read_clusters(clusters_file);

  Embeddings emb = read_embeddings(vectors, read_options("reduce"));
  std::vector<std::int32_t> rows;
  if (!words_file.empty()) {
    rows = rows_of_listed_words(emb, words_file);
  } else {
    for (std::size_t i = 0; i < std::min(top, emb.size()); ++i) rows.push_back(static_cast<std::int32_t>(i));
  }
  require_option(static_cast<int>(rows.size()) > dim, "dim", fmt::format("fewer components than words ({})", rows.size()), dim);
  Matrix chosen(static_cast<Eigen::Index>(rows.size()), emb.vectors().cols());
  for (std::size_t i = 0; i < rows.size(); ++i) chosen.row(static_cast<Eigen::Index>(i)) = emb.vectors().row(rows[i]);
  if (normalize) normalize_rows(chosen);

  const Pca pca = fit_pca(chosen, dim);
  const Eigen::MatrixXd coords = pca.project(chosen);
  const Eigen::VectorXd ratio = pca.explained_ratio();

  std::string tsv = dim == 2 ? "word\tx\ty\n" : "word\tx\ty\tz\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    tsv += emb.vocab().word(static_cast<std::size_t>(rows[i]));
    for (int j = 0; j < dim; ++j) tsv += fmt::format("\t{:.6f}", coords(static_cast<Eigen::Index>(i), j));
    tsv += '\n';
  }
  if (!output.empty()) {
    AtomicFile file(output, stop_token());
    file.write(tsv);
    file.commit();
  } else if (svg.empty()) {
    std::fwrite(tsv.data(), 1, tsv.size(), stdout);
  }

  if (!svg.empty()) {
    // Labels are placed most frequent word first, so those are the ones that always show.
    std::vector<std::size_t> order(rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rows[a] < rows[b]; });
    std::vector<ScatterPoint> points;
    for (auto i : order) {
      const auto& word = emb.vocab().word(static_cast<std::size_t>(rows[i]));
      const auto c = clusters.find(word);
      points.push_back({word, coords(static_cast<Eigen::Index>(i), 0), coords(static_cast<Eigen::Index>(i), 1),
                        c == clusters.end() ? -1 : c->second});
    }
    plot.title = title;
    plot.x_label = fmt::format("PC1 ({:.1f}% of variance)", 100.0 * ratio[0]);
    plot.y_label = fmt::format("PC2 ({:.1f}% of variance)", 100.0 * ratio[1]);
    LabelLayout layout;
    const std::string doc = render_svg_scatter(points, plot, &layout);
    AtomicFile file(svg, stop_token());
    file.write(doc);
    file.commit();
    if (!quiet)
      std::fprintf(stderr, "plot: %zu of %zu labels drawn without overlap (most frequent first) in %s\n",
                   static_cast<std::size_t>(std::count(layout.placed.begin(), layout.placed.end(), true)), points.size(),
                   svg.c_str());
  }
  if (!quiet) {
    std::string shares;
    for (int j = 0; j < dim; ++j) shares += fmt::format("{}PC{} {:.1f}%", j ? ", " : "", j + 1, 100.0 * ratio[j]);
    std::fprintf(stderr, "PCA of %zu words: %s of the variance\n", rows.size(), shares.c_str());
  }
  return 0;
}

const bool registered = register_command({"reduce", "PCA of words to 2-3 dimensions: TSV and SVG plot", 41, run_reduce});

}  // namespace

}  // namespace wordvec::cli
