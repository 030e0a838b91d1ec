#pragma once
// The --database/-d option of the collection commands (embed-multi, similar, related, cluster, ...).
#include <string>

#include "options.hpp"

namespace wordvec::cli {

/// Adds -d/--database FILE to `opts`, its help naming the default.
void add_database_option(po::options_description& opts, std::string& database);

/// The database to use: `given`, else $WORDVEC_DB, else the per-user file (XDG data dir).
std::string database_path(const std::string& given);

}  // namespace wordvec::cli
