// `wordvec similar COLLECTION`: the items of a collection closest to a text, a file or a stored item.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "collection_commands.hpp"
#include "command.hpp"
#include "database_option.hpp"
#include "json.hpp"
#include "options.hpp"
#include "wordvec/collections/collection_embedder.hpp"
#include "wordvec/collections/collection_store.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/query/ann_index.hpp"
#include "wordvec/query/metric_search.hpp"

namespace wordvec::cli {

namespace {

std::string read_text(const std::string& path) {
  if (path == "-") return std::string((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open", path));
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

bool names_collection(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    for (const char* opt : {"-c", "--content", "-i", "--input", "-d", "--database", "-n", "--plain", "--number"})
      if (a == opt || a.rfind(std::string(opt) + "=", 0) == 0) return true;
  }
  if (argc < 2 || argv[1][0] == '-') return false;
  // A name that looks like a path (a '/' or a '.') is a vector file, so a missing one is reported as such.
  const std::string first = argv[1];
  std::error_code ec;
  return !std::filesystem::exists(first, ec) && first.find_first_of("/.") == std::string::npos;
}

int run_similar_collection(int argc, char** argv) {
  std::string collection, id, content, input, database, metric_text = "cosine", model;
  std::size_t topn = 10;
  bool plain = false, ann = false;
  std::size_t ef = 0;
  int threads = default_threads();
  po::options_description opts("similar (collection) options");
  opts.add_options()
      ("content,c", po::value(&content), "find items similar to this text")
      ("input,i", po::value(&input), "find items similar to the text of this file ('-' = standard input)")
      ("number,n", po::value(&topn)->default_value(10), "number of results")
      ("metric", po::value(&metric_text)->default_value("cosine"), "cosine, dot or euclidean (reports the distance; smaller = closer)")
      ("model,m", po::value(&model), "the vector file to embed the query with (default: the one the collection records; it must hold the same vectors)")
      ("ann", po::bool_switch(&ann), "approximate search in the HNSW index `wordvec index COLLECTION` built (refused once the collection changed)")
      ("ef", po::value(&ef)->default_value(0), "with --ann: candidates searched (default: 64, at least -n)")
      ("plain", po::bool_switch(&plain), "aligned text for people instead of JSON lines")
      ("threads", po::value(&threads)->default_value(threads), "search threads");
  add_database_option(opts, database);
  po::options_description hidden;
  hidden.add_options()("collection", po::value(&collection)->required(), "collection")("id", po::value(&id), "id");
  po::positional_options_description positional;
  positional.add("collection", 1).add("id", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv,
                          "usage: wordvec similar COLLECTION [ID | -c TEXT | -i FILE] [-n 10] [--metric cosine|dot|euclidean] [--plain] [-d DB]\n\n"
                          "The items of a collection closest to a text, a file or a stored item (which is left out), as llm similar:\n"
                          "one JSON object per line {\"id\", \"score\", \"content\", \"metadata\"}.\n"
                          "(wordvec similar VECTORS WORD... queries a vector file instead.)",
                          opts, positional, hidden, vm))
    return 0;
  const int given = !id.empty() + vm.count("content") + vm.count("input");
  require_option(given == 1, "content", "exactly one of ID, -c TEXT, -i FILE", fmt::format("{} of them", given));
  require_option(topn >= 1, "number", "at least 1", topn);
  const Metric metric = parse_metric(metric_text);

  CollectionStore store(database_path(database), false);
  const std::int64_t cid = store.require(collection);
  const CollectionRows rows = store.load(cid, false, false);
  if (rows.ids.empty()) throw DataError(fmt::format("collection '{}' is empty", collection));
  Matrix query(1, rows.vectors.cols());
  std::vector<std::vector<std::int32_t>> exclude;
  if (!id.empty()) {
    const auto it = std::lower_bound(rows.ids.begin(), rows.ids.end(), id);
    if (it == rows.ids.end() || *it != id) throw DataError(fmt::format("collection '{}' has no item '{}'", collection, id));
    const auto row = static_cast<std::int32_t>(it - rows.ids.begin());
    query.row(0) = rows.vectors.row(row);
    exclude.push_back({row});
  } else {
    const TextEmbedder embedder = TextEmbedder::from_record(store.model(cid), model, stop_token());
    const std::string text = vm.count("content") ? content : read_text(input);
    Eigen::VectorXf v(static_cast<Eigen::Index>(embedder.dim()));
    if (!embedder.embed(text, v))
      throw DataError(fmt::format("{}: no word of the query has a vector", vm.count("content") ? "-c" : input));
    query.row(0) = v.transpose();
  }
  std::vector<ScoredRow> found;
  if (ann) {
    const auto record = store.index_record(cid, metric_name(metric));
    if (!record)
      throw DataError(fmt::format("collection '{}' has no {} index: run 'wordvec index {} --metric {}' first", collection,
                                  metric_name(metric), collection, metric_name(metric)));
    if (record->second != store.fingerprint(cid))
      throw DataError(fmt::format("{}: the index is out of date (the collection changed since): run 'wordvec index {} --metric {}' again",
                                  record->first, collection, metric_name(metric)));
    const AnnIndex index = AnnIndex::load(record->first, static_cast<std::size_t>(rows.vectors.cols()), metric);
    found = index.search(query, topn, exclude, threads, ef)[0];
  } else {
    const ExactSearch search(rows.vectors, metric);
    found = search.search(query, topn, exclude, threads)[0];
  }
  for (const auto& r : found) {
    const std::string& item = rows.ids[static_cast<std::size_t>(r.row)];
    const auto [text, meta] = store.details(cid, item);
    if (plain) {
      std::string shown = text ? *text : "";
      for (auto& ch : shown)
        if (ch == '\n' || ch == '\t') ch = ' ';
      if (shown.size() > 100) shown = shown.substr(0, 100) + "...";
      std::printf("%.4f  %s%s%s\n", static_cast<double>(r.score), item.c_str(), shown.empty() ? "" : "  ", shown.c_str());
    } else {
      std::printf("{\"id\": %s, \"score\": %s, \"content\": %s, \"metadata\": %s}\n", json_string(item).c_str(),
                  fmt::format("{}", static_cast<double>(r.score)).c_str(), text ? json_string(*text).c_str() : "null",
                  meta ? meta->c_str() : "null");
    }
  }
  return 0;
}

}  // namespace wordvec::cli
