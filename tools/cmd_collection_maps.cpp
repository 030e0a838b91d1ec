// `wordvec cluster COLLECTION N` (llm-cluster's JSON) and `wordvec reduce COLLECTION --svg` (a PCA map).
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "collection_commands.hpp"
#include "command.hpp"
#include "database_option.hpp"
#include "options.hpp"
#include "outputs.hpp"
#include "wordvec/collections/collection_analysis.hpp"
#include "wordvec/collections/collection_store.hpp"
#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"
#include "wordvec/explore/kmeans.hpp"
#include "wordvec/explore/pca.hpp"
#include "wordvec/explore/svg_scatter.hpp"

namespace wordvec::cli {

namespace {

// At most `chars` code points of UTF-8 `text` (0 = all), never cutting a character in two.
std::string truncate_utf8(const std::string& text, std::size_t chars) {
  if (chars == 0) return text;
  std::size_t i = 0, n = 0;
  while (i < text.size() && n < chars) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xc0) == 0x80) ++i;
    ++n;
  }
  return text.substr(0, i);
}

void write_output(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return;
  }
  AtomicFile file(path, stop_token());
  file.write(text);
  file.commit();
}

KMeansResult cluster_rows(const CollectionRows& rows, KMeansOptions km) {
  require_option(static_cast<std::size_t>(km.k) <= rows.ids.size(), "k", fmt::format("at most the {} items", rows.ids.size()), km.k);
  Matrix unit = rows.vectors;
  normalize_rows(unit);  // k-means on unit vectors: distance follows cosine
  km.cancel = stop_token();
  return kmeans(unit, km);
}

}  // namespace

int run_cluster_collection(int argc, char** argv) {
  std::string collection, database, output;
  KMeansOptions km;
  km.threads = default_threads();
  std::size_t truncate = 100;
  po::options_description opts("cluster (collection) options");
  opts.add_options()
      ("truncate", po::value(&truncate)->default_value(100), "truncate content to this many characters (0 = keep it whole)")
      ("iterations", po::value(&km.iterations)->default_value(km.iterations), "at most this many k-means iterations")
      ("seed", po::value(&km.seed)->default_value(km.seed), "seed of the k-means++ seeding")
      ("threads", po::value(&km.threads)->default_value(km.threads), "threads")
      ("output,o", po::value(&output), "write the JSON here (default: standard output)");
  add_database_option(opts, database);
  po::options_description hidden;
  hidden.add_options()("collection", po::value(&collection)->required(), "collection")("k", po::value(&km.k)->required(), "clusters");
  po::positional_options_description positional;
  positional.add("collection", 1).add("k", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv,
                          "usage: wordvec cluster COLLECTION N [-d DB] [--truncate 100]\n\n"
                          "k-means over a collection's items (unit vectors), printed as llm-cluster prints it:\n"
                          "[{\"id\": \"0\", \"items\": [{\"id\": ..., \"content\": ...}, ...]}, ...]",
                          opts, positional, hidden, vm))
    return 0;
  km.validate();
  if (is_stdout(output)) output.clear();
  check_outputs("cluster", {output}, {});
  CollectionStore store(database_path(database), false);
  const std::int64_t cid = store.require(collection);
  const CollectionRows rows = store.load(cid, true, false);
  const KMeansResult result = cluster_rows(rows, km);
  nlohmann::ordered_json clusters = nlohmann::ordered_json::array();
  for (int c = 0; c < km.k; ++c) {
    nlohmann::ordered_json items = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < rows.ids.size(); ++i) {
      if (result.assignment[i] != c) continue;
      nlohmann::ordered_json item;
      item["id"] = rows.ids[i];
      item["content"] = rows.content[i] ? nlohmann::ordered_json(truncate_utf8(*rows.content[i], truncate)) : nullptr;
      items.push_back(item);
    }
    clusters.push_back({{"id", std::to_string(c)}, {"items", items}});
  }
  write_output(output, clusters.dump(4) + "\n");
  return 0;
}

int run_reduce_collection(int argc, char** argv) {
  std::string collection, database, output, svg, labels = "id", color_by, title;
  int clusters = 0;
  std::size_t truncate = 30;
  SvgScatterOptions plot;
  po::options_description opts("reduce (collection) options");
  opts.add_options()
      ("svg", po::value(&svg), "draw the map (PCA, first two components) to this SVG file")
      ("output,o", po::value(&output), "write TSV 'id x y' here (default: standard output unless --svg)")
      ("labels", po::value(&labels)->default_value("id"), "label points with their 'id' or the start of their 'content'")
      ("truncate", po::value(&truncate)->default_value(30), "labels: at most this many characters")
      ("clusters", po::value(&clusters)->default_value(0), "colour by k-means with this many clusters")
      ("color-by", po::value(&color_by), "colour by this metadata key")
      ("title", po::value(&title), "title of the plot")
      ("width", po::value(&plot.width)->default_value(1000), "plot width in pixels")
      ("height", po::value(&plot.height)->default_value(800), "plot height in pixels");
  add_database_option(opts, database);
  po::options_description hidden;
  hidden.add_options()("collection", po::value(&collection)->required(), "collection");
  po::positional_options_description positional;
  positional.add("collection", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv,
                          "usage: wordvec reduce COLLECTION [--svg MAP.svg] [--labels id|content] [--clusters K | --color-by KEY] [-d DB]\n\n"
                          "PCA of a collection's items (unit vectors) to two dimensions: TSV, and a labelled map.",
                          opts, positional, hidden, vm))
    return 0;
  parse_choice("labels", labels, {"id", "content"});
  require_option(clusters == 0 || color_by.empty(), "color-by", "either --clusters or --color-by", color_by);
  plot.validate();
  if (is_stdout(output)) output.clear();
  check_outputs("reduce", {output, svg}, {});
  CollectionStore store(database_path(database), false);
  const std::int64_t cid = store.require(collection);
  const CollectionRows rows = store.load(cid, true, true);
  require_option(rows.ids.size() >= 3, "collection", "at least 3 items", rows.ids.size());
  Matrix unit = rows.vectors;
  normalize_rows(unit);
  const Pca pca = fit_pca(unit, 2);
  const Eigen::MatrixXd xy = pca.project(unit);
  std::vector<int> group(rows.ids.size(), -1);
  std::vector<std::string> legend;
  if (clusters > 0) {
    KMeansOptions km;
    km.k = clusters;
    km.threads = default_threads();
    const auto result = cluster_rows(rows, km);
    for (std::size_t i = 0; i < group.size(); ++i) group[i] = result.assignment[i];
  } else if (!color_by.empty()) {
    std::map<std::string, int> index;
    for (std::size_t i = 0; i < rows.ids.size(); ++i)
      if (auto l = metadata_label(rows.metadata[i], color_by)) index.emplace(*l, 0);
    int next = 0;
    for (auto& [name, g] : index) {
      g = next++;
      legend.push_back(name);
    }
    for (std::size_t i = 0; i < rows.ids.size(); ++i)
      if (auto l = metadata_label(rows.metadata[i], color_by)) group[i] = index[*l];
  }
  std::string tsv = "id\tx\ty\n";
  for (std::size_t i = 0; i < rows.ids.size(); ++i)
    tsv += fmt::format("{}\t{:.6f}\t{:.6f}\n", rows.ids[i], xy(static_cast<Eigen::Index>(i), 0), xy(static_cast<Eigen::Index>(i), 1));
  if (!output.empty() || svg.empty()) write_output(output, tsv);
  if (!svg.empty()) {
    std::vector<ScatterPoint> points;
    for (std::size_t i = 0; i < rows.ids.size(); ++i) {
      std::string label = labels == "id" || !rows.content[i] ? rows.ids[i] : *rows.content[i];
      for (auto& ch : label)
        if (ch == '\n' || ch == '\t' || ch == '\r') ch = ' ';
      points.push_back({truncate_utf8(label, truncate), xy(static_cast<Eigen::Index>(i), 0), xy(static_cast<Eigen::Index>(i), 1), group[i]});
    }
    const Eigen::VectorXd ratio = pca.explained_ratio();
    plot.title = title.empty() && !legend.empty() ? fmt::format("coloured by {}: {}", color_by, fmt::format("{}", fmt::join(legend, ", "))) : title;
    plot.x_label = fmt::format("PC1 ({:.1f}% of variance)", 100.0 * ratio[0]);
    plot.y_label = fmt::format("PC2 ({:.1f}% of variance)", 100.0 * ratio[1]);
    write_output(svg, render_svg_scatter(points, plot));
  }
  return 0;
}

}  // namespace wordvec::cli
