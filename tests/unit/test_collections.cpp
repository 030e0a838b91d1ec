// Collections: digests against published test vectors, the document readers (CSV, JSON, NDJSON,
// files, globs, bad rows with their lines), the SQLite store round trip, and exact search by metric.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "collections/digest.hpp"
#include "temp_dir.hpp"
#include "wordvec/collections/collection_embedder.hpp"
#include "wordvec/collections/collection_store.hpp"
#include "wordvec/collections/document_reader.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/json_string.hpp"
#include "wordvec/core/random.hpp"
#include "wordvec/io/format.hpp"
#include "wordvec/query/metric_search.hpp"

using namespace wordvec;

namespace {

std::string md5_hex(std::string_view s) {
  const auto d = md5(s);
  return to_hex(d.data(), d.size());
}

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

// "cat" (1, 0) and "dog" (0, 1), written to `path` in `format`.
void write_cat_dog(const std::filesystem::path& path, Format format) {
  Vocab words;
  words.add("cat", 3);
  words.add("dog", 2);
  Matrix unit(2, 2);
  unit << 1, 0, 0, 1;
  write_embeddings(Embeddings(std::move(words), std::move(unit)), path, format);
}

std::vector<Document> read_text(const test::TempDir& dir, const std::string& name, const std::string& text,
                                std::vector<DocumentProblem>& problems, const DocumentReadOptions& o) {
  write_file(dir.path / name, text);
  return read_documents((dir.path / name).string(), o, [&](const DocumentProblem& p) { problems.push_back(p); });
}

}  // namespace

TEST_CASE("md5 and sha256 match the RFC 1321 and FIPS 180 test vectors", "[collections]") {
  CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(md5_hex("abc") == "900150983cd24fb0d6963f7d28e17f72");
  CHECK(md5_hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890") ==
        "57edf4a22be3c955ac49da2e2107b67a");
  // Lengths either side of the padding's block boundaries (digests from Python's hashlib).
  const std::pair<std::size_t, const char*> lengths[] = {
      {55, "ef1772b6dff9a122358552954ad0df65"},  {56, "3b0c8ac703f828b04c6c197006d17218"},
      {57, "652b906d60af96844ebd21b674f35e93"},  {63, "b06521f39153d618550606be297466d5"},
      {64, "014842d480b571495a4a0363793f7367"},  {65, "c743a45e0d2e6a95cb859adae0248435"},
      {119, "8a7bd0732ed6a28ce75f6dabc90e1613"}, {120, "5f61c0ccad4cac44c75ff505e1f1e537"},
      {1000, "cabe45dcc9ae5b66ba86600cca6b8ba8"}};
  for (const auto& [n, digest] : lengths) {
    INFO(n << " bytes");
    CHECK(md5_hex(std::string(n, 'a')) == digest);
  }
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("append_json_string escapes as nlohmann::json dump() does", "[collections]") {
  // Every ASCII byte (NUL and DEL included), alone and inside text, and UTF-8 passed through.
  std::vector<std::string> texts{"", "caf\xc3\xa9 \xe6\x97\xa5\xf0\x9f\x98\x80", "a/b \"q\" \\ end"};
  for (int c = 0; c < 128; ++c) {
    std::string& t = texts.emplace_back("x");
    t += static_cast<char>(c);
    t += 'y';
  }
  for (const auto& text : texts) {
    std::string ours = "prefix:";
    append_json_string(ours, text);
    CHECK(ours == "prefix:" + nlohmann::json(text).dump());
  }
  std::string named;
  append_json_string(named, "\b\f\x01");
  CHECK(named == "\"\\b\\f\\u0001\"");
}

TEST_CASE("CSV: quoted fields, header, id and content columns, bad rows with their line", "[collections]") {
  test::TempDir dir("collections-csv");
  std::vector<DocumentProblem> problems;
  DocumentReadOptions o;
  o.metadata_key = "label";
  o.prefix = std::string(2, 'p');
  const auto docs = read_text(dir, "d.csv",
                              "id,title,body,label\n"
                              "1,Cats,\"purr, \"\"meow\"\"\nand sleep\",pets\n"
                              "2,,,pets\n"
                              "3,Dogs,bark,\"{\"\"kind\"\": \"\"pets\"\"}\"\n"
                              "4,a,b\"c,x\n",
                              problems, o);
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].id == "pp1");
  CHECK(docs[0].content == "Cats purr, \"meow\"\nand sleep");
  CHECK(docs[0].metadata == std::optional<std::string>("{\"label\":\"pets\"}"));
  CHECK(docs[0].line == 2);
  CHECK(docs[1].id == "pp3");
  CHECK(docs[1].line == 5);
  CHECK(docs[1].metadata == std::optional<std::string>("{\"kind\":\"pets\"}"));
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].line == 4);
  CHECK_THAT(problems[0].what, Catch::Contains("no content"));
  CHECK(problems[1].line == 6);
  CHECK_THAT(problems[1].message(), Catch::Contains("d.csv: line 6: malformed CSV"));
}

TEST_CASE("JSON arrays and NDJSON: the id key, other keys as content, bad elements at their line", "[collections]") {
  test::TempDir dir("collections-json");
  std::vector<DocumentProblem> problems;
  const auto docs = read_text(dir, "d.json",
                              "[\n  {\"title\": \"A\", \"id\": \"x\", \"n\": 3},\n  {\"id\": \"y\", \"title\": \"B \\\"q\\\" }\"},\n"
                              "  {\"id\": \"z\", \"title\": },\n  {\"id\": \"w\"}\n]\n",
                              problems, {});
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].id == "x");
  CHECK(docs[0].content == "A 3");
  CHECK(docs[1].content == "B \"q\" }");
  CHECK(docs[1].line == 3);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].line == 4);
  CHECK_THAT(problems[0].what, Catch::Contains("malformed JSON"));
  CHECK(problems[1].line == 5);

  problems.clear();
  const auto nl = read_text(dir, "d.jsonl", "{\"id\": 1, \"text\": \"one\"}\n\nnot json\n{\"id\": 2, \"text\": \"\\u00e9t\\u00e9\"}\n", problems, {});
  REQUIRE(nl.size() == 2);
  CHECK(nl[0].id == "1");
  CHECK(nl[1].content == "\xc3\xa9t\xc3\xa9");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].line == 3);
}

TEST_CASE("invalid UTF-8 rows are reported; files fall back to Latin-1; globs with **", "[collections]") {
  test::TempDir dir("collections-files");
  std::vector<DocumentProblem> problems;
  const auto docs = read_text(dir, "d.tsv", "id\ttext\na\tcaf\xe9\nb\tok\n", problems, {});
  REQUIRE(docs.size() == 1);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].line == 2);
  CHECK_THAT(problems[0].what, Catch::Contains("UTF-8"));

  std::filesystem::create_directories(dir.path / "docs" / "sub" / "deep");
  write_file(dir.path / "docs" / "top.md", "top readme");
  write_file(dir.path / "docs" / "sub" / "deep" / "x.md", "caf\xe9");
  write_file(dir.path / "docs" / "sub" / "skip.txt", "not markdown");
  write_file(dir.path / "docs" / "sub" / "empty.md", "  \n");
  problems.clear();
  const auto files = read_document_files(dir.path / "docs", "**/*.md", {}, [&](const DocumentProblem& p) { problems.push_back(p); });
  REQUIRE(files.size() == 2);
  CHECK(files[0].id == "sub/deep/x.md");
  CHECK(files[0].content == "caf\xc3\xa9");
  CHECK(files[1].id == "top.md");
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0].what, Catch::Contains("empty"));
  CHECK(glob_matches("*.md", "a.md"));
  CHECK_FALSE(glob_matches("*.md", "d/a.md"));
  CHECK(glob_matches("d/**/a.md", "d/a.md"));
  CHECK(glob_matches("**", "x/y/z"));
}

TEST_CASE("the store writes llm's schema and reads back what it wrote", "[collections]") {
  test::TempDir dir("collections-store");
  const auto db = dir.path / "sub" / "e.db";
  CollectionModel model;
  model.vectors = "/x/v.bin";
  model.sha256 = std::string(64, 'a');
  model.dim = 3;
  model.tokenizer = "{\"tokenizer\":\"whitespace\"}";
  {
    CollectionStore store(db);
    const auto id = store.open_collection("c", model);
    const float v1[3] = {1.0f, -2.5f, 0.125f}, v2[3] = {0.0f, 1.0f, 3.0f};
    StoreTransaction tx(store);
    StoredItem a{"a", v1, 3, std::string("alpha"), content_hash("alpha"), std::string("{\"k\":1}")};
    StoredItem b{"b", v2, 3, std::nullopt, content_hash("beta"), std::nullopt};
    store.put(id, a, 100);
    store.put(id, b, 200);
    tx.commit();
  }
  CollectionStore store(db, false);
  const auto id = store.require("c");
  CHECK(store.model(id).same_embedding(model));
  CollectionModel other = model;
  other.sha256 = std::string(64, 'b');
  CHECK_THROWS_AS(store.open_collection("c", other), DataError);
  const auto rows = store.load(id, true, true);
  REQUIRE(rows.ids == std::vector<std::string>{"a", "b"});
  CHECK(rows.vectors(0, 1) == -2.5f);
  CHECK(rows.vectors(1, 2) == 3.0f);
  CHECK(rows.content[0] == std::optional<std::string>("alpha"));
  CHECK_FALSE(rows.content[1].has_value());
  CHECK(store.hashes(id).at("b") == content_hash("beta"));
  CHECK(store.updated_since(id, 150) == std::vector<std::string>{"b"});
  CHECK_THROWS_WITH(store.require("nope"), Catch::Contains("there are: c (2 items)"));
  {
    StoreTransaction tx(store);
    const float v[3] = {9, 9, 9};
    store.put(id, {"c", v, 3, std::nullopt, content_hash("c"), std::nullopt}, 300);
  }  // never committed: rolled back
  CHECK(store.count(id) == 2);
  write_file(dir.path / "not.db", std::string(4096, 'x'));
  CHECK_THROWS_AS(CollectionStore(dir.path / "not.db"), FormatError);
}

TEST_CASE("embed_documents skips unchanged documents and replaces changed ones", "[collections]") {
  test::TempDir dir("collections-embed");
  write_cat_dog(dir.path / "v.txt", Format::W2vText);
  const TextEmbedder embedder(dir.path / "v.txt", {});
  CollectionStore store(dir.path / "e.db");
  const auto id = store.open_collection("c", embedder.record());
  std::vector<Document> docs = {{"1", "cat dog", std::nullopt, "in", 1}, {"2", "cat", std::nullopt, "in", 2},
                                {"3", "fish", std::nullopt, "in", 3}};
  std::vector<DocumentProblem> problems;
  const ProblemFn report = [&](const DocumentProblem& p) { problems.push_back(p); };
  EmbedCollectionOptions o;
  o.batch_size = 1;
  auto s = embed_documents(store, id, docs, plan_embedding(store, id, docs), embedder, o, report);
  CHECK(s.written == 2);
  CHECK(s.unembedded == 1);
  CHECK(s.batches == 3);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].line == 3);
  docs[1].content = "dog";
  s = embed_documents(store, id, docs, plan_embedding(store, id, docs), embedder, o, report);
  CHECK(s.unchanged == 2);  // "1", and "3" ("fish": no word with a vector, recorded so last time)
  CHECK(s.unembedded_before == 1);
  CHECK(s.unembedded == 0);
  CHECK(problems.size() == 1);  // not reported again
  CHECK(s.replaced == 1);
  CHECK(s.written == 1);
  docs[2].content = "fish cat";  // now it has a word with a vector: embedded
  s = embed_documents(store, id, docs, plan_embedding(store, id, docs), embedder, o, report);
  CHECK(s.written == 1);
  CHECK(s.unembedded_before == 0);
  CHECK(store.count(id) == 3);
  const auto rows = store.load(id, false, false);
  CHECK(rows.vectors(0, 0) == 0.5f);
  CHECK(rows.vectors(1, 1) == 1.0f);
  CHECK(rows.vectors(2, 0) == 1.0f);
}

TEST_CASE("exact search agrees with a brute-force scan under every metric", "[collections]") {
  Random rng(5);
  Matrix rows(20000, 8), queries(3, 8);
  for (Eigen::Index i = 0; i < rows.size(); ++i) rows.data()[i] = 2.0f * rng.uniform() - 1.0f;
  for (Eigen::Index i = 0; i < queries.size(); ++i) queries.data()[i] = 2.0f * rng.uniform() - 1.0f;
  for (const Metric m : {Metric::Cosine, Metric::Dot, Metric::Euclidean}) {
    const ExactSearch search(rows, m);
    const auto found = search.search(queries, 5, {{}, {7}, {}}, 3);
    for (Eigen::Index q = 0; q < queries.rows(); ++q) {
      std::vector<std::pair<float, int>> all;
      for (Eigen::Index r = 0; r < rows.rows(); ++r) {
        if (q == 1 && r == 7) continue;
        const float dot = rows.row(r).dot(queries.row(q));
        const float s = m == Metric::Cosine ? dot / (rows.row(r).norm() * queries.row(q).norm())
                        : m == Metric::Dot  ? dot
                                            : -(rows.row(r) - queries.row(q)).norm();
        all.emplace_back(s, static_cast<int>(r));
      }
      std::sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.first > b.first; });
      const auto& got = found[static_cast<std::size_t>(q)];
      REQUIRE(got.size() == 5);
      for (std::size_t k = 0; k < 5; ++k) {
        CHECK(got[k].row == all[k].second);
        CHECK(std::abs(got[k].score - (m == Metric::Euclidean ? -all[k].first : all[k].first)) < 1e-4f);
      }
    }
  }
  CHECK_THROWS_AS(parse_metric("manhattan"), OptionError);
}

TEST_CASE("CSV metadata text is written as nlohmann::json writes it", "[collections]") {
  test::TempDir dir("collections-metadata");
  std::vector<DocumentProblem> problems;
  DocumentReadOptions o;
  o.metadata_key = "label";
  const std::string odd = "a \"quoted\" back\\slash, tab\t, bell\x07, \xc3\xa9t\xc3\xa9 and \x7f";
  const auto docs = read_text(dir, "m.csv", "id,body,label\n1,x,\"" + std::string("a \"\"quoted\"\" back\\slash, tab\t, bell\x07, \xc3\xa9t\xc3\xa9 and \x7f") + "\"\n",
                              problems, o);
  REQUIRE(docs.size() == 1);
  REQUIRE(docs[0].metadata);
  CHECK(*docs[0].metadata == nlohmann::ordered_json{{"label", odd}}.dump());
  CHECK(*docs[0].metadata == "{\"label\":\"a \\\"quoted\\\" back\\\\slash, tab\\t, bell\\u0007, \xc3\xa9t\xc3\xa9 and \x7f\"}");
  CHECK(problems.empty());
}

TEST_CASE("stored hashes are read per collection however the rowids are spread", "[collections]") {
  test::TempDir dir("collections-hashes");
  CollectionModel model;
  model.vectors = "/x/v.bin";
  model.sha256 = std::string(64, 'a');
  model.dim = 1;
  model.tokenizer = "{\"tokenizer\":\"whitespace\"}";
  CollectionStore store(dir.path / "e.db");
  const auto c = store.open_collection("c", model), x = store.open_collection("x", model);
  const float v[1] = {1.0f};
  {
    StoreTransaction tx(store);
    // c's rows far apart (rowid 1 and 6002), x's between them: both lookups of the join, and rows of
    // another collection that the hash index holds too.
    store.put(c, {"first", v, 1, std::nullopt, content_hash("first"), std::nullopt}, 1);
    for (int i = 0; i < 6000; ++i) store.put(x, {std::to_string(i), v, 1, std::nullopt, content_hash(std::to_string(i)), std::nullopt}, 1);
    store.put(c, {"last", v, 1, std::nullopt, content_hash("last"), std::nullopt}, 1);
    tx.commit();
  }
  auto c_hashes = store.hashes(c);
  REQUIRE(c_hashes.size() == 2);
  CHECK(c_hashes.at("first") == content_hash("first"));
  CHECK(c_hashes.at("last") == content_hash("last"));
  const auto x_hashes = store.hashes(x);
  REQUIRE(x_hashes.size() == 6000);
  CHECK(x_hashes.at("5999") == content_hash("5999"));
  // Replaced rows get new rowids; without llm's content-hash index the table itself is read.
  {
    StoreTransaction tx(store);
    store.put(c, {"first", v, 1, std::nullopt, content_hash("new"), std::nullopt}, 2);
    tx.commit();
  }
  CHECK(store.hashes(c).at("first") == content_hash("new"));
  // Rowids far sparser than the rows (most of x deleted): read from the table.
  REQUIRE(sqlite3_exec(store.handle(), "DELETE FROM embeddings WHERE id NOT IN ('0', '5999', 'first', 'last')",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  CHECK(store.hashes(x).size() == 2);  // rowids 2 and 6001: 6,000 apart for 4 rows
  CHECK(store.hashes(c).at("last") == content_hash("last"));
  REQUIRE(sqlite3_exec(store.handle(), "DROP INDEX idx_embeddings_content_hash", nullptr, nullptr, nullptr) == SQLITE_OK);
  c_hashes = store.hashes(c);
  REQUIRE(c_hashes.size() == 2);
  CHECK(c_hashes.at("first") == content_hash("new"));
  CHECK(c_hashes.at("last") == content_hash("last"));
}

TEST_CASE("TextEmbedder stops loading its vector file once its token is set", "[collections]") {
  test::TempDir dir("collections-cancel");
  write_cat_dog(dir.path / "v.bin", Format::W2vBin);
  CancellationSource source;
  TextEmbedding how;
  how.cancel = source.token();
  CHECK(TextEmbedder(dir.path / "v.bin", how).dim() == 2);  // not set: loads
  source.request();
  CHECK_THROWS_AS(TextEmbedder(dir.path / "v.bin", how), Cancelled);
}
