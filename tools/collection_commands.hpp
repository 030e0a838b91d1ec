#pragma once
// Collection forms of commands that also work on vector files (similar, cluster, reduce).

#include <cstdint>
#include <string>

#include "wordvec/query/metric_search.hpp"

namespace wordvec::cli {

/// True when the arguments of `similar`/`cluster`/`reduce` name a collection rather than a vector file:
/// a collection option is given, or the first argument is not an existing file.
bool names_collection(int argc, char** argv);

/// `wordvec similar COLLECTION [ID] [-c TEXT | -i FILE]`.
int run_similar_collection(int argc, char** argv);

/// `wordvec cluster COLLECTION N`: llm-cluster's JSON.
int run_cluster_collection(int argc, char** argv);

/// `wordvec reduce COLLECTION --svg FILE`: a PCA map of the items.
int run_reduce_collection(int argc, char** argv);

/// The sidecar HNSW index of a vector file for `metric`: VECTORS.<metric>.hnsw.
std::string vector_index_path(const std::string& vectors, Metric metric);
/// The HNSW index file of a collection, beside its database: DB.<collection id>.<metric>.hnsw.
std::string collection_index_path(const std::string& database, std::int64_t collection, Metric metric);

}  // namespace wordvec::cli
