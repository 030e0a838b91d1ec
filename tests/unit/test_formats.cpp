// The format registry, NumPy, Embedding Projector, native format, conversions and round trips.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/byte_cursor.hpp"
#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/io/convert.hpp"
#include "wordvec/io/format.hpp"
#include "io/half.hpp"
#include "wordvec/io/native_format.hpp"
#include "wordvec/io/npy_format.hpp"
#include "wordvec/io/projector_format.hpp"
#include "wordvec/io/word2vec_format.hpp"
#include "wordvec/query/index_loader.hpp"
#include "wordvec/query/similarity_index.hpp"

using namespace wordvec;
using wordvec::test::TempDir;
using wordvec::test::slurp;
namespace fs = std::filesystem;

namespace {

// Random vectors with awkward values and multi-byte words; counts descending.
Embeddings random_embeddings(std::size_t n, std::size_t dim, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  Vocab vocab;
  Matrix matrix;
  const char* const specials[] = {"é", "日本語", "🙂", "naïve", "</s>", "a.b", "x"};
  for (std::size_t i = 0; i < n; ++i)
    vocab.add(i < 7 ? std::string(specials[i]) : fmt::format("word{}", i), 1000 - i);
  matrix.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(dim));
  for (Eigen::Index i = 0; i < matrix.size(); ++i) matrix.data()[i] = gauss(rng) * 0.3f;
  matrix(0, 0) = -0.0f;
  matrix(1, 1) = 1e-40f;
  matrix(2, 2) = std::numeric_limits<float>::max();
  matrix(3, 0) = std::numeric_limits<float>::denorm_min();
  return Embeddings(std::move(vocab), std::move(matrix));
}

bool bit_equal(const Matrix& a, const Matrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(float)) == 0;
}

const std::vector<Format> kAll = {Format::W2vBin,       Format::W2vText, Format::GloveText, Format::FasttextVec,
                                  Format::ProjectorTsv, Format::Npy,     Format::Native};

std::string file_name(Format f) {
  switch (f) {
    case Format::W2vBin: return "v.bin";
    case Format::W2vText: return "v.txt";
    case Format::GloveText: return "v.glove";
    case Format::FasttextVec: return "v.vec";
    case Format::ProjectorTsv: return "vectors.tsv";
    case Format::Npy: return "v.npy";
    case Format::Native: return "v.wv";
    case Format::FasttextBin: return "m.bin";  // not in kAll: it needs subwords
  }
  return "v";
}

bool keeps_counts(Format f) { return f == Format::Npy || f == Format::ProjectorTsv || f == Format::Native; }

}  // namespace

TEST_CASE("round trips A -> B -> A keep every vector bit for bit", "[formats]") {
  const auto emb = random_embeddings(30, 9, 5);
  for (const auto a : kAll)
    for (const auto b : kAll) {
      INFO(format_name(a) << " -> " << format_name(b) << " -> " << format_name(a));
      TempDir dir("rt");
      fs::create_directories(dir.path / "a");
      fs::create_directories(dir.path / "b");
      fs::create_directories(dir.path / "c");
      const auto pa = dir.path / "a" / file_name(a), pb = dir.path / "b" / file_name(b), pc = dir.path / "c" / file_name(a);
      write_embeddings(emb, pa, a);
      const auto s1 = convert_embeddings(pa, pb, ConvertOptions{{}, b, false, 0, {}, {}});
      CHECK(s1.to == b);
      const auto s2 = convert_embeddings(pb, pc, ConvertOptions{{}, a, false, 0, {}, {}});
      // Content detection cannot tell fastText .vec from word2vec text: the same bytes.
      const auto detected = [](Format f) { return f == Format::FasttextVec ? Format::W2vText : f; };
      CHECK(s1.from == detected(a));
      CHECK(s2.from == detected(b));
      const auto back = read_embeddings(pc);
      CHECK(back.vocab().words() == emb.vocab().words());
      CHECK(bit_equal(back.vectors(), emb.vectors()));
      if (keeps_counts(a) && keeps_counts(b)) CHECK(back.vocab().counts() == emb.vocab().counts());
      // Files of one format with the same content are byte-identical (deterministic writers);
      // native files also hold the counts, which a format without them drops on the way.
      if (a != Format::Native || keeps_counts(b)) CHECK(slurp(pa) == slurp(pc));
    }
}

TEST_CASE("format names, extensions and detection cover every format", "[formats]") {
  CHECK(format_names() ==
        std::vector<std::string>{"w2v-bin", "w2v-text", "glove-text", "fasttext-vec", "projector-tsv", "npy", "native",
                                  "fasttext-bin"});
  for (const auto f : kAll) CHECK(parse_format(format_name(f)) == f);
  CHECK(format_for_extension("a/b.tsv") == Format::ProjectorTsv);
  CHECK(format_for_extension("b.npy") == Format::Npy);
  CHECK(format_for_extension("b.wv") == Format::Native);
  CHECK_THROWS_AS(format_for_extension("b.glove"), OptionError);
  TempDir dir("detect");
  const auto emb = random_embeddings(12, 4, 1);
  for (const auto f : kAll) {
    INFO(format_name(f));
    // Detection looks at content only: give every file a misleading name.
    const auto path = dir.path / file_name(f);
    write_embeddings(emb, path, f);
    const auto misleading = dir.path / (std::string("x") + (f == Format::Npy ? ".npy" : f == Format::ProjectorTsv ? ".tsv" : ".dat"));
    fs::copy_file(path, misleading, fs::copy_options::overwrite_existing);
    if (f == Format::Npy) fs::copy_file(npy_vocab_path(path), npy_vocab_path(misleading), fs::copy_options::overwrite_existing);
    if (f == Format::ProjectorTsv)
      fs::copy_file(projector_metadata_path(path), projector_metadata_path(misleading), fs::copy_options::overwrite_existing);
    CHECK(detect_format(misleading) == (f == Format::FasttextVec ? Format::W2vText : f));
    CHECK(read_embeddings(misleading).vocab().words() == emb.vocab().words());
  }
}

TEST_CASE("native: header, 64-byte aligned matrix, counts and metadata", "[formats][native]") {
  TempDir dir("native");
  auto emb = random_embeddings(21, 7, 2);
  emb.metadata() = {{"model", "cbow"}, {"dim", "7"}, {"corpus_tokens", "123456"}};
  const auto path = dir.path / "v.wv";
  write_native(emb, path);
  const auto bytes = slurp(path);
  CHECK(bytes.substr(0, 8) == std::string("\x89WVNATV\n", 8));
  CHECK(looks_like_native(bytes));
  const auto file = open_native(path);
  REQUIRE(file.rows == 21);
  REQUIRE(file.cols == 7);
  CHECK(file.dtype == Dtype::Float32);
  CHECK_FALSE(file.unit_rows);
  // The matrix is used in place: inside the mapping, at a file offset divisible by 64.
  const auto offset = static_cast<const char*>(file.data) - file.file->bytes().data();
  CHECK(offset > 0);
  CHECK(offset % 64 == 0);
  CHECK(std::memcmp(file.data, emb.vectors().data(), 21 * 7 * 4) == 0);
  REQUIRE(file.norms != nullptr);
  CHECK(file.norms[4] == emb.vectors().row(4).norm());
  CHECK(file.metadata == emb.metadata());
  CHECK(read_native_metadata(path) == emb.metadata());  // alone, without the vocabulary
  std::ofstream(dir.path / "cut.wv", std::ios::binary) << bytes.substr(0, 40);  // the first chunk cut short
  CHECK_THROWS_AS(read_native_metadata(dir.path / "cut.wv"), FormatError);
  CHECK(file.vocab.counts() == emb.vocab().counts());
  const auto back = read_native(path);
  CHECK(bit_equal(back.vectors(), emb.vectors()));
  CHECK(back.metadata() == emb.metadata());
  // Words the text formats cannot hold are fine here.
  Vocab odd_words;
  odd_words.add("two words");
  odd_words.add("tab\there");
  const Embeddings odd(std::move(odd_words), Matrix::Ones(2, 3));
  write_native(odd, dir.path / "odd.wv");
  CHECK(read_native(dir.path / "odd.wv").vocab().words() == odd.vocab().words());
}

TEST_CASE("native: unit rows are queried in place and give the same answers", "[formats][native]") {
  TempDir dir("native");
  const auto emb = random_embeddings(200, 16, 3);
  write_native(emb, dir.path / "raw.wv");
  write_native(emb, dir.path / "unit.wv", {Dtype::Float32, true});
  write_word2vec_binary(emb, dir.path / "v.bin");
  const auto unit_file = open_native(dir.path / "unit.wv");
  CHECK(unit_file.unit_rows);
  const float* row5 = static_cast<const float*>(unit_file.data) + 5 * 16;
  CHECK(Eigen::Map<const Eigen::VectorXf>(row5, 16).norm() == Approx(1.0f).epsilon(1e-6));
  const auto from_bin = load_similarity_index(dir.path / "v.bin");
  const auto from_raw = load_similarity_index(dir.path / "raw.wv");
  const auto from_unit = load_similarity_index(dir.path / "unit.wv");
  // The unit file's rows are the mapped bytes themselves (no copy).
  const auto mapped = open_native(dir.path / "unit.wv");
  CHECK(from_unit.rows().rows() == 200);
  for (const char* w : {"word10", "naïve", "word150"}) {
    INFO(w);
    const auto a = from_bin.most_similar({w}, {}, 5);
    const auto b = from_raw.most_similar({w}, {}, 5);
    const auto c = from_unit.most_similar({w}, {}, 5);
    REQUIRE(a.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) {
      CHECK(a[i].word == b[i].word);
      CHECK(a[i].word == c[i].word);
      CHECK(a[i].score == Approx(c[i].score).margin(1e-6));
    }
  }
  // Reading a unit file back multiplies by the stored norms: within float rounding.
  const auto back = read_native(dir.path / "unit.wv");
  // (Row 2 holds the largest float: its norm overflows, so it is left out.)
  for (Eigen::Index r = 0; r < emb.vectors().rows(); ++r) {
    if (r == 2) continue;
    const float scale = emb.vectors().row(r).norm();
    for (Eigen::Index c = 0; c < emb.vectors().cols(); ++c)
      if (std::abs(back.vectors()(r, c) - emb.vectors()(r, c)) > 1e-6f * scale)
        FAIL_CHECK("row " << r << " col " << c << ": " << back.vectors()(r, c) << " vs " << emb.vectors()(r, c));
  }
}

TEST_CASE("native and npy: float16 keeps values to half precision", "[formats]") {
  TempDir dir("f16");
  auto emb = random_embeddings(10, 6, 4);
  emb.row(2)(0) = std::numeric_limits<float>::denorm_min();  // below half precision: 0
  emb.row(1)(1) = 0.0f;  // was a float denormal
  emb.row(2)(2) = 1.0f;  // was max float: half holds at most 65504
  write_native(emb, dir.path / "h.wv", {Dtype::Float16, false});
  write_npy(emb, dir.path / "h.npy", Dtype::Float16);
  CHECK(fs::file_size(dir.path / "h.wv") < fs::file_size(dir.path / "h.npy") + 2000);
  for (const char* name : {"h.wv", "h.npy"}) {
    INFO(name);
    const auto back = read_embeddings(dir.path / name);
    for (Eigen::Index i = 0; i < emb.vectors().size(); ++i) {
      const float want = half_to_float(float_to_half(emb.vectors().data()[i]));
      CHECK(std::memcmp(&back.vectors().data()[i], &want, 4) == 0);
    }
    CHECK(back.vectors()(2, 2) == 1.0f);
  }
  WriteOptions opts;
  opts.dtype = Dtype::Float16;
  CHECK_THROWS_AS(write_embeddings(emb, dir.path / "h.bin", Format::W2vBin, opts), OptionError);
}

TEST_CASE("half: every half survives float and back; rounding is to nearest even", "[formats]") {
  for (std::uint32_t h = 0; h < 0x10000u; ++h) {
    const float f = half_to_float(static_cast<std::uint16_t>(h));
    if (std::isnan(f)) continue;
    if (float_to_half(f) != h) FAIL_CHECK("half " << h << " -> " << f << " -> " << float_to_half(f));
  }
  CHECK(half_to_float(0x3C00) == 1.0f);
  CHECK(half_to_float(0x0001) == std::ldexp(1.0f, -24));
  CHECK(float_to_half(65504.0f) == 0x7BFF);
  CHECK(float_to_half(65520.0f) == 0x7C00);          // rounds to infinity
  CHECK(float_to_half(1.0f + std::ldexp(1.0f, -11)) == 0x3C00);  // tie -> even
  CHECK(float_to_half(std::ldexp(1.0f, -25)) == 0);  // tie between 0 and the smallest denormal
  CHECK(std::isnan(half_to_float(float_to_half(std::nanf("")))));
}

TEST_CASE("npy: layout numpy reads, vocabulary beside it, other dtypes and orders", "[formats][npy]") {
  TempDir dir("npy");
  const auto emb = random_embeddings(5, 3, 6);
  write_npy(emb, dir.path / "v.npy");
  const auto bytes = slurp(dir.path / "v.npy");
  CHECK(bytes.substr(0, 8) == std::string("\x93NUMPY\x01\x00", 8));
  const auto header_len = static_cast<unsigned char>(bytes[8]) + 256u * static_cast<unsigned char>(bytes[9]);
  CHECK((10 + header_len) % 64 == 0);
  CHECK_THAT(bytes.substr(10, header_len), Catch::Contains("'descr': '<f4'") && Catch::Contains("'shape': (5, 3)"));
  CHECK(bytes.size() == 10 + header_len + 5 * 3 * 4);
  CHECK(slurp(dir.path / "v.vocab") == "é\t1000\n日本語\t999\n🙂\t998\nnaïve\t997\n</s>\t996\n");

  // Hand-made: float64, Fortran order, a word list without counts, CRLF.
  std::string dict = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }";
  dict.append(64 - (10 + dict.size() + 1) % 64, ' ');
  dict += '\n';
  std::string f8 = std::string("\x93NUMPY\x01\x00", 8);
  append_le<std::uint16_t>(f8, static_cast<std::uint16_t>(dict.size()));
  f8 += dict;
  for (const double v : {1.0, 4.0, 2.0, 5.0, 3.0, 6.0}) append_le<double>(f8, v);  // column by column
  const auto m = parse_npy(f8, "f8.npy", "one\r\ntwo", "f8.vocab");
  CHECK(m.vocab().words() == std::vector<std::string>{"one", "two"});
  CHECK(m.vectors()(0, 2) == 3.0f);
  CHECK(m.vectors()(1, 0) == 4.0f);

  // Errors: missing vocabulary, wrong number of words, wrong dtype.
  fs::remove(dir.path / "v.vocab");
  CHECK_THROWS_AS(read_npy(dir.path / "v.npy"), IoError);
  CHECK_THROWS_WITH(parse_npy(f8, "f8.npy", "one\n", "f8.vocab"), Catch::Contains("expected 2 words"));
  CHECK_THROWS_WITH(parse_npy(f8, "f8.npy", "one\ntwo\nthree\n", "f8.vocab"), Catch::Contains("line 3"));
  auto be = f8;
  be.replace(be.find("<f8"), 3, ">f8");
  CHECK_THROWS_WITH(parse_npy(be, "be.npy", "one\ntwo\n", "f8.vocab"), Catch::Contains(">f8"));
}

TEST_CASE("projector: vectors.tsv + metadata.tsv as the Embedding Projector loads them", "[formats][projector]") {
  TempDir dir("tsv");
  Vocab words;
  words.add("hello world");  // spaces are fine in TSV
  words.add("b");
  Matrix rows(2, 3);
  rows << 0.5f, -1.0f, 2.0f, 0.25f, 0.0f, 1e-3f;
  Embeddings emb(words, rows);
  write_projector(emb, dir.path / "vectors.tsv");
  CHECK(slurp(dir.path / "vectors.tsv") == "0.5\t-1\t2\n0.25\t0\t0.001\n");
  CHECK(slurp(dir.path / "metadata.tsv") == "hello world\nb\n");  // one column: no header row
  Vocab counted;
  counted.add("hello world", 7);
  counted.add("b", 3);
  emb = Embeddings(std::move(counted), rows);
  write_projector(emb, dir.path / "out.tsv");
  CHECK(slurp(dir.path / "out.metadata.tsv") == "word\tcount\nhello world\t7\nb\t3\n");
  const auto back = read_projector(dir.path / "out.tsv");
  CHECK(back.vocab().counts() == std::vector<std::uint64_t>{7, 3});
  // Hand-written: header with the word in the second column, CRLF, no final newline.
  const auto m = parse_projector("1\t2\r\n3\t4", "v.tsv", "id\tword\r\n0\tx\r\n1\ty", "m.tsv");
  CHECK(m.vocab().words() == std::vector<std::string>{"x", "y"});
  CHECK(m.vectors()(1, 1) == 4.0f);
  CHECK_THROWS_WITH(parse_projector("1\t2\n3\n", "v.tsv", "x\ny\n", "m.tsv"), Catch::Contains("v.tsv: line 2: expected 2 values, got 1"));
  CHECK_THROWS_WITH(parse_projector("1\t2\n3\t4\n", "v.tsv", "x\n", "m.tsv"), Catch::Contains("expected 2 words"));
  Vocab tab_words;
  tab_words.add("a\tb");
  const Embeddings tab(std::move(tab_words), Matrix::Ones(1, 2));
  CHECK_THROWS_AS(write_projector(tab, dir.path / "t.tsv"), FormatError);
}

TEST_CASE("readers: CRLF, trailing spaces, no final newline, long UTF-8 words, invalid UTF-8", "[formats]") {
  const std::string long_word(5000, 'a');
  const std::string long_utf8 = [] {
    std::string s;
    for (int i = 0; i < 2000; ++i) s += "日";
    return s;
  }();
  const auto text = "2 3\r\n" + long_word + " 1 2 3   \r\n" + long_utf8 + " 4 5 6";
  const auto emb = parse_word2vec_text(text, "t.txt");
  CHECK(emb.vocab().word(0) == long_word);
  CHECK(emb.vocab().word(1) == long_utf8);
  CHECK(emb.vectors()(1, 2) == 6.0f);
  // word2vec binary with and without the newline after each vector, long UTF-8 words.
  std::string bin = "2 1\n" + long_utf8 + " ";
  append_le<float>(bin, 1.5f);
  bin += "b ";
  append_le<float>(bin, 2.5f);
  const auto b = parse_word2vec_binary(bin, "b.bin");
  CHECK(b.vocab().word(0) == long_utf8);
  CHECK(b.vectors()(1, 0) == 2.5f);
  // Invalid UTF-8 is reported with where it is.
  CHECK_THROWS_WITH(parse_word2vec_text("1 1\nab\xff 1\n", "bad.txt"),
                    Catch::Contains("bad.txt: line 2") && Catch::Contains("not valid UTF-8"));
  CHECK_THROWS_WITH(parse_word2vec_text("ok 1\n\xc3\x28 1\n", "bad.glove"), Catch::Contains("line 2"));
  std::string bad_bin = "1 1\n\xed\xa0\x80 ";  // a UTF-16 surrogate encoded as UTF-8
  append_le<float>(bad_bin, 1.0f);
  CHECK_THROWS_WITH(parse_word2vec_binary(bad_bin, "bad.bin"), Catch::Contains("byte 4") && Catch::Contains("UTF-8"));
}

TEST_CASE("writers refuse unrepresentable words unless asked to replace them", "[formats]") {
  TempDir dir("replace");
  Vocab words;
  words.add("new york");
  words.add("tab\tbed");
  Embeddings emb(std::move(words), Matrix::Ones(2, 2));
  CHECK_THROWS_WITH(write_embeddings(emb, dir.path / "v.txt", Format::W2vText),
                    Catch::Contains("new york") && Catch::Contains("--replace-spaces"));
  CHECK_THROWS_AS(write_embeddings(emb, dir.path / "v.tsv", Format::ProjectorTsv), FormatError);
  CHECK(fs::is_empty(dir.path));
  WriteOptions replace;
  replace.replace_spaces = true;
  write_embeddings(emb, dir.path / "v.txt", Format::W2vText, replace);
  CHECK(read_embeddings(dir.path / "v.txt").vocab().words() == std::vector<std::string>{"new_york", "tab_bed"});
  write_embeddings(emb, dir.path / "v.tsv", Format::ProjectorTsv, replace);
  CHECK(read_embeddings(dir.path / "v.tsv").vocab().words() == std::vector<std::string>{"new york", "tab_bed"});
  // Replacement that would make two words equal is an error, not a silent merge.
  Vocab clash;
  clash.add("a b");
  clash.add("a_b");
  emb = Embeddings(std::move(clash), Matrix::Ones(2, 2));
  CHECK_THROWS_WITH(write_embeddings(emb, dir.path / "d.bin", Format::W2vBin, replace), Catch::Contains("already a word"));
}

TEST_CASE("convert: --limit keeps the most frequent, --normalize makes unit rows", "[formats]") {
  TempDir dir("convert");
  auto emb = random_embeddings(20, 4, 8);
  // Counts out of order: the limit goes by count, ties keep file order.
  const std::uint64_t counts[] = {5, 9, 1, 9, 7, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
  Vocab counted;
  for (std::size_t i = 0; i < 20; ++i) counted.add(fmt::format("w{}", i), counts[i]);
  emb = Embeddings(std::move(counted), emb.vectors());
  write_native(emb, dir.path / "in.wv");
  ConvertOptions opts;
  opts.limit = 3;
  opts.normalize = true;
  const auto s = convert_embeddings(dir.path / "in.wv", dir.path / "out.npy", opts);
  CHECK(s.words_read == 20);
  CHECK(s.words_written == 3);
  CHECK(s.from == Format::Native);
  CHECK(s.to == Format::Npy);
  const auto out = read_embeddings(dir.path / "out.npy");
  CHECK(out.vocab().words() == std::vector<std::string>{"w1", "w3", "w4"});
  CHECK(out.vocab().counts() == std::vector<std::uint64_t>{9, 9, 7});
  CHECK(out.vectors().row(1).norm() == Approx(1.0f).epsilon(1e-6));
  const Eigen::RowVectorXf want = emb.vectors().row(3) / emb.vectors().row(3).norm();
  for (Eigen::Index c = 0; c < want.size(); ++c) CHECK(std::abs(out.vectors()(1, c) - want[c]) < 1e-7f);
  // Files without counts keep the first N.
  write_word2vec_binary(emb, dir.path / "in.bin");
  convert_embeddings(dir.path / "in.bin", dir.path / "out.txt", ConvertOptions{{}, {}, false, 2, {}, {}});
  CHECK(read_embeddings(dir.path / "out.txt").vocab().words() == std::vector<std::string>{"w0", "w1"});
  CHECK_THROWS_AS(convert_embeddings(dir.path / "in.bin", dir.path / "out.dat", {}), OptionError);
  CHECK_FALSE(fs::exists(dir.path / "out.dat"));
}

TEST_CASE("read_array refuses a count past the end without touching the output", "[formats]") {
  std::string bytes(12, '\0');
  ByteCursor cur(bytes, "m");
  std::vector<float> out(4, 7.0f);
  CHECK_THROWS_WITH(cur.read_array(out.data(), 4, "four floats"), Catch::Contains("four floats"));
  CHECK(out[0] == 7.0f);
  cur.read_array(out.data(), 3, "three floats");
  CHECK(out[0] == 0.0f);
}

TEST_CASE("writers to an std::ostream write the bytes of the file written by path", "[formats]") {
  TempDir dir("formats-ostream");
  const Embeddings emb = random_embeddings(40, 7, 5);
  for (const Format f : {Format::W2vBin, Format::W2vText, Format::GloveText, Format::FasttextVec, Format::Native}) {
    INFO(format_name(f));
    const auto path = dir.path / file_name(f);
    write_embeddings(emb, path, f);
    std::ostringstream out;
    OstreamSink sink(out, "memory");
    write_embeddings(emb, sink, f);
    sink.flush();
    CHECK(out.str() == slurp(path));
    CHECK(out.str().size() > emb.size() * emb.dim());  // the file holds the vectors, not a stub
  }
  // The two-file formats write to two sinks: each is its file.
  std::ostringstream tsv, meta, npy, words;
  OstreamSink tsv_sink(tsv, "vectors"), meta_sink(meta, "metadata"), npy_sink(npy, "npy"), words_sink(words, "vocab");
  write_projector(emb, tsv_sink, meta_sink);
  write_projector(emb, dir.path / "vectors.tsv");
  CHECK(tsv.str() == slurp(dir.path / "vectors.tsv"));
  CHECK(meta.str() == slurp(projector_metadata_path(dir.path / "vectors.tsv")));
  write_npy(emb, npy_sink, words_sink);
  write_npy(emb, dir.path / "v.npy");
  CHECK(npy.str() == slurp(dir.path / "v.npy"));
  CHECK(words.str() == slurp(npy_vocab_path(dir.path / "v.npy")));
}

TEST_CASE("OstreamSink: a stream in a failed state is an IoError", "[formats]") {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  OstreamSink sink(out, "a broken stream");
  CHECK_THROWS_AS(write_embeddings(random_embeddings(3, 2, 1), sink, Format::W2vText), IoError);
}
