#include "wordvec/collections/collection_store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "collections/digest.hpp"
#include "wordvec/core/error.hpp"

namespace wordvec {

namespace {

// A prepared statement, finalised on scope exit; errors name the database.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::filesystem::path& path) : db_(db), path_(path) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail("prepare");
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& bind(int i, std::int64_t v) {
    check(sqlite3_bind_int64(stmt_, i, v));
    return *this;
  }
  Statement& bind(int i, double v) {
    check(sqlite3_bind_double(stmt_, i, v));
    return *this;
  }
  Statement& bind(int i, const std::string& v) {
    check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    return *this;
  }
  /// Ready to run again with new bindings.
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  /// True while there is a row.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail("step");
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  /// The text of a column, valid until the next step.
  std::string_view text_view(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  /// A 16-byte blob column as a content hash (zeros when it is not 16 bytes).
  ContentHash hash(int col) const {
    ContentHash h{};
    const auto [p, n] = blob(col);
    if (p && n == h.size()) std::memcpy(h.data(), p, n);
    return h;
  }
  Statement& bind(int i, const ContentHash& h) {
    check(sqlite3_bind_blob(stmt_, i, h.data(), static_cast<int>(h.size()), SQLITE_TRANSIENT));
    return *this;
  }
  std::pair<const void*, std::size_t> blob(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail("bind");
  }
  [[noreturn]] void fail(const char* what) {
    throw IoError(fmt::format("{}: {} failed: {}", path_.string(), what, sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  const std::filesystem::path& path_;
  sqlite3_stmt* stmt_ = nullptr;
};

// llm's tables after its five migrations (sqlite-utils' own spelling, so `.schema` reads as llm's).
constexpr const char* kLlmSchema = R"sql(
CREATE TABLE [collections] (
   [id] INTEGER PRIMARY KEY,
   [name] TEXT,
   [model] TEXT
);
CREATE UNIQUE INDEX [idx_collections_name]
    ON [collections] ([name]);
CREATE TABLE "embeddings" (
   [collection_id] INTEGER REFERENCES [collections]([id]),
   [id] TEXT,
   [embedding] BLOB,
   [content] TEXT,
   [content_blob] BLOB,
   [content_hash] BLOB,
   [metadata] TEXT,
   [updated] INTEGER,
   PRIMARY KEY ([collection_id], [id])
);
CREATE INDEX [idx_embeddings_content_hash]
    ON [embeddings] ([content_hash]);
)sql";

constexpr const char* kLlmMigrations[] = {"m001_create_tables", "m002_foreign_key", "m003_add_updated",
                                          "m004_store_content_hash", "m005_add_content_blob"};

// Our tables: the model of each collection (and when `related` last ran), and openai-to-sqlite's similarities.
constexpr const char* kWordvecSchema = R"sql(
CREATE TABLE IF NOT EXISTS [wordvec_models] (
   [collection_id] INTEGER PRIMARY KEY REFERENCES [collections]([id]),
   [vectors] TEXT,
   [sha256] TEXT,
   [file_size] INTEGER,
   [file_mtime] INTEGER,
   [dim] INTEGER,
   [tokenizer] TEXT,
   [sif_a] REAL,
   [counts] TEXT,
   [lowercase] INTEGER,
   [normalize_words] INTEGER,
   [related_time] INTEGER
);
CREATE TABLE IF NOT EXISTS [wordvec_indexes] (
   [collection_id] INTEGER REFERENCES [collections]([id]),
   [metric] TEXT,
   [path] TEXT,
   [fingerprint] TEXT,
   PRIMARY KEY ([collection_id], [metric])
);
CREATE TABLE IF NOT EXISTS [wordvec_unembedded] (
   [collection_id] INTEGER REFERENCES [collections]([id]),
   [id] TEXT,
   [content_hash] BLOB,
   PRIMARY KEY ([collection_id], [id])
);
CREATE TABLE IF NOT EXISTS [similarities] (
   [collection_id] INTEGER REFERENCES [collections]([id]),
   [id] TEXT,
   [other_id] TEXT,
   [score] FLOAT,
   PRIMARY KEY ([collection_id], [id], [other_id])
);
)sql";

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}+00:00", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, us);
}

std::string blob_bytes(const float* v, std::size_t dim) {
  std::string out(dim * 4, '\0');
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(out.data(), v, dim * 4);
  } else {
    for (std::size_t i = 0; i < dim; ++i) {
      const auto u = std::bit_cast<std::uint32_t>(v[i]);
      for (int b = 0; b < 4; ++b) out[4 * i + static_cast<std::size_t>(b)] = static_cast<char>(u >> (8 * b));
    }
  }
  return out;
}

void read_blob(const void* p, std::size_t dim, float* out) {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(out, p, dim * 4);
  } else {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < dim; ++i) {
      std::uint32_t u = 0;
      for (int k = 0; k < 4; ++k) u |= static_cast<std::uint32_t>(b[4 * i + static_cast<std::size_t>(k)]) << (8 * k);
      out[i] = std::bit_cast<float>(u);
    }
  }
}

}  // namespace

std::filesystem::path default_database_path() {
  if (const char* db = std::getenv("WORDVEC_DB"); db && *db) return db;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "wordvec" / "embeddings.db";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : ".") / ".local" / "share" / "wordvec" / "embeddings.db";
}

std::string CollectionModel::llm_name() const { return "wordvec/" + std::filesystem::path(vectors).filename().string(); }

std::string CollectionModel::describe() const {
  std::string s = fmt::format("{} (sha256 {}, dim {}, tokenizer {}", vectors, sha256.substr(0, 12), dim, tokenizer);
  if (sif_a > 0) s += fmt::format(", SIF a={} p(w) from {}", sif_a, counts);
  if (lowercase) s += ", lowercase";
  if (normalize_words) s += ", unit word vectors";
  return s + ")";
}

bool CollectionModel::same_embedding(const CollectionModel& o) const {
  return sha256 == o.sha256 && dim == o.dim && tokenizer == o.tokenizer && sif_a == o.sif_a &&
         (sif_a == 0 || counts == o.counts) && lowercase == o.lowercase && normalize_words == o.normalize_words;
}

ContentHash content_hash(std::string_view content) { return md5(content); }

CollectionStore::CollectionStore(const std::filesystem::path& database, bool create) : path_(database) {
  if (!create && !std::filesystem::exists(database))
    throw IoError(fmt::format("{}: no such database (embed-multi creates it)", database.string()));
  if (create && database.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(database.parent_path(), ec);
  }
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(database.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw IoError(fmt::format("{}: cannot open the database: {}", database.string(), msg));
  }
  sqlite3_busy_timeout(db_, 10000);
  try {
    // WAL: a reader never blocks the writer, and a killed writer leaves only committed transactions.
    // synchronous=NORMAL in WAL mode: a crash may lose the last commits, never the database's integrity.
    // A 64 MB page cache keeps the indexes of a large batch in memory instead of re-reading them;
    // reads through a memory map skip a copy per page.
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; "
         "PRAGMA mmap_size=1073741824;");
    migrate();
  } catch (const IoError& e) {
    const int code = sqlite3_errcode(db_);
    sqlite3_close(db_);
    db_ = nullptr;
    if (code == SQLITE_NOTADB) throw FormatError(fmt::format("{}: not a SQLite database", database.string()));
    throw;
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

CollectionStore::~CollectionStore() {
  sqlite3_finalize(put_);
  sqlite3_close(db_);
}

void CollectionStore::exec(const char* sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw IoError(fmt::format("{}: {}", path_.string(), msg));
  }
}

void CollectionStore::migrate() {
  StoreTransaction tx(*this);
  auto has_table = [&](const char* name) {
    Statement q(db_, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", path_);
    q.bind(1, std::string(name));
    return q.step();
  };
  // sqlite-migrate's bookkeeping table, as llm creates it.
  if (!has_table("_sqlite_migrations"))
    exec("CREATE TABLE [_sqlite_migrations] (\n   [migration_set] TEXT,\n   [name] TEXT,\n   [applied_at] TEXT,\n"
         "   PRIMARY KEY ([migration_set], [name])\n);");
  if (!has_table("collections") && !has_table("embeddings")) {
    exec(kLlmSchema);
  } else {
    Statement cols(db_, "SELECT name FROM pragma_table_info('embeddings')", path_);
    std::vector<std::string> names;
    while (cols.step()) names.push_back(cols.text(0));
    for (const char* c : {"collection_id", "id", "embedding", "content", "content_blob", "content_hash", "metadata", "updated"})
      if (std::find(names.begin(), names.end(), c) == names.end())
        throw FormatError(fmt::format("{}: table embeddings has no column {} (a database of an older llm: "
                                      "open it once with a current llm to upgrade it)", path_.string(), c));
  }
  for (const char* m : kLlmMigrations) {
    Statement ins(db_, "INSERT OR IGNORE INTO [_sqlite_migrations] (migration_set, name, applied_at) VALUES ('llm.embeddings', ?, ?)", path_);
    ins.bind(1, std::string(m)).bind(2, utc_now());
    ins.step();
  }
  exec(kWordvecSchema);
  tx.commit();
}

std::optional<std::int64_t> CollectionStore::find(const std::string& name) const {
  Statement q(db_, "SELECT id FROM collections WHERE name = ?", path_);
  q.bind(1, name);
  if (!q.step()) return std::nullopt;
  return q.integer(0);
}

std::vector<std::pair<std::string, std::size_t>> CollectionStore::collections() const {
  Statement q(db_, "SELECT c.name, (SELECT count(*) FROM embeddings e WHERE e.collection_id = c.id) FROM collections c ORDER BY c.name", path_);
  std::vector<std::pair<std::string, std::size_t>> out;
  while (q.step()) out.emplace_back(q.text(0), static_cast<std::size_t>(q.integer(1)));
  return out;
}

std::int64_t CollectionStore::require(const std::string& name) const {
  if (auto id = find(name)) return *id;
  std::string names;
  for (const auto& [n, size] : collections()) names += fmt::format("{}{} ({} items)", names.empty() ? "" : ", ", n, size);
  throw DataError(fmt::format("{}: no collection '{}' ({})", path_.string(), name,
                              names.empty() ? "the database has none" : "there are: " + names));
}

std::int64_t CollectionStore::open_collection(const std::string& name, const CollectionModel& model) {
  if (auto id = find(name)) {
    const CollectionModel existing = this->model(*id);
    if (!existing.same_embedding(model))
      throw DataError(fmt::format("{}: collection '{}' was embedded with {}, not with {}", path_.string(), name,
                                  existing.describe(), model.describe()));
    return *id;
  }
  StoreTransaction tx(*this);
  Statement ins(db_, "INSERT INTO collections (name, model) VALUES (?, ?)", path_);
  ins.bind(1, name).bind(2, model.llm_name());
  ins.step();
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  Statement m(db_,
              "INSERT INTO wordvec_models (collection_id, vectors, sha256, file_size, file_mtime, dim, tokenizer, sif_a, "
              "counts, lowercase, normalize_words, related_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
              path_);
  m.bind(1, id).bind(2, model.vectors).bind(3, model.sha256).bind(4, static_cast<std::int64_t>(model.file_size));
  m.bind(5, model.file_mtime).bind(6, static_cast<std::int64_t>(model.dim)).bind(7, model.tokenizer).bind(8, model.sif_a);
  m.bind(9, model.counts).bind(10, std::int64_t{model.lowercase}).bind(11, std::int64_t{model.normalize_words});
  m.step();
  tx.commit();
  return id;
}

CollectionModel CollectionStore::model(std::int64_t collection) const {
  Statement q(db_,
              "SELECT vectors, sha256, file_size, file_mtime, dim, tokenizer, sif_a, counts, lowercase, normalize_words "
              "FROM wordvec_models WHERE collection_id = ?",
              path_);
  q.bind(1, collection);
  if (!q.step()) {
    Statement n(db_, "SELECT name, model FROM collections WHERE id = ?", path_);
    n.bind(1, collection);
    const bool found = n.step();
    throw DataError(fmt::format("{}: collection '{}' was embedded with {}, which wordvec cannot run (it records no "
                                "wordvec model)", path_.string(), found ? n.text(0) : "?", found ? n.text(1) : "?"));
  }
  CollectionModel m;
  m.vectors = q.text(0);
  m.sha256 = q.text(1);
  m.file_size = static_cast<std::uint64_t>(q.integer(2));
  m.file_mtime = q.integer(3);
  m.dim = static_cast<std::size_t>(q.integer(4));
  m.tokenizer = q.text(5);
  m.sif_a = q.real(6);
  m.counts = q.text(7);
  m.lowercase = q.integer(8) != 0;
  m.normalize_words = q.integer(9) != 0;
  return m;
}

void CollectionStore::visit_hashes(std::int64_t collection, const HashVisitor& visit) const {
  // No index holds both the id and the hash, and the table's rows are mostly their vectors: instead of
  // reading the whole table, read the two indexes llm's schema has, content_hash -> rowid (into a
  // flat array by rowid) and then (collection_id, id) -> rowid, a tenth of the table's pages.
  // `rowid` (not an alias of a column in this schema) is the key of both.
  auto read_table = [&] {
    Statement q(db_, "SELECT id, content_hash FROM embeddings WHERE collection_id = ?", path_);
    q.bind(1, collection);
    while (q.step()) visit(q.text_view(0), q.hash(1));
  };
  {
    Statement q(db_, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'idx_embeddings_content_hash' "
                     "AND tbl_name = 'embeddings'", path_);
    if (!q.step()) return read_table();  // a database without llm's index
  }
  // (Three queries: min() and max() together, or with count(), would scan the table.)
  auto one = [&](const char* sql) {
    Statement q(db_, sql, path_);
    return q.step() ? std::optional<std::int64_t>(q.integer(0)) : std::nullopt;
  };
  const auto low = one("SELECT rowid FROM embeddings ORDER BY rowid LIMIT 1");
  if (!low) return;
  const std::int64_t first = *low, last = one("SELECT rowid FROM embeddings ORDER BY rowid DESC LIMIT 1").value_or(first);
  const std::int64_t rows = one("SELECT count(*) FROM embeddings").value_or(0);
  // Every collection's rows are in the hash index: the array spans the table's rowids, which stay dense
  // unless many rows were deleted; past 4 slots per row, read the table instead.
  if (last - first >= 4 * rows + 4096) return read_table();
  std::vector<ContentHash> by_rowid(static_cast<std::size_t>(last - first + 1), ContentHash{});
  {
    Statement q(db_, "SELECT rowid, content_hash FROM embeddings INDEXED BY idx_embeddings_content_hash", path_);
    while (q.step()) {
      const std::int64_t rowid = q.integer(0);
      if (rowid >= first && rowid <= last) by_rowid[static_cast<std::size_t>(rowid - first)] = q.hash(1);
    }
  }
  Statement q(db_, "SELECT rowid, id FROM embeddings WHERE collection_id = ?", path_);
  q.bind(1, collection);
  while (q.step()) {
    const std::int64_t rowid = q.integer(0);
    if (rowid >= first && rowid <= last) visit(q.text_view(1), by_rowid[static_cast<std::size_t>(rowid - first)]);
  }
}

std::unordered_map<std::string, ContentHash> CollectionStore::hashes(std::int64_t collection) const {
  std::unordered_map<std::string, ContentHash> out;
  visit_hashes(collection, [&](std::string_view id, const ContentHash& h) { out.emplace(id, h); });
  return out;
}

void CollectionStore::visit_unembedded(std::int64_t collection, const HashVisitor& visit) const {
  Statement q(db_, "SELECT id, content_hash FROM wordvec_unembedded WHERE collection_id = ?", path_);
  q.bind(1, collection);
  while (q.step()) visit(q.text_view(0), q.hash(1));
}

void CollectionStore::put_unembedded(std::int64_t collection, const std::string& id, const ContentHash& hash) {
  Statement q(db_, "INSERT OR REPLACE INTO wordvec_unembedded (collection_id, id, content_hash) VALUES (?, ?, ?)", path_);
  q.bind(1, collection).bind(2, id).bind(3, hash);
  q.step();
}

std::size_t CollectionStore::count(std::int64_t collection) const {
  Statement q(db_, "SELECT count(*) FROM embeddings WHERE collection_id = ?", path_);
  q.bind(1, collection);
  q.step();
  return static_cast<std::size_t>(q.integer(0));
}

void CollectionStore::begin() { exec("BEGIN IMMEDIATE"); }
void CollectionStore::commit() { exec("COMMIT"); }
void CollectionStore::rollback() noexcept {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void CollectionStore::put(std::int64_t collection, const StoredItem& item, std::int64_t updated) {
  if (!put_ &&
      sqlite3_prepare_v2(db_,
                         "INSERT OR REPLACE INTO embeddings (collection_id, id, embedding, content, content_hash, "
                         "metadata, updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         -1, &put_, nullptr) != SQLITE_OK)
    throw IoError(fmt::format("{}: prepare failed: {}", path_.string(), sqlite3_errmsg(db_)));
  // Every value is bound without a copy (SQLITE_STATIC): they outlive the step, and the bindings are
  // cleared before returning. On a little-endian machine the floats are the blob's bytes already.
  std::string swapped;
  const void* blob = item.embedding;
  if constexpr (std::endian::native != std::endian::little) {
    swapped = blob_bytes(item.embedding, item.dim);
    blob = swapped.data();
  }
  sqlite3_bind_int64(put_, 1, collection);
  sqlite3_bind_text(put_, 2, item.id.data(), static_cast<int>(item.id.size()), SQLITE_STATIC);
  sqlite3_bind_blob(put_, 3, blob, static_cast<int>(item.dim * 4), SQLITE_STATIC);
  if (item.content) sqlite3_bind_text(put_, 4, item.content->data(), static_cast<int>(item.content->size()), SQLITE_STATIC);
  else sqlite3_bind_null(put_, 4);
  sqlite3_bind_blob(put_, 5, item.hash.data(), static_cast<int>(item.hash.size()), SQLITE_STATIC);
  if (item.metadata) sqlite3_bind_text(put_, 6, item.metadata->data(), static_cast<int>(item.metadata->size()), SQLITE_STATIC);
  else sqlite3_bind_null(put_, 6);
  sqlite3_bind_int64(put_, 7, updated);
  const int rc = sqlite3_step(put_);
  sqlite3_reset(put_);
  sqlite3_clear_bindings(put_);
  if (rc != SQLITE_DONE)
    throw IoError(fmt::format("{}: writing item '{}' failed: {}", path_.string(), item.id, sqlite3_errmsg(db_)));
}

CollectionRows CollectionStore::load(std::int64_t collection, bool with_content, bool with_metadata) const {
  CollectionRows rows;
  const std::size_t n = count(collection);
  Statement q(db_, "SELECT id, embedding, content, metadata, updated FROM embeddings WHERE collection_id = ? ORDER BY id", path_);
  q.bind(1, collection);
  std::size_t dim = 0;
  std::size_t i = 0;
  rows.ids.reserve(n);
  while (q.step()) {
    const auto [p, bytes] = q.blob(1);
    if (i == 0) {
      dim = bytes / 4;
      rows.vectors.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(dim));
    }
    if (bytes != dim * 4 || dim == 0 || i >= n)
      throw FormatError(fmt::format("{}: item '{}': embedding of {} bytes, expected {} (4 per float)", path_.string(),
                                    q.text(0), bytes, dim * 4));
    read_blob(p, dim, rows.vectors.row(static_cast<Eigen::Index>(i)).data());
    rows.ids.push_back(q.text(0));
    if (with_content) rows.content.push_back(q.is_null(2) ? std::nullopt : std::optional<std::string>(q.text(2)));
    if (with_metadata) rows.metadata.push_back(q.is_null(3) ? std::nullopt : std::optional<std::string>(q.text(3)));
    rows.updated.push_back(q.integer(4));
    ++i;
  }
  rows.vectors.conservativeResize(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(dim));
  return rows;
}

std::pair<std::optional<std::string>, std::optional<std::string>> CollectionStore::details(std::int64_t collection,
                                                                                          const std::string& id) const {
  Statement q(db_, "SELECT content, metadata FROM embeddings WHERE collection_id = ? AND id = ?", path_);
  q.bind(1, collection).bind(2, id);
  if (!q.step()) return {};
  return {q.is_null(0) ? std::nullopt : std::optional<std::string>(q.text(0)),
          q.is_null(1) ? std::nullopt : std::optional<std::string>(q.text(1))};
}

std::vector<std::string> CollectionStore::updated_since(std::int64_t collection, std::int64_t since) const {
  Statement q(db_, "SELECT id FROM embeddings WHERE collection_id = ? AND updated >= ? ORDER BY id", path_);
  q.bind(1, collection).bind(2, since);
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.text(0));
  return out;
}

void CollectionStore::replace_similarities(std::int64_t collection, const std::vector<std::string>& ids,
                                           const std::vector<Similarity>& rows) {
  if (ids.empty()) {
    Statement del(db_, "DELETE FROM similarities WHERE collection_id = ?", path_);
    del.bind(1, collection);
    del.step();
  } else {
    Statement del(db_, "DELETE FROM similarities WHERE collection_id = ? AND id = ?", path_);
    for (const auto& id : ids) {
      del.reset();
      del.bind(1, collection).bind(2, id);
      del.step();
    }
  }
  Statement ins(db_, "INSERT OR REPLACE INTO similarities (collection_id, id, other_id, score) VALUES (?, ?, ?, ?)", path_);
  for (const auto& r : rows) {
    ins.reset();
    ins.bind(1, collection).bind(2, r.id).bind(3, r.other_id).bind(4, r.score);
    ins.step();
  }
}

std::unordered_map<std::string, std::vector<std::pair<std::string, double>>> CollectionStore::all_similarities(
    std::int64_t collection) const {
  Statement q(db_, "SELECT id, other_id, score FROM similarities WHERE collection_id = ? ORDER BY id, score DESC", path_);
  q.bind(1, collection);
  std::unordered_map<std::string, std::vector<std::pair<std::string, double>>> out;
  while (q.step()) out[q.text(0)].emplace_back(q.text(1), q.real(2));
  return out;
}

std::vector<Similarity> CollectionStore::similarities(std::int64_t collection, const std::string& id) const {
  Statement q(db_, "SELECT id, other_id, score FROM similarities WHERE collection_id = ? AND id = ? ORDER BY score DESC", path_);
  q.bind(1, collection).bind(2, id);
  std::vector<Similarity> out;
  while (q.step()) out.push_back({q.text(0), q.text(1), q.real(2)});
  return out;
}

std::string CollectionStore::fingerprint(std::int64_t collection) const {
  Statement q(db_, "SELECT id, content_hash FROM embeddings WHERE collection_id = ? ORDER BY id", path_);
  q.bind(1, collection);
  std::string all;
  while (q.step()) {
    all += q.text(0);
    all += '\0';
    const auto [p, n] = q.blob(1);
    if (p) all.append(static_cast<const char*>(p), n);
  }
  const auto h = md5(all);
  return to_hex(h.data(), h.size());
}

void CollectionStore::set_index(std::int64_t collection, const std::string& metric, const std::string& path,
                                const std::string& fingerprint) {
  Statement q(db_, "INSERT OR REPLACE INTO wordvec_indexes (collection_id, metric, path, fingerprint) VALUES (?, ?, ?, ?)", path_);
  q.bind(1, collection).bind(2, metric).bind(3, path).bind(4, fingerprint);
  q.step();
}

std::optional<std::pair<std::string, std::string>> CollectionStore::index_record(std::int64_t collection,
                                                                                 const std::string& metric) const {
  Statement q(db_, "SELECT path, fingerprint FROM wordvec_indexes WHERE collection_id = ? AND metric = ?", path_);
  q.bind(1, collection).bind(2, metric);
  if (!q.step()) return std::nullopt;
  return std::make_pair(q.text(0), q.text(1));
}

std::int64_t CollectionStore::related_time(std::int64_t collection) const {
  Statement q(db_, "SELECT related_time FROM wordvec_models WHERE collection_id = ?", path_);
  q.bind(1, collection);
  return q.step() ? q.integer(0) : 0;
}

void CollectionStore::set_related_time(std::int64_t collection, std::int64_t time) {
  Statement q(db_, "UPDATE wordvec_models SET related_time = ? WHERE collection_id = ?", path_);
  q.bind(1, time).bind(2, collection);
  q.step();
}

}  // namespace wordvec
