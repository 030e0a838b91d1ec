// `wordvec related`: the top-N related items of every item of a collection, into the similarities table.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "database_option.hpp"
#include "options.hpp"
#include "wordvec/collections/collection_analysis.hpp"
#include "wordvec/collections/collection_store.hpp"
#include "wordvec/core/error.hpp"

namespace wordvec::cli {

namespace {

std::int32_t row_of(const CollectionRows& rows, const std::string& id) {
  const auto it = std::lower_bound(rows.ids.begin(), rows.ids.end(), id);
  return it != rows.ids.end() && *it == id ? static_cast<std::int32_t>(it - rows.ids.begin()) : -1;
}

int run_related(int argc, char** argv) {
  std::string collection, database;
  std::size_t topn = 10;
  bool only_new = false, quiet = false;
  int threads = default_threads();
  po::options_description opts("related options");
  opts.add_options()
      ("number,n", po::value(&topn)->default_value(10), "related items per item")
      ("only-new", po::bool_switch(&only_new), "recompute only items added or changed since the last run, and the items whose lists they enter or leave")
      ("threads", po::value(&threads)->default_value(threads), "threads")
      ("quiet,q", po::bool_switch(&quiet), "no summary on stderr");
  add_database_option(opts, database);
  po::options_description hidden;
  hidden.add_options()("collection", po::value(&collection)->required(), "collection");
  po::positional_options_description positional;
  positional.add("collection", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv,
                          "usage: wordvec related COLLECTION [-n 10] [--only-new] [-d DB]\n\n"
                          "Writes the N most similar items (cosine) of every item into the table\n"
                          "similarities(collection_id, id, other_id, score).",
                          opts, positional, hidden, vm))
    return 0;
  require_option(topn >= 1, "number", "at least 1", topn);
  CollectionStore store(database_path(database), false);
  const std::int64_t cid = store.require(collection);
  const auto started = static_cast<std::int64_t>(std::time(nullptr));
  const CollectionRows rows = store.load(cid, false, false);
  if (rows.ids.size() < 2) throw DataError(fmt::format("collection '{}' has {} items: nothing to relate", collection, rows.ids.size()));

  std::vector<std::int32_t> which;  // empty: every item
  if (only_new) {
    std::vector<std::int32_t> changed;
    for (const auto& id : store.updated_since(cid, store.related_time(cid))) changed.push_back(row_of(rows, id));
    std::vector<std::vector<std::pair<std::int32_t, float>>> stored(rows.ids.size());
    for (const auto& [id, list] : store.all_similarities(cid)) {
      const auto r = row_of(rows, id);
      if (r < 0) continue;
      for (const auto& [other, score] : list) stored[static_cast<std::size_t>(r)].emplace_back(row_of(rows, other), static_cast<float>(score));
    }
    which = rows_to_relate(rows, changed, stored, topn);
    if (which.empty()) {
      if (!quiet) std::fprintf(stderr, "collection '%s': nothing changed since the last run\n", collection.c_str());
      return 0;
    }
  }
  const auto similar = related_items(rows, which, topn, threads);
  std::vector<std::string> ids;
  for (auto r : which) ids.push_back(rows.ids[static_cast<std::size_t>(r)]);
  StoreTransaction tx(store);
  store.replace_similarities(cid, ids, similar);
  store.set_related_time(cid, started);
  tx.commit();
  if (!quiet)
    std::fprintf(stderr, "collection '%s': related items of %zu of %zu items written (%zu rows in similarities)\n",
                 collection.c_str(), which.empty() ? rows.ids.size() : which.size(), rows.ids.size(), similar.size());
  return 0;
}

const bool registered = register_command({"related", "top-N related items of every item of a collection (similarities table)", 52, run_related});

}  // namespace

}  // namespace wordvec::cli
