// fastText .bin: write/read round trip, vectors of unseen words, and every kind of bad file.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/io/fasttext_format.hpp"
#include "wordvec/io/format.hpp"
#include "wordvec/query/similarity_index.hpp"

using namespace wordvec;
using wordvec::test::TempDir;
using wordvec::test::slurp;
namespace fs = std::filesystem;

namespace {

// A small subword model: 4 words (one non-ASCII), bucket 50, n-grams of 2..3 characters, dim 5.
Embeddings tiny_model() {
  const std::vector<std::string> words{"the", "cat", "caf\xc3\xa9", "sat"};
  auto sv = std::make_shared<SubwordVectors>();
  sv->options.minn = 2;
  sv->options.maxn = 3;
  sv->options.bucket = 50;
  sv->ntokens = 100;
  sv->words = words.size();
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  sv->input = MatrixBuffer(words.size() + 50, 5);
  for (std::size_t i = 0; i < sv->input.rows() * 5; ++i) sv->input.data()[i] = u(rng);
  sv->output = MatrixBuffer(words.size(), 5);
  for (std::size_t i = 0; i < sv->output.rows() * 5; ++i) sv->output.data()[i] = u(rng);
  Vocab vocab;
  Matrix matrix;
  std::shared_ptr<const SubwordVectors> subwords;
  for (std::size_t i = 0; i < words.size(); ++i) vocab.add(words[i], 40 - 10 * i);
  matrix.resize(static_cast<Eigen::Index>(words.size()), 5);
  std::vector<std::int32_t> rows;
  for (std::size_t w = 0; w < words.size(); ++w) {
    sv->rows_of(words[w], static_cast<std::int32_t>(w), rows);
    sv->mean_of(rows, matrix.row(static_cast<Eigen::Index>(w)).data());
  }
  subwords = sv;
  return Embeddings(std::move(vocab), std::move(matrix), {{"min_count", "1"}}, std::move(subwords));
}

// The mean of the given input rows, computed directly.
std::vector<float> mean_rows(const SubwordVectors& sv, const std::vector<std::size_t>& rows) {
  std::vector<float> out(sv.input.cols(), 0.0f);
  for (const auto r : rows)
    for (std::size_t k = 0; k < out.size(); ++k) out[k] += sv.input.row(r)[k];
  for (auto& x : out) x /= static_cast<float>(rows.size());
  return out;
}

}  // namespace

TEST_CASE("Embeddings::truncate keeps a subword model's n-gram rows in step", "[fasttext][embeddings]") {
  Embeddings emb = tiny_model();
  std::vector<float> unseen(5), cut_expected(5), got(5);
  REQUIRE(emb.vector_for("cats", unseen.data()));  // not a word: n-gram rows only
  std::vector<std::int32_t> rows;
  emb.subwords()->rows_of("sat", -1, rows);
  REQUIRE(!rows.empty());
  emb.subwords()->mean_of(rows, cut_expected.data());
  emb.truncate(2);
  CHECK(emb.size() == 2);
  CHECK(emb.vocab().find("sat") < 0);
  REQUIRE(emb.vector_for("cats", got.data()));
  for (int k = 0; k < 5; ++k) CHECK(got[k] == unseen[k]);
  // A word cut off is an unseen word now: its n-gram vector, from the same rows as before the cut.
  REQUIRE(emb.vector_for("sat", got.data()));
  for (int k = 0; k < 5; ++k) CHECK(got[k] == cut_expected[k]);
  emb.keep_most_frequent(1);
  CHECK(emb.vocab().words() == std::vector<std::string>{"the"});
}

TEST_CASE("Embeddings checks its parts and hands them back", "[embeddings]") {
  const Embeddings emb = tiny_model();
  // A subword model whose n-gram rows are narrower than the word vectors is refused.
  Matrix wide = Matrix::Zero(static_cast<Eigen::Index>(emb.size()), 6);
  CHECK_THROWS_WITH(Embeddings(emb.vocab(), wide, {}, emb.subwords()), Catch::Contains("6-dimensional word vectors"));
  // One that claims more word rows than its input matrix holds, too.
  auto broken = std::make_shared<SubwordVectors>();
  broken->input = MatrixBuffer(2, 5);
  broken->words = 3;
  CHECK_THROWS_WITH(Embeddings(emb.vocab(), emb.vectors(), {}, broken), Catch::Contains("3 word rows"));
  Embeddings copy = emb;
  copy.metadata()["note"] = "free-form";
  copy.row(0).setZero();  // in place: the shape stays
  const auto norms = copy.normalize();
  CHECK(norms[0] == 0.0f);
  CHECK(copy.row(1).norm() == Approx(1.0f));
  auto parts = std::move(copy).into_parts();
  CHECK(parts.vocab.size() == emb.size());
  CHECK(parts.metadata.at("note") == "free-form");
  CHECK(parts.subwords == emb.subwords());
  CHECK(copy.size() == 0);  // NOLINT(bugprone-use-after-move): into_parts leaves it empty
}

TEST_CASE("fasttext-bin: a word's vector is the mean of its own row and its n-gram rows", "[fasttext_format]") {
  const auto emb = tiny_model();
  const auto& sv = *emb.subwords();
  // "cat" with n-grams of 2..3: <c <ca ca cat at at> t>
  std::vector<std::size_t> rows{1};
  for (const char* g : {"<c", "<ca", "ca", "cat", "at", "at>", "t>"}) rows.push_back(4 + fasttext_hash(g) % 50);
  const auto expected = mean_rows(sv, rows);
  for (std::size_t k = 0; k < 5; ++k) CHECK(emb.vectors()(1, static_cast<Eigen::Index>(k)) == Approx(expected[k]));
  // An unseen word: the mean of its n-gram rows only.
  std::vector<float> v(5);
  REQUIRE(emb.vector_for("dog", v.data()));
  std::vector<std::size_t> dog;
  for (const char* g : {"<d", "<do", "do", "dog", "og", "og>", "g>"}) dog.push_back(4 + fasttext_hash(g) % 50);
  const auto expected_dog = mean_rows(sv, dog);
  for (std::size_t k = 0; k < 5; ++k) CHECK(v[k] == Approx(expected_dog[k]));
}

TEST_CASE("fasttext-bin: write then read gives the same model", "[fasttext_format]") {
  TempDir dir("ftbin");
  const auto emb = tiny_model();
  const auto path = dir.path / "m.bin";
  write_embeddings(emb, path, Format::FasttextBin);
  CHECK(detect_format(path) == Format::FasttextBin);
  const auto back = read_embeddings(path);
  REQUIRE(back.subwords());
  CHECK(back.vocab().words() == emb.vocab().words());
  CHECK(back.vocab().counts() == emb.vocab().counts());
  CHECK(back.vectors() == emb.vectors());
  CHECK(back.subwords()->ntokens == 100);
  CHECK(back.subwords()->options.minn == 2);
  CHECK(back.subwords()->options.maxn == 3);
  CHECK(back.subwords()->options.bucket == 50);
  REQUIRE(back.subwords()->output.rows() == 4);
  CHECK(std::memcmp(back.subwords()->output.data(), emb.subwords()->output.data(), 4 * 5 * sizeof(float)) == 0);
  std::vector<float> a(5), b(5);
  for (const char* w : {"dog", "caf\xc3\xa9s", "\xe6\x97\xa5\xe6\x9c\xac"}) {
    REQUIRE(emb.vector_for(w, a.data()));
    REQUIRE(back.vector_for(w, b.data()));
    CHECK(a == b);
  }
  // The same bytes again when written back.
  write_embeddings(back, dir.path / "again.bin", Format::FasttextBin);
  CHECK(slurp(dir.path / "again.bin") == slurp(path));
}

// The int32 args of a .bin (dim, ws, epoch, minCount, neg, wordNgrams, loss, model, bucket, minn,
// maxn, lrUpdateRate) and t, after the magic number and the version.
std::vector<std::int32_t> header_args(const std::string& bytes, double& t) {
  std::vector<std::int32_t> a(12);
  std::memcpy(a.data(), bytes.data() + 8, 12 * 4);
  std::memcpy(&t, bytes.data() + 8 + 12 * 4, 8);
  return a;
}

TEST_CASE("fasttext-bin: the args come from the metadata and go back to it", "[fasttext_format]") {
  TempDir dir("ftargs");
  double t = 0;
  // Without metadata: fastText's defaults, with the matrices' dim and the n-gram scheme.
  const auto plain = tiny_model();
  write_embeddings(plain, dir.path / "plain.bin", Format::FasttextBin);
  CHECK(header_args(slurp(dir.path / "plain.bin"), t) ==
        std::vector<std::int32_t>{5, 5, 5, 1, 5, 1, 2, 2, 50, 2, 3, 100});
  CHECK(t == 1e-4);
  // What a trained model records, plus the fastText-only ones.
  auto parts = tiny_model().into_parts();
  parts.metadata = {{"model", "cbow"}, {"window", "7"},  {"epochs", "3"},        {"min_count", "2"},
                    {"negative", "9"}, {"loss", "hs"},   {"sample", "0.00123"},  {"word_ngrams", "4"},
                    {"lr_update_rate", "50"}};
  const Embeddings emb(std::move(parts.vocab), std::move(parts.vectors), parts.metadata, parts.subwords);
  write_embeddings(emb, dir.path / "m.bin", Format::FasttextBin);
  const std::string bytes = slurp(dir.path / "m.bin");
  CHECK(header_args(bytes, t) == std::vector<std::int32_t>{5, 7, 3, 2, 9, 4, 1, 1, 50, 2, 3, 50});
  CHECK(t == 0.00123);
  // Read back: the same args in the metadata, and the same bytes when written again.
  const auto back = read_embeddings(dir.path / "m.bin");
  for (const auto& [key, value] : parts.metadata) CHECK(back.metadata().at(key) == value);
  CHECK(back.metadata().at("dim") == "5");
  write_embeddings(back, dir.path / "again.bin", Format::FasttextBin);
  CHECK(slurp(dir.path / "again.bin") == bytes);
  // A key that is not a number is named.
  auto bad = back.metadata();
  bad["window"] = "wide";
  CHECK_THROWS_WITH(fasttext_args(bad, "x.bin"), Catch::Contains("metadata 'window'") && Catch::Contains("wide"));
}

TEST_CASE("fasttext-bin: the free-space estimate counts the n-gram rows", "[fasttext_format]") {
  TempDir dir("ftsize");
  const auto emb = tiny_model();
  const auto path = dir.path / "m.bin";
  write_embeddings(emb, path, Format::FasttextBin);
  const auto written = std::filesystem::file_size(path);
  // The two matrices alone: 4 word rows + 50 bucket rows in, 4 rows out, 5 floats each.
  const std::uint64_t matrices = (4 + 50 + 4) * 5 * sizeof(float);
  const auto estimate = estimated_size(emb, Format::FasttextBin);
  CHECK(estimate == matrices);
  CHECK(estimate <= written);  // a lower bound: the header and the words come on top
  // Formats without the n-gram rows count the word rows only.
  CHECK(estimated_size(emb, Format::Native) == 4 * 5 * sizeof(float));
}

TEST_CASE("fasttext-bin: version 11 is read; its supervised models have no n-grams", "[fasttext_format]") {
  TempDir dir("ftbin-v11");
  const auto path = dir.path / "m.bin";
  write_embeddings(tiny_model(), path, Format::FasttextBin);
  std::string v11 = slurp(path);
  v11[4] = 11;
  const auto a = parse_fasttext_bin(v11, "v11.bin");
  CHECK(a.vectors() == tiny_model().vectors());
  const std::int32_t supervised = 3;
  std::memcpy(v11.data() + 8 + 7 * 4, &supervised, 4);  // args.model
  const auto b = parse_fasttext_bin(v11, "v11sup.bin");
  REQUIRE(b.subwords());
  CHECK_FALSE(b.subwords()->options.enabled());
  std::vector<float> v(5);
  CHECK_FALSE(b.vector_for("dog", v.data()));
  // Its word vectors are then the word rows alone.
  for (std::size_t k = 0; k < 5; ++k) CHECK(b.vectors()(0, static_cast<Eigen::Index>(k)) == b.subwords()->input.row(0)[k]);
}

TEST_CASE("fasttext-bin: truncated, foreign, quantised and corrupt files give FormatError", "[fasttext_format]") {
  TempDir dir("ftbin-bad");
  const auto path = dir.path / "m.bin";
  write_embeddings(tiny_model(), path, Format::FasttextBin);
  const std::string good = slurp(path);
  // Every truncation fails cleanly.
  for (std::size_t n = 0; n < good.size(); n += (n < 200 ? 1 : 37)) {
    INFO("truncated to " << n << " bytes");
    CHECK_THROWS_AS(parse_fasttext_bin(std::string_view(good).substr(0, n), "cut.bin"), FormatError);
  }
  CHECK_THROWS_AS(parse_fasttext_bin(good + "x", "long.bin"), FormatError);
  CHECK_THROWS_WITH(parse_fasttext_bin("this is not a model file at all", "text.bin"),
                    Catch::Contains("magic number"));
  std::string v13 = good;
  v13[4] = 13;
  CHECK_THROWS_WITH(parse_fasttext_bin(v13, "v13.bin"), Catch::Contains("version"));
  // Offsets: header 8 + args 56 = 64; dictionary header 28; 4 entries.
  std::size_t entries = 64 + 28;
  for (const char* w : {"the", "cat", "caf\xc3\xa9", "sat"}) entries += std::strlen(w) + 1 + 8 + 1;
  std::string quant = good;
  quant[entries] = 1;
  CHECK_THROWS_WITH(parse_fasttext_bin(quant, "q.ftz"), Catch::Contains("quantised"));
  // A huge row count is refused before anything is allocated.
  std::string huge = good;
  const std::int64_t rows = std::int64_t{1} << 60;
  std::memcpy(huge.data() + entries + 1, &rows, 8);
  CHECK_THROWS_WITH(parse_fasttext_bin(huge, "huge.bin"), Catch::Contains("does not fit"));
  std::string size = good;
  const std::int32_t big = 1 << 30;
  std::memcpy(size.data() + 64, &big, 4);
  CHECK_THROWS_WITH(parse_fasttext_bin(size, "dict.bin"), Catch::Contains("dictionary"));
  std::string dim = good;
  const std::int32_t zero = 0;
  std::memcpy(dim.data() + 8, &zero, 4);
  CHECK_THROWS_WITH(parse_fasttext_bin(dim, "dim.bin"), Catch::Contains("args.dim"));
}

TEST_CASE("fasttext-bin: plain word vectors cannot be written as a model", "[fasttext_format]") {
  TempDir dir("ftbin-plain");
  const Embeddings model = tiny_model();
  const Embeddings emb(model.vocab(), model.vectors(), model.metadata());  // no subwords
  CHECK_THROWS_WITH(write_embeddings(emb, dir.path / "x.bin", Format::FasttextBin), Catch::Contains("subword"));
  CHECK_FALSE(fs::exists(dir.path / "x.bin"));
}

TEST_CASE("SimilarityIndex over a subword model answers for unseen words", "[fasttext_format][query]") {
  const auto emb = tiny_model();
  const SimilarityIndex index(emb);
  std::vector<float> dog(5), cat(5);
  REQUIRE(emb.vector_for("dog", dog.data()));
  REQUIRE(emb.vector_for("cat", cat.data()));
  const Eigen::Map<Eigen::VectorXf> d(dog.data(), 5), c(cat.data(), 5);
  CHECK(index.similarity("dog", "cat") == Approx(d.dot(c) / (d.norm() * c.norm())));
  const auto best = index.most_similar({"dog"}, {}, 4);
  REQUIRE(best.size() == 4);  // nothing excluded: "dog" has no row
  // Without subwords the same word is unknown.
  const Embeddings plain(emb.vocab(), emb.vectors(), emb.metadata());
  CHECK_THROWS_AS(SimilarityIndex(plain).similarity("dog", "cat"), UnknownWordError);
}
