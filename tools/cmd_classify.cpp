// `wordvec classify`: labels from a collection's metadata; new texts get the label of the nearest
// centroid (or a k-NN vote), a score between two labels (--axis), or a test set's accuracy.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "database_option.hpp"
#include "json.hpp"
#include "options.hpp"
#include "wordvec/collections/collection_analysis.hpp"
#include "wordvec/collections/collection_embedder.hpp"
#include "wordvec/collections/collection_store.hpp"
#include "wordvec/collections/document_reader.hpp"
#include "wordvec/core/error.hpp"

namespace wordvec::cli {

namespace {

std::string read_text(const std::string& path) {
  if (path == "-") return std::string((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open", path));
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int label_index(const LabelledRows& l, const std::string& name, const std::string& option) {
  for (std::size_t i = 0; i < l.names.size(); ++i)
    if (l.names[i] == name) return static_cast<int>(i);
  std::string known;
  for (const auto& n : l.names) known += (known.empty() ? "" : ", ") + n;
  throw OptionError(fmt::format("option --{}: no label '{}' (the labels are: {})", option, name, known));
}

void print_report(const char* rule, const ClassificationReport& r, const LabelledRows& l) {
  std::printf("%s: accuracy %.4f  macro-F1 %.4f  (%zu documents)\n", rule, r.accuracy, r.macro_f1, r.count);
  std::printf("confusion (rows: true label, columns: predicted)\n");
  std::string line = "true\\predicted";
  for (const auto& n : l.names) line += "\t" + n;
  std::printf("%s\tF1\n", line.c_str());
  for (std::size_t t = 0; t < l.names.size(); ++t) {
    line = l.names[t];
    for (std::size_t p = 0; p < l.names.size(); ++p) line += fmt::format("\t{}", r.confusion[t][p]);
    std::printf("%s\t%.4f\n", line.c_str(), r.f1[t]);
  }
}

}  // namespace

int run_classify(int argc, char** argv) {
  std::string collection, database, key, content, input, items, test, axis;
  int knn = 0;
  bool plain = false;
  po::options_description opts("classify options");
  opts.add_options()
      ("label", po::value(&key)->required(), "metadata key holding each stored item's label (the training set)")
      ("content,c", po::value(&content), "classify this text")
      ("input,i", po::value(&input), "classify the text of this file ('-' = standard input)")
      ("items", po::value(&items), "classify every item of this other collection (embedded with the same model)")
      ("test", po::value(&test), "a labelled file (CSV, TSV, JSON, NDJSON; the label in column or key --label): print accuracy, macro-F1 and the confusion matrix")
      ("axis", po::value(&axis), "A,B: instead of a label, a score in [-1, 1] between the centroids of labels A (-1) and B (+1)")
      ("knn", po::value(&knn)->default_value(0), "also the vote of the K nearest labelled items (0 = centroids only)")
      ("plain", po::bool_switch(&plain), "aligned text instead of JSON lines");
  add_database_option(opts, database);
  po::options_description hidden;
  hidden.add_options()("collection", po::value(&collection)->required(), "collection");
  po::positional_options_description positional;
  positional.add("collection", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv,
                          "usage: wordvec classify COLLECTION --label KEY (-c TEXT | -i FILE | --items OTHER | --test FILE) [--axis A,B] [--knn K] [-d DB]\n\n"
                          "The centroid (normalised mean) of each label's items; a text gets the nearest label with its cosine\n"
                          "and the margin to the second.",
                          opts, positional, hidden, vm))
    return 0;
  const int given = vm.count("content") + vm.count("input") + vm.count("items") + vm.count("test");
  require_option(given == 1, "content", "exactly one of -c, -i, --items, --test", fmt::format("{} of them", given));
  require_option(knn >= 0, "knn", "at least 0", knn);
  require_option(axis.empty() || test.empty(), "axis", "no --test (the test scores labels)", axis);
  CollectionStore store(database_path(database), false);
  const std::int64_t cid = store.require(collection);
  const CollectionRows rows = store.load(cid, false, true);
  const LabelledRows labelled = labelled_rows(rows, key);
  const CentroidClassifier centroids(rows.vectors, labelled);
  std::optional<KnnClassifier> neighbours;
  if (knn > 0) neighbours.emplace(rows.vectors, labelled, knn);
  int axis_a = -1, axis_b = -1;
  if (!axis.empty()) {
    const auto comma = axis.find(',');
    require_option(comma != std::string::npos, "axis", "two labels A,B", axis);
    axis_a = label_index(labelled, axis.substr(0, comma), "axis");
    axis_b = label_index(labelled, axis.substr(comma + 1), "axis");
  }

  // What to classify: (id or text shown, vector).
  std::vector<std::pair<std::string, Eigen::VectorXf>> queries;
  std::vector<int> truth;
  if (!items.empty()) {
    const std::int64_t other = store.require(items);
    const CollectionModel a = store.model(cid), b = store.model(other);
    if (!a.same_embedding(b))
      throw DataError(fmt::format("collection '{}' was embedded with {}, collection '{}' with {}", collection, a.describe(), items, b.describe()));
    const CollectionRows o = store.load(other, false, false);
    for (std::size_t i = 0; i < o.ids.size(); ++i) queries.emplace_back(o.ids[i], o.vectors.row(static_cast<Eigen::Index>(i)).transpose());
  } else {
    const TextEmbedder embedder = TextEmbedder::from_record(store.model(cid), {}, stop_token());
    std::vector<Document> docs;
    if (!test.empty()) {
      DocumentReadOptions read;
      read.metadata_key = key;
      docs = read_documents(test, read, [](const DocumentProblem& p) {
        std::fprintf(stderr, "wordvec classify: %s; skipped\n", p.message().c_str());
      });
    } else {
      docs.push_back({vm.count("content") ? "-c" : input, vm.count("content") ? content : read_text(input), std::nullopt,
                      vm.count("content") ? "-c" : input, 0});
    }
    for (const auto& d : docs) {
      Eigen::VectorXf v(static_cast<Eigen::Index>(embedder.dim()));
      if (!embedder.embed(d.content, v)) {
        if (test.empty()) throw DataError(fmt::format("{}: no word of the text has a vector", d.source));
        std::fprintf(stderr, "wordvec classify: %s: line %zu: document '%s': no word of it has a vector; skipped\n",
                     d.source.c_str(), d.line, d.id.c_str());
        continue;
      }
      if (!test.empty()) {
        const auto l = metadata_label(d.metadata, key);
        int index = -1;
        for (std::size_t i = 0; l && i < labelled.names.size(); ++i)
          if (labelled.names[i] == *l) index = static_cast<int>(i);
        if (index < 0) {
          std::fprintf(stderr, "wordvec classify: %s: line %zu: document '%s': %s; skipped\n", d.source.c_str(), d.line,
                       d.id.c_str(), l ? fmt::format("label '{}' is not among the collection's", *l).c_str() : "no label");
          continue;
        }
        truth.push_back(index);
      }
      queries.emplace_back(d.id, v);
    }
    if (!test.empty() && truth.empty()) throw DataError(fmt::format("{}: no labelled document to test", test));
  }

  if (!test.empty()) {
    std::vector<int> by_centroid, by_knn;
    for (const auto& [id, v] : queries) {
      by_centroid.push_back(centroids.predict(v).label);
      if (neighbours) by_knn.push_back(neighbours->predict(v).label);
    }
    const int classes = static_cast<int>(labelled.names.size());
    print_report("centroid", evaluate_labels(truth, by_centroid, classes), labelled);
    if (neighbours) print_report(fmt::format("{}-NN", knn).c_str(), evaluate_labels(truth, by_knn, classes), labelled);
    return 0;
  }
  for (const auto& [id, v] : queries) {
    if (axis_a >= 0) {
      const float s = centroids.axis(v, axis_a, axis_b);
      if (plain) std::printf("%+.4f  %s\n", static_cast<double>(s), id.c_str());
      else std::printf("{\"id\": %s, \"axis\": %s}\n", json_string(id).c_str(), fmt::format("{}", static_cast<double>(s)).c_str());
      continue;
    }
    const LabelPrediction p = centroids.predict(v);
    const std::string& name = labelled.names[static_cast<std::size_t>(p.label)];
    std::string knn_part, knn_plain;
    if (neighbours) {
      const LabelPrediction k = neighbours->predict(v);
      knn_part = fmt::format(", \"knn_label\": {}, \"knn_votes\": {}", json_string(labelled.names[static_cast<std::size_t>(k.label)]),
                             static_cast<double>(k.score));
      knn_plain = fmt::format("  {}-NN: {} ({:.0f}% of the votes)", knn, labelled.names[static_cast<std::size_t>(k.label)], 100.0 * k.score);
    }
    if (plain)
      std::printf("%s  %s  score %.4f  margin %.4f%s\n", id.c_str(), name.c_str(), static_cast<double>(p.score),
                  static_cast<double>(p.margin), knn_plain.c_str());
    else
      std::printf("{\"id\": %s, \"label\": %s, \"score\": %s, \"margin\": %s%s}\n", json_string(id).c_str(),
                  json_string(name).c_str(), fmt::format("{}", static_cast<double>(p.score)).c_str(),
                  fmt::format("{}", static_cast<double>(p.margin)).c_str(), knn_part.c_str());
  }
  return 0;
}

namespace {
const bool registered = register_command({"classify", "label texts by the nearest label centroid of a collection (or k-NN)", 54, run_classify});
}  // namespace

}  // namespace wordvec::cli
