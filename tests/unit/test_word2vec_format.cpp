// word2vec binary and text files, GloVe text, format detection and dispatch.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/io/format.hpp"
#include "wordvec/io/word2vec_format.hpp"

using namespace wordvec;
using wordvec::test::TempDir;
using wordvec::test::slurp;
namespace fs = std::filesystem;

namespace {

fs::path spit(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return path;
}

Embeddings make_embeddings(const std::vector<std::string>& words, const std::vector<std::vector<float>>& rows) {
  Vocab vocab;
  Matrix matrix;
  for (std::size_t i = 0; i < words.size(); ++i) vocab.add(words[i], 10 - i);
  matrix.resize(static_cast<Eigen::Index>(rows.size()), rows.empty() ? 0 : static_cast<Eigen::Index>(rows[0].size()));
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      matrix(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = rows[r][c];
  return Embeddings(std::move(vocab), std::move(matrix));
}

// Random vectors in [-1, 1] for a vocabulary with multi-byte words.
Embeddings random_embeddings(std::size_t n, std::size_t dim, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uni(-1.0f, 1.0f);
  Vocab vocab;
  Matrix matrix;
  const char* const specials[] = {"é", "日本語", "🙂", "naïve", "</s>", "a.b", "x"};
  for (std::size_t i = 0; i < n; ++i) vocab.add(i < 7 ? std::string(specials[i]) : fmt::format("word{}", i), 0);
  matrix.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(dim));
  for (Eigen::Index r = 0; r < matrix.rows(); ++r)
    for (Eigen::Index c = 0; c < matrix.cols(); ++c) matrix(r, c) = uni(rng);
  return Embeddings(std::move(vocab), std::move(matrix));
}

std::string raw_floats(const std::vector<float>& values) {
  std::string out;
  for (const float v : values) {
    char b[4];
    std::memcpy(b, &v, 4);
    out.append(b, 4);
  }
  return out;
}

// Largest absolute difference between two matrices of the same shape.
float max_abs_diff(const Matrix& a, const Matrix& b) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  float worst = 0.0f;
  for (Eigen::Index i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a.data()[i] - b.data()[i]));
  return worst;
}

template <typename F>
std::string format_error_message(F&& f) {
  try {
    f();
  } catch (const FormatError& e) {
    return e.what();
  }
  FAIL("expected a FormatError");
  return {};
}

}  // namespace

TEST_CASE("word2vec binary: write + read round trip is bit-exact", "[word2vec_format]") {
  TempDir dir("w2v");
  auto emb = random_embeddings(40, 13, 1);
  // Values text could not keep: signed zero, denormals, extremes.
  emb.row(0)(0) = -0.0f;
  emb.row(1)(1) = 1e-40f;
  emb.row(2)(2) = std::numeric_limits<float>::max();
  emb.row(3)(3) = -std::numeric_limits<float>::min();
  emb.row(4)(4) = 0.1f;
  const auto path = dir.path / "v.bin";
  write_word2vec_binary(emb, path);
  const auto back = read_word2vec_binary(path);
  REQUIRE(back.size() == 40);
  REQUIRE(back.dim() == 13);
  CHECK(back.vocab().words() == emb.vocab().words());
  CHECK(std::memcmp(back.vectors().data(), emb.vectors().data(), 40 * 13 * sizeof(float)) == 0);
  CHECK(std::signbit(back.vectors()(0, 0)));
  // The file holds no counts.
  CHECK(back.vocab().count(0) == 0);
  // Also through the registry.
  CHECK(detect_format(path) == Format::W2vBin);
  const auto again = read_embeddings(path);
  CHECK(again.vocab().words() == emb.vocab().words());
  CHECK(std::memcmp(again.vectors().data(), emb.vectors().data(), 40 * 13 * sizeof(float)) == 0);
}

TEST_CASE("word2vec binary: exact byte layout", "[word2vec_format]") {
  TempDir dir("w2v");
  const auto emb = make_embeddings({"ab", "ü"}, {{1.0f, -2.5f, 0.0f}, {0.25f, 3.0f, -1.0f}});
  const auto path = dir.path / "v.bin";
  write_word2vec_binary(emb, path);
  const std::string want = std::string("2 3\n") + "ab " + raw_floats({1.0f, -2.5f, 0.0f}) + "\n" + "ü " +
                           raw_floats({0.25f, 3.0f, -1.0f}) + "\n";
  // 1.0f as little-endian bytes, spelled out so the helper above cannot hide an endianness mistake.
  CHECK(want.substr(7, 4) == std::string("\x00\x00\x80\x3f", 4));
  CHECK(slurp(path) == want);
  CHECK(fs::file_size(path) == 4 + 3 + 12 + 1 + 3 + 12 + 1);
}

TEST_CASE("word2vec binary: reads files without the newline after each vector", "[word2vec_format]") {
  const std::string bytes = std::string("2 2\n") + "a " + raw_floats({1, 2}) + "b " + raw_floats({3, 4});
  const auto emb = parse_word2vec_binary(bytes, "mem");
  REQUIRE(emb.size() == 2);
  CHECK(emb.vocab().words() == std::vector<std::string>{"a", "b"});
  CHECK(emb.vectors()(1, 1) == 4.0f);
}

TEST_CASE("word2vec binary: every truncation gives FormatError", "[word2vec_format]") {
  const auto emb = make_embeddings({"alpha", "beta", "gamma"}, {{1, 2, 3, 4}, {5, 6, 7, 8}, {-1, -2, -3, -4}});
  TempDir dir("w2v");
  write_word2vec_binary(emb, dir.path / "full.bin");
  const auto full = slurp(dir.path / "full.bin");
  // Everything short of the final newline is incomplete.
  for (std::size_t len = 0; len + 1 < full.size(); ++len) {
    INFO("cut at " << len << " of " << full.size() << " bytes");
    CHECK_THROWS_AS(parse_word2vec_binary(std::string_view(full).substr(0, len), "cut.bin"), FormatError);
  }
  CHECK(parse_word2vec_binary(std::string_view(full).substr(0, full.size() - 1), "cut.bin").size() == 3);
  // Through a real file, the message names it and the byte where data ran out.
  spit(dir.path / "cut.bin", full.substr(0, full.size() - 6));
  const auto msg = format_error_message([&] { read_word2vec_binary(dir.path / "cut.bin"); });
  CHECK_THAT(msg, Catch::Contains("cut.bin"));
  CHECK_THAT(msg, Catch::Contains("byte"));
  CHECK_THAT(msg, Catch::Contains("gamma"));
}

TEST_CASE("word2vec binary: byte offsets in messages count from the start of the file",
          "[word2vec_format]") {
  // "2 2\n" (4 bytes) + "aaaaaaaaaa " + 8 bytes + "\n" (20) + "b " (2): b's floats start at byte 26,
  // and 25 bytes after the header pass the size check for two vectors.
  const std::string bytes =
      "2 2\n" + std::string("aaaaaaaaaa ") + raw_floats({1, 2}) + "\n" + "b " + std::string("\x01\x02\x03", 3);
  const auto msg = format_error_message([&] { parse_word2vec_binary(bytes, "short.bin"); });
  CHECK_THAT(msg, Catch::Contains("'b'"));
  CHECK_THAT(msg, Catch::Contains("byte 26"));
  // The word-level messages already do: an unterminated word at byte 24.
  const std::string no_space = "2 2\n" + std::string("aaaaaaaaaa ") + raw_floats({1, 2}) + "\n" + "bbbbbbbbbbbbbbbbbbbbbbbbbb";
  CHECK_THAT(format_error_message([&] { parse_word2vec_binary(no_space, "short.bin"); }), Catch::Contains("byte 24"));
}

TEST_CASE("word2vec binary: impossible headers are refused before allocating", "[word2vec_format]") {
  const std::string body = "a " + raw_floats({1, 2, 3, 4}) + "\n";
  for (const char* header : {"1000000000000 4\n", "1000000000000 100\n", "1 1000000000000\n", "2 4\n",
                             "18446744073709551615 18446744073709551615\n", "4611686018427387905 4\n"}) {
    INFO("header " << header);
    CHECK_THROWS_AS(parse_word2vec_binary(header + body, "big.bin"), FormatError);
  }
  const auto msg = format_error_message([&] { parse_word2vec_binary("1000000000000 4\n" + body, "big.bin"); });
  CHECK_THAT(msg, Catch::Contains("1000000000000"));
  for (const char* header : {"x 4\n", "1 0\n", "1\n", "1 4 5\n", "-1 4\n", ""}) {
    INFO("header " << header);
    CHECK_THROWS_AS(parse_word2vec_binary(header + body, "bad.bin"), FormatError);
  }
}

TEST_CASE("word2vec binary: duplicate and empty words are FormatError", "[word2vec_format]") {
  const std::string dup = "2 1\n" + std::string("a ") + raw_floats({1}) + "\na " + raw_floats({2}) + "\n";
  CHECK_THAT(format_error_message([&] { parse_word2vec_binary(dup, "dup.bin"); }), Catch::Contains("duplicate"));
  const std::string empty = "1 1\n" + std::string(" ") + raw_floats({1}) + "\n";
  CHECK_THROWS_AS(parse_word2vec_binary(empty + "pad", "empty.bin"), FormatError);
}

TEST_CASE("word2vec text: write + read round trip is bit-exact with shortest decimals", "[word2vec_format]") {
  TempDir dir("w2v");
  auto emb = random_embeddings(50, 7, 2);
  emb.row(0)(0) = -0.0f;
  emb.row(1)(1) = 1e-40f;  // a denormal
  emb.row(2)(2) = std::numeric_limits<float>::max();
  emb.row(3)(3) = std::numeric_limits<float>::denorm_min();
  const auto path = dir.path / "v.txt";
  write_word2vec_text(emb, path);
  const auto back = read_word2vec_text(path);
  REQUIRE(back.size() == 50);
  REQUIRE(back.dim() == 7);
  CHECK(back.vocab().words() == emb.vocab().words());
  CHECK(std::memcmp(back.vectors().data(), emb.vectors().data(), 50 * 7 * sizeof(float)) == 0);
  CHECK(std::signbit(back.vectors()(0, 0)));
  CHECK(detect_format(path) == Format::W2vText);
  const auto again = read_embeddings(path);
  CHECK(max_abs_diff(again.vectors(), emb.vectors()) == 0.0f);
}

TEST_CASE("word2vec text: exact layout with shortest decimals", "[word2vec_format]") {
  TempDir dir("w2v");
  const std::vector<std::vector<float>> rows = {{0.5f, -0.25f, 1.0f / 3.0f}, {0.1f, -0.0000004f, 123.456f}};
  const auto emb = make_embeddings({"one", "два"}, rows);
  const auto path = dir.path / "v.txt";
  write_word2vec_text(emb, path);
  CHECK(slurp(path) == "2 3\none 0.5 -0.25 0.33333334\nдва 0.1 -4e-07 123.456\n");
}

TEST_CASE("GloVe text: no header, reads back", "[word2vec_format]") {
  TempDir dir("glove");
  const auto emb = make_embeddings({"the", "of"}, {{0.5f, -1.0f}, {0.125f, 0.75f}});
  const auto path = dir.path / "glove.txt";
  write_glove_text(emb, path);
  CHECK(slurp(path) == "the 0.5 -1\nof 0.125 0.75\n");
  write_embeddings(emb, dir.path / "glove2.txt", Format::GloveText);
  CHECK(slurp(dir.path / "glove2.txt") == slurp(path));

  const auto hand = spit(dir.path / "hand.txt", "the 0.418 0.24968 -0.41242\n, 0.013441 0.23682 -0.16899\r\n\n. 0.15164 0.30177 -0.16763");
  CHECK(detect_format(hand) == Format::GloveText);
  const auto back = read_embeddings(hand);
  REQUIRE(back.size() == 3);
  REQUIRE(back.dim() == 3);
  CHECK(back.vocab().words() == std::vector<std::string>{"the", ",", "."});
  CHECK(back.vectors()(0, 0) == Approx(0.418f));
  CHECK(back.vectors()(1, 2) == Approx(-0.16899f));
  CHECK(back.vectors()(2, 2) == Approx(-0.16763f));
}

TEST_CASE("word2vec text: wrong number of values names the line", "[word2vec_format]") {
  SECTION("with a header") {
    const auto msg = format_error_message(
        [] { parse_word2vec_text("3 2\na 0.1 0.2\nb 0.1\nc 0.1 0.2\n", "rows.txt"); });
    CHECK_THAT(msg, Catch::Contains("rows.txt"));
    CHECK_THAT(msg, Catch::Contains("line 3"));
    CHECK_THAT(msg, Catch::Contains("expected 2 values, got 1"));
  }
  SECTION("without a header, after a blank line") {
    const auto msg =
        format_error_message([] { parse_word2vec_text("a 0.1 0.2\nb 0.3 0.4\n\nc 0.1 0.2 0.3\n", "glove.txt"); });
    CHECK_THAT(msg, Catch::Contains("line 4"));
    CHECK_THAT(msg, Catch::Contains("expected 2 values, got 3"));
  }
  SECTION("a bad number") {
    const auto msg = format_error_message([] { parse_word2vec_text("2 2\na 0.1 0.2\nb 0.1 zero\n", "num.txt"); });
    CHECK_THAT(msg, Catch::Contains("line 3"));
    CHECK_THAT(msg, Catch::Contains("zero"));
  }
  SECTION("count in the header does not match") {
    CHECK_THROWS_AS(parse_word2vec_text("3 2\na 0.1 0.2\nb 0.1 0.3\n", "count.txt"), FormatError);
  }
  SECTION("duplicate word") {
    CHECK_THAT(format_error_message([] { parse_word2vec_text("a 1 2\nb 3 4\na 5 6\n", "dup.txt"); }),
               Catch::Contains("line 3"));
  }
  SECTION("no vectors") {
    CHECK_THROWS_AS(parse_word2vec_text("\n\n", "empty.txt"), FormatError);
    CHECK_THROWS_AS(parse_word2vec_text("lonely\n", "one.txt"), FormatError);
  }
}

TEST_CASE("word2vec text: a header claiming 1e12 vectors is refused", "[word2vec_format]") {
  const auto msg = format_error_message([] { parse_word2vec_text("1000000000000 2\na 0.1 0.2\n", "big.txt"); });
  CHECK_THAT(msg, Catch::Contains("line 1"));
}

TEST_CASE("word2vec text: a header claiming a huge dimension is refused before allocating",
          "[word2vec_format]") {
  // The count check allows one vector whatever the dimension, so the reader reserves count * dim
  // floats first: 2^62 floats is std::length_error ("1 1000000000000" would try to allocate 4 TB,
  // which sanitizer builds abort on, so it is not tried here).
  for (const char* header : {"1 4611686018427387904\n", "2 2305843009213693952\n"}) {
    INFO("header " << header);
    try {
      parse_word2vec_text(std::string(header) + "a 0.1 0.2\n", "huge-dim.txt");
      FAIL_CHECK("no exception");
    } catch (const FormatError&) {
      SUCCEED();
    } catch (const std::exception& e) {
      FAIL_CHECK("expected FormatError, got " << e.what());
    }
  }
}

TEST_CASE("writers refuse words that cannot be stored", "[word2vec_format]") {
  TempDir dir("w2v");
  for (const char* word : {"two words", "tab\there", "new\nline", ""}) {
    INFO("word '" << word << "'");
    const auto emb = make_embeddings({"ok", word}, {{1.0f}, {2.0f}});
    CHECK_THROWS_AS(write_word2vec_binary(emb, dir.path / "v.bin"), FormatError);
    CHECK_THROWS_AS(write_word2vec_text(emb, dir.path / "v.txt"), FormatError);
    CHECK_THROWS_AS(write_glove_text(emb, dir.path / "g.txt"), FormatError);
  }
  CHECK(fs::is_empty(dir.path));
  // A vocabulary and a matrix that disagree cannot even be made.
  const auto emb = make_embeddings({"a", "b"}, {{1.0f}, {2.0f}});
  CHECK_THROWS_WITH(Embeddings(emb.vocab(), emb.vectors().topRows(1)), Catch::Contains("2 words but 1 vectors"));
}

TEST_CASE("write into a missing directory is IoError", "[word2vec_format]") {
  TempDir dir("w2v");
  const auto emb = make_embeddings({"a"}, {{1.0f}});
  CHECK_THROWS_AS(write_word2vec_binary(emb, dir.path / "missing" / "v.bin"), IoError);
  CHECK_THROWS_AS(write_embeddings(emb, dir.path / "missing" / "v.txt", Format::W2vText), IoError);
  CHECK_THROWS_AS(read_embeddings(dir.path / "nothing-here.bin"), IoError);
}

TEST_CASE("detect_format tells binary from text", "[word2vec_format]") {
  TempDir dir("detect");
  const auto emb = random_embeddings(20, 5, 3);
  write_embeddings(emb, dir.path / "a.bin", Format::W2vBin);
  write_embeddings(emb, dir.path / "a.txt", Format::W2vText);
  write_embeddings(emb, dir.path / "a.vec", Format::FasttextVec);
  write_embeddings(emb, dir.path / "g.txt", Format::GloveText);
  CHECK(detect_format(dir.path / "a.bin") == Format::W2vBin);
  CHECK(detect_format(dir.path / "a.txt") == Format::W2vText);
  CHECK(detect_format(dir.path / "a.vec") == Format::W2vText);  // the same layout: nothing tells them apart
  CHECK(detect_format(dir.path / "g.txt") == Format::GloveText);
  // Binary with vectors whose bytes are mostly printable still has a giveaway byte.
  const auto ones = make_embeddings({"a", "b"}, {{1.0f, 2.0f}, {3.0f, 4.0f}});
  write_word2vec_binary(ones, dir.path / "ones.bin");
  CHECK(detect_format(dir.path / "ones.bin") == Format::W2vBin);
  // All readers agree on the content.
  for (const char* name : {"a.bin", "a.txt", "a.vec", "g.txt"}) {
    INFO(name);
    const auto back = read_embeddings(dir.path / name);
    CHECK(back.vocab().words() == emb.vocab().words());
    CHECK(max_abs_diff(back.vectors(), emb.vectors()) <= 1e-6f);
  }
  spit(dir.path / "empty", "");
  CHECK_THROWS_AS(detect_format(dir.path / "empty"), FormatError);
  CHECK(looks_like_word2vec_binary(std::string("1 2\na ") + raw_floats({1.0f, -1.0f})));
  CHECK_FALSE(looks_like_word2vec_binary("1 2\na 1.000000 -1.000000 \n"));
  CHECK_FALSE(looks_like_word2vec_binary("1 2\n\xce\xb1 1 -1\n"));
  CHECK_FALSE(looks_like_word2vec_binary("a 1.0 2.0\n"));
}

TEST_CASE("detect_format: short text rows followed by non-ASCII words are text", "[word2vec_format]") {
  // The sniffer inspects dim * 4 bytes after the first space; with one-character values that runs
  // past the first row into the next (UTF-8) word and mistakes the text for binary.
  TempDir dir("detect");
  const auto path = spit(dir.path / "hand.txt", "2 3\nα 1 0 0\nβ 0 1 0\n");
  CHECK(detect_format(path) == Format::W2vText);
  Embeddings emb;
  CHECK_NOTHROW(emb = read_embeddings(path));
  CHECK(emb.vocab().words() == std::vector<std::string>{"α", "β"});
}

TEST_CASE("format names and extensions", "[word2vec_format]") {
  for (const auto& name : format_names()) CHECK(format_name(parse_format(name)) == name);
  CHECK(parse_format("w2v-bin") == Format::W2vBin);
  CHECK_THROWS_AS(parse_format("word2vec"), OptionError);
  CHECK(format_for_extension("x/v.bin") == Format::W2vBin);
  CHECK(format_for_extension("v.txt") == Format::W2vText);
  CHECK(format_for_extension("v.vec") == Format::FasttextVec);
  CHECK_THROWS_AS(format_for_extension("v.dat"), OptionError);
}
