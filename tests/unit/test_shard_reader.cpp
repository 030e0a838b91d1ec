// ShardReader + Corpus: the byte shards of a corpus together yield every token exactly once, in
// order, line by line; plain, gzip and error cases.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "corpus/line_reader.hpp"
#include "corpus/shard_reader.hpp"

using namespace wordvec;
using wordvec::test::TempDir;
namespace fs = std::filesystem;

namespace {

void spit(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

void write_gzip(const fs::path& path, const std::string& text) {
  gzFile gz = gzopen(path.c_str(), "wb");
  REQUIRE(gz != nullptr);
  // Several writes, so the stream has more than one deflate block boundary.
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto n = std::min<std::size_t>(text.size() - pos, 300000);
    REQUIRE(gzwrite(gz, text.data() + pos, static_cast<unsigned>(n)) == static_cast<int>(n));
    pos += n;
  }
  REQUIRE(gzclose(gz) == Z_OK);
}

using Lines = std::vector<std::vector<std::string>>;

// Text plus the non-empty lines of tokens it is made of.
struct Fixture {
  std::string text;
  Lines lines;
};

// Random text with every kind of separator, blank lines, CRLF, multi-byte UTF-8 and, optionally,
// giant tokens at the start, in the middle and (without a final newline) at the end.
Fixture make_fixture(unsigned seed, int line_count, bool giants) {
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const std::vector<std::string> separators = {" ", " ", " ", "\t", "  ", " \t ", "\v", "\f", "\r", " \r "};
  const std::vector<std::string> special = {"é", "日本語", "naïve", "🙂", "Ω≈ç√", "x", "a-b", "ümlaut", "«quote»",
                                            "\xc2\xa0nbsp", "0.25", "--", "Ünïcödé_wörd_that_is_a_bit_longer"};
  auto random_word = [&] {
    if (pick(4) == 0) return special[static_cast<std::size_t>(pick(static_cast<int>(special.size())))];
    std::string w;
    const int len = 1 + pick(pick(5) == 0 ? 40 : 8);
    for (int i = 0; i < len; ++i) w += static_cast<char>("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789'.,"[pick(49)]);
    return w;
  };
  auto giant = [&](std::size_t size, char first) {
    std::string w(size, 'g');
    for (std::size_t i = 0; i < size; ++i) w[i] = static_cast<char>('a' + (i * 7 + i / 1000) % 26);
    w[0] = first;
    w[size - 1] = 'Z';
    return w;
  };

  Fixture f;
  auto add_line = [&](std::vector<std::string> tokens, bool final_line) {
    std::string line;
    if (pick(3) == 0) line += separators[static_cast<std::size_t>(pick(static_cast<int>(separators.size())))];
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (i > 0) line += separators[static_cast<std::size_t>(pick(static_cast<int>(separators.size())))];
      line += tokens[i];
    }
    if (pick(4) == 0) line += separators[static_cast<std::size_t>(pick(static_cast<int>(separators.size())))];
    f.text += line;
    if (!final_line) f.text += pick(3) == 0 ? "\r\n" : "\n";
    if (!tokens.empty()) f.lines.push_back(std::move(tokens));
  };

  if (giants) add_line({giant(1'300'000, 'S'), "after-start-giant"}, false);
  for (int l = 0; l < line_count; ++l) {
    std::vector<std::string> tokens;
    const int n = pick(6) == 0 ? 0 : 1 + pick(14);  // some blank or whitespace-only lines
    for (int i = 0; i < n; ++i) tokens.push_back(random_word());
    if (giants && l == line_count / 2) tokens.insert(tokens.begin() + static_cast<long>(tokens.size() / 2), giant(1'100'000, 'M'));
    add_line(std::move(tokens), false);
  }
  add_line({"second-last", "line"}, false);
  f.text += "\n\n \t\n";  // blank lines before the last one
  if (giants) add_line({"last", giant(2'600'000, 'E')}, true);
  else add_line({"last", "line", "no-newline"}, true);
  return f;
}

// Reads every shard of [0, size) split at `cuts` (sorted, inner boundaries), in order; each entry
// is the tokens of one next_line() call.
Lines read_split(const fs::path& path, std::uint64_t size, const std::vector<std::uint64_t>& cuts) {
  Lines pieces;
  std::uint64_t begin = 0;
  for (std::size_t s = 0; s <= cuts.size(); ++s) {
    const std::uint64_t end = s < cuts.size() ? cuts[s] : size;
    ShardReader reader(path, begin, end);
    std::vector<std::string> tokens;
    while (reader.next_line([&](std::string_view t) { tokens.emplace_back(t); })) {
      pieces.push_back(std::move(tokens));
      tokens.clear();
    }
    pieces.push_back({});  // marks the shard end (dropped by the checker)
    CHECK(tokens.empty());  // no tokens from a call that returned false
    begin = end;
  }
  return pieces;
}

std::string shorten(const std::string& s) { return s.size() > 40 ? fmt::format("{}...({} bytes)", s.substr(0, 40), s.size()) : s; }

// Empty when `pieces` (next_line results, shards separated by empty entries) read `lines` exactly:
// all tokens once and in order, each piece inside one line, a line split only at shard ends.
std::string check_pieces(const Lines& pieces, const Lines& lines) {
  std::vector<const std::string*> flat;
  std::vector<std::size_t> line_of;
  for (std::size_t l = 0; l < lines.size(); ++l)
    for (const auto& t : lines[l]) {
      flat.push_back(&t);
      line_of.push_back(l);
    }
  std::size_t pos = 0, piece_count = 0, shards = 0;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const auto& piece = pieces[i];
    if (piece.empty()) {
      ++shards;
      continue;
    }
    ++piece_count;
    const std::size_t first = pos;
    for (const auto& t : piece) {
      if (pos >= flat.size()) return fmt::format("extra token '{}' after all {} tokens", shorten(t), flat.size());
      if (t != *flat[pos]) return fmt::format("token {}: got '{}', expected '{}'", pos, shorten(t), shorten(*flat[pos]));
      ++pos;
    }
    if (line_of[first] != line_of[pos - 1])
      return fmt::format("one next_line() call mixed lines {} and {}", line_of[first], line_of[pos - 1]);
    // A piece may start mid-line only as the first piece of a shard (right after a shard marker).
    if (first > 0 && line_of[first - 1] == line_of[first] && !pieces[i - 1].empty())
      return fmt::format("line {} was split inside a shard", line_of[first]);
  }
  if (pos != flat.size()) return fmt::format("read {} of {} tokens", pos, flat.size());
  if (piece_count > lines.size() + shards - 1)
    return fmt::format("{} pieces for {} lines in {} shards", piece_count, lines.size(), shards);
  return {};
}

Lines read_corpus_shards(const Corpus& corpus, int count) {
  std::vector<std::uint64_t> cuts;
  for (int i = 1; i < count; ++i) cuts.push_back(corpus.shard(i, count).first);
  return read_split(corpus.text_path(), corpus.size_bytes(), cuts);
}

}  // namespace

TEST_CASE("Corpus shards cover the file without gaps", "[corpus]") {
  TempDir dir("corpus");
  spit(dir.path / "c.txt", std::string(1001, 'a'));
  const auto corpus = Corpus::open((dir.path / "c.txt").string());
  CHECK(corpus.size_bytes() == 1001);
  CHECK(corpus.name() == (dir.path / "c.txt").string());
  for (int count = 1; count <= 7; ++count) {
    std::uint64_t expect_begin = 0;
    for (int i = 0; i < count; ++i) {
      const auto [b, e] = corpus.shard(i, count);
      CHECK(b == expect_begin);
      CHECK(e >= b);
      CHECK(e - b <= 1001 / static_cast<unsigned>(count) + 1);
      expect_begin = e;
    }
    CHECK(expect_begin == 1001);
  }
}

TEST_CASE("ShardReader: shards 1..7 yield every token once, in order, by line", "[shard_reader]") {
  TempDir dir("shards");
  const auto fixture = make_fixture(12345, 400, true);
  const auto path = dir.path / "corpus.txt";
  spit(path, fixture.text);
  const auto corpus = Corpus::open(path.string());
  REQUIRE(corpus.size_bytes() == fixture.text.size());
  CHECK(corpus.text_path() == path);

  for (int count = 1; count <= 7; ++count) {
    INFO(count << " shards");
    const auto pieces = read_corpus_shards(corpus, count);
    CHECK(check_pieces(pieces, fixture.lines) == "");
    // One next_line() call per non-empty line and one marker per shard: no line was split or lost.
    if (count == 1) CHECK(pieces.size() == fixture.lines.size() + 1);
  }
}

TEST_CASE("ShardReader: small text split at every byte", "[shard_reader]") {
  TempDir dir("shards");
  const auto fixture = make_fixture(777, 12, false);
  const auto path = dir.path / "small.txt";
  spit(path, fixture.text);
  const std::uint64_t size = fixture.text.size();
  for (std::uint64_t cut = 0; cut <= size; ++cut) {
    INFO("cut at byte " << cut << " of " << size);
    CHECK(check_pieces(read_split(path, size, {cut}), fixture.lines) == "");
  }
  // Three shards with boundaries at every pair of nearby positions, empty shards included.
  for (std::uint64_t a = 0; a <= size; a += 7)
    for (std::uint64_t b = a; b <= std::min(size, a + 8); ++b) {
      INFO("cuts at " << a << " and " << b);
      CHECK(check_pieces(read_split(path, size, {a, b}), fixture.lines) == "");
    }
}

TEST_CASE("ShardReader: more shards than bytes", "[shard_reader]") {
  TempDir dir("shards");
  const auto path = dir.path / "tiny.txt";
  spit(path, "a bc\nd");
  const auto corpus = Corpus::open(path.string());
  for (int count = 1; count <= 7; ++count) {
    INFO(count << " shards");
    CHECK(check_pieces(read_corpus_shards(corpus, count), Lines{{"a", "bc"}, {"d"}}) == "");
  }
}

TEST_CASE("ShardReader and LineReader skip a byte order mark, however the file is split", "[shard_reader][utf8]") {
  TempDir dir("shards");
  const auto path = dir.path / "bom.txt";
  const std::string text = "\xef\xbb\xbf" "a bc\nd e\n";
  spit(path, text);
  const std::uint64_t size = text.size();
  for (std::uint64_t a = 0; a <= size; ++a)
    for (std::uint64_t b = a; b <= size; ++b) {
      INFO("cuts at " << a << " and " << b);
      CHECK(check_pieces(read_split(path, size, {a, b}), Lines{{"a", "bc"}, {"d", "e"}}) == "");
      std::string all;
      for (const auto& [begin, end] : {std::pair<std::uint64_t, std::uint64_t>{0, a}, {a, b}, {b, size}}) {
        LineReader r(path, begin, end);
        std::string_view line;
        while (r.next(line)) all += std::string(line) + "|";
      }
      CHECK(all == "a bc|d e|");
    }
}

TEST_CASE("ShardReader: rewind re-reads the same tokens", "[shard_reader]") {
  TempDir dir("shards");
  const auto fixture = make_fixture(99, 300, true);
  const auto path = dir.path / "corpus.txt";
  spit(path, fixture.text);
  const auto corpus = Corpus::open(path.string());
  const int count = 3;
  std::size_t lines_read = 0;
  for (int s = 0; s < count; ++s) {
    const auto [begin, end] = corpus.shard(s, count);
    ShardReader reader(corpus.text_path(), begin, end);
    auto read_all = [&] {
      Lines lines;
      std::vector<std::string> tokens;
      while (reader.next_line([&](std::string_view t) { tokens.emplace_back(t); })) {
        lines.push_back(tokens);
        tokens.clear();
      }
      CHECK_FALSE(reader.next_line([&](std::string_view t) { tokens.emplace_back(t); }));  // stays exhausted
      CHECK(tokens.empty());
      return lines;
    };
    const auto first = read_all();
    lines_read += first.size();  // the last shard lies inside the final giant token: it may be empty
    reader.rewind();
    const auto second = read_all();
    CHECK((first == second));
    // Rewinding halfway through gives the same again.
    reader.rewind();
    for (int i = 0; i < 5; ++i) reader.next_line([](std::string_view) {});
    reader.rewind();
    CHECK((read_all() == first));
  }
  CHECK(lines_read >= fixture.lines.size());
}

TEST_CASE("Corpus: a .gz file gives the same tokens as the plain text", "[corpus]") {
  TempDir dir("gz");
  TempDir spool("gzspool");
  const auto fixture = make_fixture(4242, 500, true);
  const auto gz = dir.path / "corpus.txt.gz";
  write_gzip(gz, fixture.text);
  REQUIRE(fs::file_size(gz) < fixture.text.size());
  fs::path spooled;
  {
    auto corpus = Corpus::open(gz.string(), spool.path);
    CHECK(corpus.name() == gz.string());
    CHECK(corpus.size_bytes() == fixture.text.size());
    spooled = corpus.text_path();
    CHECK(spooled != gz);
    // The copy was made in the temp dir and unlinked at once: nothing there to leak or leave behind.
    CHECK(fs::is_empty(spool.path));
    REQUIRE(fs::exists(spooled));
    for (int count : {1, 2, 5}) {
      INFO(count << " shards");
      CHECK(check_pieces(read_corpus_shards(corpus, count), fixture.lines) == "");
    }
    // A moved-from Corpus does not remove the file the new one owns.
    const Corpus moved(std::move(corpus));
    CHECK(fs::exists(moved.text_path()));
  }
  CHECK_FALSE(fs::exists(spooled));  // the descriptor is closed
  CHECK(fs::is_empty(spool.path));
  CHECK(fs::is_empty(spool.path));
}

TEST_CASE("Corpus: open errors", "[corpus]") {
  TempDir dir("corpus-errors");
  SECTION("missing file gives IoError") {
    CHECK_THROWS_AS(Corpus::open((dir.path / "missing.txt").string()), IoError);
    CHECK_THROWS_AS(Corpus::open((dir.path / "missing.txt.gz").string(), dir.path), IoError);
  }
  SECTION("a directory gives IoError") {
    fs::create_directory(dir.path / "sub");
    CHECK_THROWS_AS(Corpus::open((dir.path / "sub").string()), IoError);
  }
  SECTION("empty file gives DataError") {
    spit(dir.path / "empty.txt", "");
    CHECK_THROWS_AS(Corpus::open((dir.path / "empty.txt").string()), DataError);
    TempDir spool("spool");
    write_gzip(dir.path / "empty.txt.gz", "");
    CHECK_THROWS_AS(Corpus::open((dir.path / "empty.txt.gz").string(), spool.path), DataError);
    CHECK(fs::is_empty(spool.path));  // the spooled copy is removed on failure
  }
  SECTION("truncated gzip gives FormatError and leaves no temporary") {
    const auto fixture = make_fixture(5, 2000, false);
    write_gzip(dir.path / "full.gz", fixture.text);
    std::ifstream in(dir.path / "full.gz", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    spit(dir.path / "cut.gz", bytes.substr(0, bytes.size() / 2));
    TempDir spool("spool");
    CHECK_THROWS_AS(Corpus::open((dir.path / "cut.gz").string(), spool.path), FormatError);
    CHECK(fs::is_empty(spool.path));
  }
  SECTION("ShardReader on a missing file gives IoError") {
    CHECK_THROWS_AS(ShardReader(dir.path / "missing.txt", 0, 10), IoError);
  }
}
