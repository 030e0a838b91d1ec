// Valid output or an error: UTF-8 in the corpus, diverging training, safe messages, non-finite text values.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "wordvec/core/error.hpp"
#include "wordvec/core/utf8.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/eval/analogy_eval.hpp"
#include "wordvec/eval/similarity_eval.hpp"
#include "wordvec/io/format.hpp"
#include "wordvec/io/projector_format.hpp"
#include "wordvec/io/vocab_file.hpp"
#include "wordvec/train/training_loop.hpp"
#include "wordvec/vocab/vocab.hpp"

using namespace wordvec;
using wordvec::test::TempDir;

namespace {
void spit(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}
}  // namespace

TEST_CASE("printable_word escapes control characters and broken UTF-8, and cuts long values", "[messages]") {
  CHECK(printable_word("plain") == "plain");
  CHECK(printable_word("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(printable_word("a\x1b[31mb") == "a\\x1b[31mb");
  CHECK(printable_word("caf\xe9") == "caf\\xe9");
  const std::string long_word(10'000'000, 'x');
  const auto shown = printable_word(long_word);
  CHECK(shown == std::string(80, 'x') + "\xe2\x80\xa6(10000000 bytes)");
  // The cut does not split a character.
  const std::string accents = std::string(79, 'a') + "\xc3\xa9" + std::string(10, 'b');
  CHECK(printable_word(accents).substr(0, 79) == std::string(79, 'a'));
  CHECK(invalid_utf8_offset(printable_word(accents)) == std::string::npos);
}

TEST_CASE("append_replacing_invalid_utf8 puts one U+FFFD per maximal subpart, as Python's errors='replace'", "[utf8]") {
  const auto replaced = [](std::string_view in, std::size_t* n = nullptr) {
    std::string out;
    const auto count = append_replacing_invalid_utf8(in, out);
    if (n) *n = count;
    return out;
  };
  const std::string r = "\xef\xbf\xbd";
  std::size_t n = 0;
  CHECK(replaced("caf\xc3\xa9", &n) == "caf\xc3\xa9");
  CHECK(n == 0);
  CHECK(replaced("caf\xe9 x", &n) == "caf" + r + " x");  // Latin-1
  CHECK(n == 1);
  // Expected values from CPython 3: b'...'.decode('utf-8', 'replace').
  CHECK(replaced("\xe2\x82x") == r + "x");                 // a truncated 3-byte sequence: one
  CHECK(replaced("\xed\xa0\x80") == r + r + r);            // a surrogate: ED takes 80..9F only
  CHECK(replaced("\xc0\xaf") == r + r);                    // overlong: C0 is never valid
  CHECK(replaced("\xf0\x80\x80\x80") == r + r + r + r);     // overlong 4-byte form
  CHECK(replaced("\xf4\x90\x80\x80") == r + r + r + r);     // past U+10FFFF
  CHECK(replaced("\xf0\x9f\x98") == r);                    // an emoji cut short
  CHECK(replaced("\x80\xbf", &n) == r + r);                 // lone continuation bytes
  CHECK(n == 2);
  CHECK(invalid_utf8_offset(replaced("a\xff\xfe\xe2\x82")) == std::string::npos);
}

TEST_CASE("build_vocab: invalid UTF-8 stops with line and byte offset, or its lines are skipped or repaired",
          "[vocab][utf8]") {
  TempDir dir("utf8");
  const auto path = dir.path / "corpus.txt";
  spit(path, "good words here\nmore good words\nthe caf\xe9 is open\ncaf\xe9 again\n");
  Corpus corpus = Corpus::open(path.string());
  VocabOptions options;
  options.min_count = 1;
  std::vector<std::string> notes;
  options.notice = [&](const std::string& note) { notes.push_back(note); };
  try {
    build_vocab(corpus, options);
    FAIL("expected FormatError");
  } catch (const FormatError& e) {
    // "the" starts at byte 32 of line 3; "caf\xe9" at byte 36, its bad byte at 39.
    CHECK_THAT(std::string(e.what()), Catch::Contains("line 3, byte 39: the word 'caf\\xe9' is not valid UTF-8"));
  }
  CHECK(notes.empty());

  SECTION("skip leaves out the whole lines") {
    options.invalid_utf8 = InvalidUtf8::Skip;
    VocabStats stats;
    const Vocab vocab = build_vocab(corpus, options, &stats);
    CHECK_FALSE(vocab.contains("caf\xe9"));
    CHECK_FALSE(vocab.contains("open"));   // on the same line
    CHECK_FALSE(vocab.contains("again"));
    CHECK(vocab.contains("here"));
    CHECK(stats.tokens == 6);
    CHECK(stats.invalid_utf8.lines == 2);
    CHECK(stats.invalid_utf8.first_line == 3);
    REQUIRE(notes.size() == 1);
    CHECK_THAT(notes[0], Catch::Contains("left out 2 lines that are not valid UTF-8 (the first is line 3)"));
  }
  SECTION("replace puts U+FFFD in place of each invalid sequence, and training reads the same text") {
    options.invalid_utf8 = InvalidUtf8::Replace;
    VocabStats stats;
    const Vocab vocab = build_vocab(corpus, options, &stats);
    CHECK(vocab.contains("caf\xef\xbf\xbd"));
    CHECK(vocab.count(static_cast<std::size_t>(vocab.find("caf\xef\xbf\xbd"))) == 2);
    CHECK(vocab.contains("open"));
    CHECK(stats.tokens == 12);
    CHECK(stats.invalid_utf8.sequences == 2);
    CHECK(stats.invalid_utf8.lines == 2);
    REQUIRE(notes.size() == 1);
    CHECK_THAT(notes[0], Catch::Contains("replaced 2 invalid UTF-8 sequences by U+FFFD on 2 lines"));
    // Every later reader (training, co-occurrences) reads the repaired copy: counting it again finds no invalid word.
    options.invalid_utf8 = InvalidUtf8::Error;
    CHECK_NOTHROW(build_vocab(corpus, options));
  }
}

TEST_CASE("A corpus that starts with a byte order mark: skipped by every shard, with a note", "[vocab][utf8]") {
  TempDir dir("bom");
  const auto path = dir.path / "corpus.txt";
  std::string text = "\xef\xbb\xbf" "alpha beta\n";
  for (int i = 0; i < 2000; ++i) text += "gamma delta alpha\n";
  spit(path, text);
  Corpus corpus = Corpus::open(path.string());
  CHECK(corpus.starts_with_bom());
  for (const int threads : {1, 3}) {
    VocabOptions options;
    options.min_count = 1;
    options.threads = threads;
    std::vector<std::string> notes;
    options.notice = [&](const std::string& note) { notes.push_back(note); };
    VocabStats stats;
    const Vocab vocab = build_vocab(corpus, options, &stats);
    CHECK(vocab.size() == 4);
    CHECK(vocab.count(static_cast<std::size_t>(vocab.find("alpha"))) == 2001);
    CHECK(stats.tokens == 2 + 3 * 2000);
    REQUIRE(notes.size() == 1);
    CHECK_THAT(notes[0], Catch::Contains("skipped the UTF-8 byte order mark"));
  }
}

TEST_CASE("require_converging: NaN, a growing loss or a loss above chance is an error", "[train]") {
  TrainingSummary ok;
  ok.epoch_loss = {3.0, 2.5, 2.4};
  CHECK_NOTHROW(require_converging(ok, 4.16, "loss"));
  TrainingSummary nan = ok;
  nan.epoch_loss[1] = std::nan("");
  CHECK_THROWS_WITH(require_converging(nan, 4.16, "loss"), Catch::Contains("epoch 2: the loss is not finite"));
  TrainingSummary grows = ok;
  grows.epoch_loss = {3.0, 3.5};
  CHECK_THROWS_WITH(require_converging(grows, 0.0, "cost"), Catch::Contains("grew from 3.0000 in epoch 1"));
  TrainingSummary high;
  high.epoch_loss = {20.0, 19.0};
  CHECK_THROWS_WITH(require_converging(high, 4.16, "loss"), Catch::Contains("50% above the 4.1600 of the untrained"));
  TrainingSummary near_chance;  // random words: nothing to learn, a run ends a little above chance
  near_chance.epoch_loss = {4.5, 4.4};
  CHECK_NOTHROW(require_converging(near_chance, 4.16, "loss"));
}

TEST_CASE("Text readers refuse inf and nan with the line unless allowed; a BOM is skipped", "[formats]") {
  TempDir dir("nonfinite");
  spit(dir.path / "v.txt", "3 2\na 1 2\nb 1e400 1\nc 0 1\n");
  CHECK_THROWS_WITH(read_embeddings(dir.path / "v.txt"), Catch::Contains("line 3: value 1 of 'b' is not a finite"));
  ReadOptions allow;
  allow.allow_nonfinite = true;
  CHECK(std::isinf(read_embeddings(dir.path / "v.txt", allow).vectors()(1, 0)));
  spit(dir.path / "bom.txt", "\xef\xbb\xbf" "2 2\na 1 0\nb 0 1\n");
  const auto emb = read_embeddings(dir.path / "bom.txt");
  CHECK(emb.size() == 2);
  CHECK(emb.vocab().word(0) == "a");
}

TEST_CASE("A BOM is skipped with one note per file: projector TSV, analogy, word-pair and vocab files", "[formats]") {
  TempDir dir("bom-files");
  const std::string bom = "\xef\xbb\xbf";
  std::vector<std::string> notes;
  const NoticeCallback notice = [&](const std::string& note) { notes.push_back(note); };
  spit(dir.path / "v.tsv", bom + "1\t0\n0\t1\n");
  spit(dir.path / "v.metadata.tsv", bom + "a\nb\n");
  CHECK(detect_format(dir.path / "v.tsv") == Format::ProjectorTsv);
  ReadOptions options;
  options.notice = notice;
  const auto emb = read_embeddings(dir.path / "v.tsv", options);
  CHECK(emb.vocab().words() == std::vector<std::string>{"a", "b"});
  CHECK(emb.vectors()(0, 0) == 1.0f);
  REQUIRE(notes.size() == 2);
  CHECK(notes[0] == (dir.path / "v.tsv").string() + ": skipped the UTF-8 byte order mark at its start");
  CHECK(notes[1] == (dir.path / "v.metadata.tsv").string() + ": skipped the UTF-8 byte order mark at its start");

  notes.clear();
  spit(dir.path / "q.txt", bom + ": capitals\na b c d\n");
  const auto set = read_analogies(dir.path / "q.txt", notice);
  REQUIRE(set.sections.size() == 1);
  CHECK(set.sections[0].name == "capitals");
  spit(dir.path / "ws.tsv", bom + "a\tb\t9\n");
  const auto pairs = read_word_pairs(dir.path / "ws.tsv", notice);
  REQUIRE(pairs.pairs.size() == 1);
  CHECK(pairs.pairs[0].a == "a");
  spit(dir.path / "vocab.txt", bom + "a 3\n");
  CHECK(read_vocab_file(dir.path / "vocab.txt", notice).word(0) == "a");
  CHECK(notes.size() == 3);
  // Without a mark, no note; without a callback, skipped all the same.
  spit(dir.path / "plain.txt", ": s\na b c d\n");
  read_analogies(dir.path / "plain.txt", notice);
  CHECK(notes.size() == 3);
  CHECK(read_word_pairs(dir.path / "ws.tsv").pairs[0].a == "a");
}
