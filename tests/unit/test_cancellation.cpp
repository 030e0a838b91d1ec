// Cancellation is a token passed in (core/cancel.hpp): it stops the run it was given to, and only that run.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "temp_dir.hpp"
#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/io/format.hpp"
#include "wordvec/pipeline/train_jobs.hpp"

using namespace wordvec;
using wordvec::test::TempDir;
namespace fs = std::filesystem;

namespace {

// Random text over `vocab` words, `lines` lines of 20 words.
fs::path write_corpus(const fs::path& path, int lines, int vocab) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> word(0, vocab - 1);
  std::ofstream out(path);
  for (int l = 0; l < lines; ++l) {
    for (int k = 0; k < 20; ++k) out << (k ? " " : "") << 'w' << word(rng);
    out << '\n';
  }
  return path;
}

// Deterministic skip-gram on one thread, stopped only by `cancel`; `epochs` long enough that a
// run which ignored its token would still be training when the test looks.
Word2VecOptions options(int epochs, CancellationToken cancel = {}) {
  Word2VecOptions o;
  o.dim = 16;
  o.epochs = epochs;
  o.threads = 1;
  o.deterministic = true;
  o.cancel = cancel;
  return o;
}

VocabOptions vocab_options() {
  VocabOptions v;
  v.min_count = 1;
  return v;
}

}  // namespace

TEST_CASE("a token is never set until its source asks and can be withdrawn", "[cancel]") {
  CHECK_FALSE(CancellationToken().requested());
  CancellationSource source;
  const CancellationToken token = source.token();
  CHECK_FALSE(token.requested());
  CHECK_NOTHROW(token.throw_if_requested());
  source.request();
  CHECK(token.requested());
  CHECK_THROWS_AS(token.throw_if_requested(), Cancelled);
  source.clear();
  CHECK_FALSE(token.requested());
}

TEST_CASE("a token set from another thread stops training with Cancelled", "[cancel]") {
  TempDir dir("cancel-thread");
  const auto corpus = write_corpus(dir.path / "c.txt", 2000, 300);
  CancellationSource stop;
  std::atomic<bool> started{false};
  std::thread canceller([&] {
    while (!started.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    stop.request();
  });
  const auto begin = std::chrono::steady_clock::now();
  // 100,000 epochs of 40,000 words would take hours; the token ends it at the first check after the request.
  CHECK_THROWS_AS(train_word2vec(corpus.string(), vocab_options(), options(100000, stop.token()),
                                 [&](const Progress&) { started = true; }),
                  Cancelled);
  canceller.join();
  CHECK(std::chrono::steady_clock::now() - begin < std::chrono::seconds(60));
}

TEST_CASE("a token set from the progress callback stops training with Cancelled", "[cancel]") {
  TempDir dir("cancel-progress");
  const auto corpus = write_corpus(dir.path / "c.txt", 2000, 300);
  CancellationSource stop;
  int reports = 0;
  CHECK_THROWS_AS(train_word2vec(corpus.string(), vocab_options(), options(100000, stop.token()),
                                 [&](const Progress&) {
                                   ++reports;
                                   stop.request();
                                 }),
                  Cancelled);
  CHECK(reports >= 1);
}

TEST_CASE("two trainings in one process do not cancel each other", "[cancel]") {
  TempDir dir("cancel-two");
  const auto corpus = write_corpus(dir.path / "c.txt", 500, 200);
  const Embeddings alone = train_word2vec(corpus.string(), vocab_options(), options(3));

  CancellationSource stop_a, stop_b;
  std::atomic<bool> a_started{false};
  bool a_cancelled = false;
  std::thread a([&] {
    try {
      train_word2vec(corpus.string(), vocab_options(), options(100000, stop_a.token()),
                     [&](const Progress&) { a_started = true; });
    } catch (const Cancelled&) {
      a_cancelled = true;
    }
  });
  while (!a_started.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  stop_a.request();  // while b trains: b has its own token, which stays clear
  const Embeddings b = train_word2vec(corpus.string(), vocab_options(), options(3, stop_b.token()));
  a.join();
  CHECK(a_cancelled);
  CHECK_FALSE(stop_b.requested());
  REQUIRE(b.size() == alone.size());
  CHECK(b.vectors() == alone.vectors());  // deterministic training: b ran whole, untouched by a's stop
}

TEST_CASE("a writer stops with Cancelled once its token is set and leaves no file", "[cancel]") {
  TempDir dir("cancel-write");
  Vocab vocab;
  vocab.add("a", 2);
  vocab.add("b", 1);
  Matrix m(2, 3);
  m << 1, 2, 3, 4, 5, 6;
  const Embeddings emb(std::move(vocab), m);
  CancellationSource stop;
  stop.request();
  WriteOptions o;
  o.cancel = stop.token();
  CHECK_THROWS_AS(write_embeddings(emb, dir.path / "v.txt", Format::W2vText, o), Cancelled);
  CHECK(fs::is_empty(dir.path));
  // Another writer in the same process, with its own (clear) token, is not stopped.
  write_embeddings(emb, dir.path / "w.txt", Format::W2vText);
  CHECK(fs::exists(dir.path / "w.txt"));
}
