#include "database_option.hpp"

#include "wordvec/collections/collection_store.hpp"

namespace wordvec::cli {

void add_database_option(po::options_description& opts, std::string& database) {
  opts.add_options()("database,d", po::value(&database),
                     ("SQLite database of the collections (llm's schema); default: $WORDVEC_DB, else "
                      "$XDG_DATA_HOME/wordvec/embeddings.db, else ~/.local/share/wordvec/embeddings.db (here: " +
                      default_database_path().string() + ")")
                         .c_str());
}

std::string database_path(const std::string& given) { return given.empty() ? default_database_path().string() : given; }

}  // namespace wordvec::cli
