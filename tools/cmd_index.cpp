// `wordvec index`: an HNSW graph for approximate search (`similar --ann`), for a collection (a file
// beside the database, recorded with the collection's fingerprint) or for a vector file (a sidecar file).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "outputs.hpp"
#include "collection_commands.hpp"
#include "command.hpp"
#include "database_option.hpp"
#include "options.hpp"
#include "wordvec/collections/collection_store.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/io/format.hpp"
#include "wordvec/query/ann_index.hpp"
#include "wordvec/query/metric_search.hpp"

namespace wordvec::cli {

std::string vector_index_path(const std::string& vectors, Metric metric) {
  return fmt::format("{}.{}.hnsw", vectors, metric_name(metric));
}

std::string collection_index_path(const std::string& database, std::int64_t collection, Metric metric) {
  return fmt::format("{}.{}.{}.hnsw", database, collection, metric_name(metric));
}

namespace {

int run_index(int argc, char** argv) {
  std::string target, database, metric_text = "cosine";
  AnnOptions ann;
  ann.threads = default_threads();
  bool quiet = false;
  po::options_description opts("index options");
  opts.add_options()
      ("metric", po::value(&metric_text)->default_value("cosine"), "cosine, dot or euclidean: the metric `similar --ann --metric` will use")
      ("m", po::value(&ann.m)->default_value(ann.m), "links per node (HNSW's M)")
      ("ef-construction", po::value(&ann.ef_construction)->default_value(ann.ef_construction), "candidates while building")
      ("threads", po::value(&ann.threads)->default_value(ann.threads), "building threads")
      ("quiet,q", po::bool_switch(&quiet), "no summary on stderr");
  add_database_option(opts, database);
  po::options_description hidden;
  hidden.add_options()("target", po::value(&target)->required(), "collection or vector file");
  po::positional_options_description positional;
  positional.add("target", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv,
                          "usage: wordvec index (COLLECTION [-d DB] | VECTORS) [--metric cosine|dot|euclidean] [--m 16] [--ef-construction 200]\n\n"
                          "Builds an HNSW graph (hnswlib) for `wordvec similar ... --ann`: for a collection, a file beside the\n"
                          "database (DB.<id>.<metric>.hnsw), out of date once the collection changes; for a vector file, the\n"
                          "sidecar VECTORS.<metric>.hnsw.",
                          opts, positional, hidden, vm))
    return 0;
  ann.validate();
  const Metric metric = parse_metric(metric_text);
  if (!ann_available()) throw DataError("this wordvec was built without hnswlib (libhnswlib-dev): no approximate index");
  using Clock = std::chrono::steady_clock;
  std::error_code ec;
  const bool is_file = std::filesystem::is_regular_file(target, ec) && !vm.count("database");
  const auto t0 = Clock::now();
  if (is_file) {
    const Embeddings emb = read_embeddings(target, read_options("index"));
    const auto t1 = Clock::now();
    const AnnIndex index = AnnIndex::build(emb.vectors(), metric, ann);
    const std::string path = vector_index_path(target, metric);
    index.save(path, stop_token());
    if (!quiet)
      std::fprintf(stderr, "%s: HNSW (%s, M %d, ef_construction %d) over %zu x %zu built in %.2f s (loading %.2f s)\n", path.c_str(),
                   metric_text.c_str(), ann.m, ann.ef_construction, emb.size(), emb.dim(),
                   std::chrono::duration<double>(Clock::now() - t1).count(), std::chrono::duration<double>(t1 - t0).count());
    return 0;
  }
  const std::string db = database_path(database);
  CollectionStore store(db, false);
  const std::int64_t cid = store.require(target);
  const CollectionRows rows = store.load(cid, false, false);
  const std::string fingerprint = store.fingerprint(cid);
  const auto t1 = Clock::now();
  const AnnIndex index = AnnIndex::build(rows.vectors, metric, ann);
  const std::string path = collection_index_path(db, cid, metric);
  index.save(path, stop_token());
  store.set_index(cid, metric_name(metric), path, fingerprint);
  if (!quiet)
    std::fprintf(stderr, "%s: HNSW (%s) over the %zu items of '%s' built in %.2f s\n", path.c_str(), metric_text.c_str(),
                 rows.ids.size(), target.c_str(), std::chrono::duration<double>(Clock::now() - t1).count());
  return 0;
}

const bool registered = register_command({"index", "HNSW index of a collection or vector file for similar --ann", 53, run_index});

}  // namespace

}  // namespace wordvec::cli
