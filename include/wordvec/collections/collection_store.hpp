#pragma once
// Document collections in a SQLite database with llm's schema (collections, embeddings and the
// _sqlite_migrations rows of its "llm.embeddings" set), so sqlite3, Datasette, sqlite-utils and llm
// itself can read what we write; our own table wordvec_models records how each collection was embedded.
#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "wordvec/core/eigen.hpp"
#include "wordvec/embeddings/embeddings.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace wordvec {

/// The database used when none is given: $WORDVEC_DB, else $XDG_DATA_HOME/wordvec/embeddings.db,
/// else ~/.local/share/wordvec/embeddings.db.
std::filesystem::path default_database_path();

/// How a collection's vectors were made: the same model must embed its queries.
struct CollectionModel {
  std::string vectors;         ///< absolute path of the word-vector file
  std::string sha256;          ///< SHA-256 of that file
  std::uint64_t file_size = 0; ///< its size in bytes when recorded
  std::int64_t file_mtime = 0; ///< its modification time (ns since the epoch) when recorded
  std::size_t dim = 0;         ///< vector size
  std::string tokenizer;       ///< tokenizer settings, e.g. "words lowercase=1 punctuation=1"
  double sif_a = 0.0;          ///< SIF weight a (0: plain mean)
  std::string counts;          ///< where SIF's p(w) came from: "vocab", "rank" or a count file
  bool lowercase = false;      ///< words looked up in lower case
  bool normalize_words = false;///< word vectors scaled to unit length before averaging
  /// The value of llm's collections.model column: "wordvec/<file name>".
  std::string llm_name() const;
  /// One line naming the file, its digest and the settings, for messages.
  std::string describe() const;
  /// True when both embed text the same way (same file content and settings; paths may differ).
  bool same_embedding(const CollectionModel& other) const;
};

/// The 16-byte MD5 of a document's UTF-8 content (llm's content_hash).
using ContentHash = std::array<std::uint8_t, 16>;
/// MD5 of `content`.
ContentHash content_hash(std::string_view content);

/// One row of the embeddings table, as written.
struct StoredItem {
  std::string id;                       ///< unique within the collection
  const float* embedding = nullptr;     ///< `dim` floats (written little-endian, no header)
  std::size_t dim = 0;
  std::optional<std::string> content;   ///< kept with --store
  ContentHash hash{};                   ///< MD5 of the content
  std::optional<std::string> metadata;  ///< a JSON object
};

/// A collection read back: ids, vectors in one matrix (row i = ids[i]), content and metadata.
struct CollectionRows {
  std::vector<std::string> ids;
  Matrix vectors;
  std::vector<std::optional<std::string>> content;   ///< empty unless asked for
  std::vector<std::optional<std::string>> metadata;  ///< empty unless asked for
  std::vector<std::int64_t> updated;                 ///< unix time of each row's last write
};

/// One entry of the similarities table.
struct Similarity {
  std::string id, other_id;
  double score = 0.0;
};

/// An open database. Not copyable; one per thread.
class CollectionStore {
 public:
  /// Opens (creating when `create`, with its directory) the database, WAL mode, and brings the schema
  /// up to date. Throws IoError when it cannot be opened, FormatError when it is not a database or
  /// holds tables of another shape.
  explicit CollectionStore(const std::filesystem::path& database, bool create = true);
  ~CollectionStore();
  CollectionStore(const CollectionStore&) = delete;
  CollectionStore& operator=(const CollectionStore&) = delete;

  /// The database file.
  const std::filesystem::path& path() const { return path_; }
  /// The id of collection `name`, if there is one.
  std::optional<std::int64_t> find(const std::string& name) const;
  /// The id of collection `name`; throws DataError listing the collections there are.
  std::int64_t require(const std::string& name) const;
  /// Names of every collection with its number of items.
  std::vector<std::pair<std::string, std::size_t>> collections() const;
  /// The collection `name`, created with `model` when new; throws DataError naming both models when it
  /// exists with another one.
  std::int64_t open_collection(const std::string& name, const CollectionModel& model);
  /// The model recorded for a collection; throws DataError when a collection has none (made by llm).
  CollectionModel model(std::int64_t collection) const;
  /// Receives an id (valid during the call) and its content hash.
  using HashVisitor = std::function<void(std::string_view id, const ContentHash& hash)>;
  /// Every item's id and content hash, in no order, without copying them into a map.
  void visit_hashes(std::int64_t collection, const HashVisitor& visit) const;
  /// id -> content hash of every item of a collection.
  std::unordered_map<std::string, ContentHash> hashes(std::int64_t collection) const;
  /// The documents that had no word with a vector when last embedded (id and content hash), so a rerun
  /// over the same content need not load the model to find that out again.
  void visit_unembedded(std::int64_t collection, const HashVisitor& visit) const;
  /// Records that document `id` with content `hash` has no word with a vector; inside a transaction.
  void put_unembedded(std::int64_t collection, const std::string& id, const ContentHash& hash);
  /// Number of items.
  std::size_t count(std::int64_t collection) const;

  /// Starts a transaction (BEGIN IMMEDIATE).
  void begin();
  /// Commits the open transaction; throws IoError.
  void commit();
  /// Rolls the open transaction back (no throw).
  void rollback() noexcept;

  /// Inserts or replaces one item, `updated` = unix time; inside a transaction.
  void put(std::int64_t collection, const StoredItem& item, std::int64_t updated);
  /// Every item of a collection in id order; content and metadata only when asked for.
  /// Throws FormatError for a blob whose size is not dim floats.
  CollectionRows load(std::int64_t collection, bool with_content, bool with_metadata) const;
  /// The content and metadata of one item (nullopt for NULL, or when there is no such item).
  std::pair<std::optional<std::string>, std::optional<std::string>> details(std::int64_t collection, const std::string& id) const;
  /// Items whose `updated` is after `since` (unix time).
  std::vector<std::string> updated_since(std::int64_t collection, std::int64_t since) const;

  /// Replaces the similarities of the items `ids` (all when `ids` is empty) with `rows`; inside a transaction.
  void replace_similarities(std::int64_t collection, const std::vector<std::string>& ids, const std::vector<Similarity>& rows);
  /// Every stored similarity of a collection: id -> (other id, score), best first.
  std::unordered_map<std::string, std::vector<std::pair<std::string, double>>> all_similarities(std::int64_t collection) const;
  /// The stored similarities of `id`, best first.
  std::vector<Similarity> similarities(std::int64_t collection, const std::string& id) const;
  /// The time (unix) `related` last ran on the collection, 0 when never.
  std::int64_t related_time(std::int64_t collection) const;
  /// Records that `related` ran at `time`.
  void set_related_time(std::int64_t collection, std::int64_t time);

  /// MD5 (hex) over every item's id and content hash in id order: changes whenever an item is added,
  /// removed or changed.
  std::string fingerprint(std::int64_t collection) const;
  /// Records the approximate index built for `metric` at `path` over the collection as it was (`fingerprint`).
  void set_index(std::int64_t collection, const std::string& metric, const std::string& path, const std::string& fingerprint);
  /// The recorded index for `metric`: (path, fingerprint), if any.
  std::optional<std::pair<std::string, std::string>> index_record(std::int64_t collection, const std::string& metric) const;

  /// The SQLite handle, for statements this class does not wrap.
  sqlite3* handle() const { return db_; }

 private:
  void exec(const char* sql) const;
  void migrate();
  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* put_ = nullptr;  // the prepared INSERT OR REPLACE of put()
};

/// Rolls back on destruction unless committed: a failed run leaves the database as it was before it.
class StoreTransaction {
 public:
  /// Begins a transaction on `store`.
  explicit StoreTransaction(CollectionStore& store) : store_(store) { store_.begin(); }
  ~StoreTransaction() {
    if (!done_) store_.rollback();
  }
  StoreTransaction(const StoreTransaction&) = delete;
  StoreTransaction& operator=(const StoreTransaction&) = delete;
  /// Commits.
  void commit() {
    store_.commit();
    done_ = true;
  }

 private:
  CollectionStore& store_;
  bool done_ = false;
};

}  // namespace wordvec
