// Fuzzing every reader: truncated and randomly mutated copies of a small valid file of each format
// must either load or throw a wordvec::Error; nothing else may escape, crash or hang.
// The same test runs under AddressSanitizer + UBSan in tests/cli/fuzz_sanitized.sh.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/embeddings/subword_vectors.hpp"
#include "wordvec/io/fasttext_format.hpp"
#include "wordvec/io/format.hpp"
#include "wordvec/io/native_format.hpp"
#include "wordvec/io/npy_format.hpp"
#include "wordvec/io/projector_format.hpp"
#include "wordvec/io/word2vec_format.hpp"

using namespace wordvec;
using wordvec::test::slurp;
namespace fs = std::filesystem;

namespace {

struct FuzzDir {
  fs::path path;
  FuzzDir() {
    static std::atomic<int> counter{0};
    path = fs::temp_directory_path() / fmt::format("wordvec-fuzz-{}-{}", ::getpid(), counter++);
    fs::create_directories(path);
  }
  ~FuzzDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Six words (one multi-byte, one long) of dimension 5 with counts.
Embeddings fixture() {
  Vocab vocab;
  Matrix matrix;
  Metadata metadata;
  const char* words[] = {"the", "ünïcödé", "日本", "a", "longer_word_with_more_bytes", "z"};
  for (std::size_t i = 0; i < 6; ++i) vocab.add(words[i], 100 - 10 * i);
  matrix.resize(6, 5);
  for (Eigen::Index r = 0; r < 6; ++r)
    for (Eigen::Index c = 0; c < 5; ++c) matrix(r, c) = static_cast<float>(r * 5 + c) * 0.37f - 4.0f;
  metadata["model"] = "cbow";
  return Embeddings(std::move(vocab), std::move(matrix), std::move(metadata));
}

// A fastText-style model: the fixture's words plus 30 n-gram buckets of 2..3 characters.
Embeddings subword_fixture() {
  Embeddings emb = fixture();
  auto sv = std::make_shared<SubwordVectors>();
  sv->options.minn = 2;
  sv->options.maxn = 3;
  sv->options.bucket = 30;
  sv->ntokens = 100;
  sv->words = emb.size();
  sv->input = MatrixBuffer(emb.size() + 30, 5);
  for (std::size_t i = 0; i < sv->input.rows() * 5; ++i) sv->input.data()[i] = static_cast<float>(i % 17) * 0.1f - 0.8f;
  sv->output = MatrixBuffer(emb.size(), 5);
  for (std::size_t i = 0; i < sv->output.rows() * 5; ++i) sv->output.data()[i] = static_cast<float>(i % 7) * 0.2f - 0.6f;
  Matrix vectors = emb.vectors();
  std::vector<std::int32_t> rows;
  for (std::size_t w = 0; w < emb.size(); ++w) {
    sv->rows_of(emb.vocab().word(w), static_cast<std::int32_t>(w), rows);
    sv->mean_of(rows, vectors.row(static_cast<Eigen::Index>(w)).data());
  }
  return Embeddings(emb.vocab(), std::move(vectors), emb.metadata(), sv);
}

// One reader over a main file and an optional side file (vocabulary, metadata).
struct Target {
  std::string name;
  std::string main_bytes;
  std::string side_bytes;
  std::function<void(std::string_view, std::string_view)> parse;
};

std::vector<Target> targets() {
  FuzzDir dir;
  const auto emb = fixture();
  std::vector<Target> out;
  write_word2vec_binary(emb, dir.path / "v.bin");
  out.push_back({"w2v-bin", slurp(dir.path / "v.bin"), "",
                 [](std::string_view m, std::string_view) { parse_word2vec_binary(m, "fuzz.bin"); }});
  write_word2vec_text(emb, dir.path / "v.txt");
  out.push_back({"w2v-text", slurp(dir.path / "v.txt"), "",
                 [](std::string_view m, std::string_view) { parse_word2vec_text(m, "fuzz.txt"); }});
  write_glove_text(emb, dir.path / "g.txt");
  out.push_back({"glove-text", slurp(dir.path / "g.txt"), "",
                 [](std::string_view m, std::string_view) { parse_word2vec_text(m, "fuzz.glove"); }});
  write_projector(emb, dir.path / "vectors.tsv");
  out.push_back({"projector-tsv", slurp(dir.path / "vectors.tsv"), slurp(dir.path / "metadata.tsv"),
                 [](std::string_view m, std::string_view s) { parse_projector(m, "vectors.tsv", s, "metadata.tsv"); }});
  write_npy(emb, dir.path / "v.npy");
  out.push_back({"npy", slurp(dir.path / "v.npy"), slurp(dir.path / "v.vocab"),
                 [](std::string_view m, std::string_view s) { parse_npy(m, "v.npy", s, "v.vocab"); }});
  write_npy(emb, dir.path / "h.npy", Dtype::Float16);
  out.push_back({"npy-f16", slurp(dir.path / "h.npy"), slurp(dir.path / "h.vocab"),
                 [](std::string_view m, std::string_view s) { parse_npy(m, "h.npy", s, "h.vocab"); }});
  write_fasttext_bin(subword_fixture(), dir.path / "ft.bin");
  out.push_back({"fasttext-bin", slurp(dir.path / "ft.bin"), "",
                 [](std::string_view m, std::string_view) { parse_fasttext_bin(m, "fuzz-ft.bin"); }});
  for (const bool unit : {false, true})
    for (const auto dtype : {Dtype::Float32, Dtype::Float16}) {
      const auto name = fmt::format("native{}{}", unit ? "-unit" : "", dtype == Dtype::Float16 ? "-f16" : "");
      write_native(emb, dir.path / (name + ".wv"), {dtype, unit});
      out.push_back({name, slurp(dir.path / (name + ".wv")), "", [](std::string_view m, std::string_view) {
                       // Parse, then touch every value the way a reader would.
                       const auto file = parse_native(m, "fuzz.wv");
                       (void)native_to_embeddings(file);
                     }});
    }
  return out;
}

// Runs `t` on the given bytes; returns an empty string when it loaded or threw a wordvec::Error.
std::string run_one(const Target& t, std::string_view main_bytes, std::string_view side_bytes) {
  try {
    t.parse(main_bytes, side_bytes);
    // Detection must not crash on anything either.
    (void)detect_format_of_bytes(main_bytes);
  } catch (const Error&) {
  } catch (const std::exception& e) {
    return fmt::format("{}: {}", typeid(e).name(), e.what());
  }
  return {};
}

// A copy of `bytes` with one random change of the kinds that break parsers.
std::string mutate(std::string bytes, std::mt19937& rng) {
  auto pick = [&](std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  static const char specials[] = {'\n', ' ', '\t', '\r', '\0', '\xff', '\x80', '\xc3', '9', '-', '.', 'e', ',', '\'', ')'};
  switch (pick(8)) {
    case 0:  // flip random bits
      if (!bytes.empty()) bytes[pick(bytes.size())] ^= static_cast<char>(1u << pick(8));
      break;
    case 1:  // overwrite with a structural character
      if (!bytes.empty()) bytes[pick(bytes.size())] = specials[pick(sizeof specials)];
      break;
    case 2:  // insert a byte
      bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(pick(bytes.size() + 1)), specials[pick(sizeof specials)]);
      break;
    case 3: {  // delete a range
      const auto at = pick(bytes.size() + 1);
      bytes.erase(at, pick(16) + 1);
      break;
    }
    case 4: {  // duplicate a range
      const auto at = pick(bytes.size() + 1);
      bytes.insert(at, bytes.substr(at, pick(32) + 1));
      break;
    }
    case 5: {  // a huge little-endian integer (sizes, lengths, counts)
      if (bytes.size() >= 8) {
        const auto at = pick(bytes.size() - 7);
        const std::uint64_t big = pick(2) ? ~std::uint64_t{0} : (std::uint64_t{1} << (32 + pick(31)));
        std::memcpy(bytes.data() + at, &big, 8);
      }
      break;
    }
    case 6: {  // a huge decimal number (text headers)
      const auto at = pick(bytes.size() + 1);
      bytes.insert(at, pick(2) ? "99999999999999999999" : "4611686018427387904");
      break;
    }
    default: {  // random byte anywhere
      if (!bytes.empty()) bytes[pick(bytes.size())] = static_cast<char>(pick(256));
      break;
    }
  }
  return bytes;
}

}  // namespace

TEST_CASE("fuzz: the unmodified fixtures load", "[format_fuzz]") {
  for (const auto& t : targets()) {
    INFO(t.name);
    CHECK_NOTHROW(t.parse(t.main_bytes, t.side_bytes));
  }
}

TEST_CASE("fuzz: every truncation of every format loads or throws a wordvec error", "[format_fuzz]") {
  std::size_t runs = 0;
  for (const auto& t : targets()) {
    for (std::size_t len = 0; len <= t.main_bytes.size(); ++len, ++runs) {
      const auto failure = run_one(t, std::string_view(t.main_bytes).substr(0, len), t.side_bytes);
      if (!failure.empty()) FAIL_CHECK(t.name << " cut to " << len << " bytes: " << failure);
    }
    for (std::size_t len = 0; len <= t.side_bytes.size(); ++len, ++runs) {
      const auto failure = run_one(t, t.main_bytes, std::string_view(t.side_bytes).substr(0, len));
      if (!failure.empty()) FAIL_CHECK(t.name << " side file cut to " << len << " bytes: " << failure);
    }
  }
  CHECK(runs > 1000);
}

TEST_CASE("fuzz: random mutations of every format load or throw a wordvec error", "[format_fuzz]") {
  std::mt19937 rng(20261130);
  std::size_t runs = 0, loaded = 0;
  for (const auto& t : targets()) {
    for (int i = 0; i < 3000; ++i, ++runs) {
      // Up to three changes at once, to the main file or (when there is one) the side file.
      std::string main_bytes = t.main_bytes, side_bytes = t.side_bytes;
      const int changes = 1 + static_cast<int>(rng() % 3);
      for (int c = 0; c < changes; ++c) {
        if (!side_bytes.empty() && rng() % 3 == 0) side_bytes = mutate(side_bytes, rng);
        else main_bytes = mutate(main_bytes, rng);
      }
      try {
        t.parse(main_bytes, side_bytes);
        ++loaded;
      } catch (const Error&) {
      } catch (const std::exception& e) {
        FAIL_CHECK(t.name << " mutation " << i << ": " << typeid(e).name() << ": " << e.what());
      }
    }
  }
  CHECK(runs >= 11 * 3000);
  // Some mutations keep the file valid (a changed float, a changed letter): both paths ran.
  CHECK(loaded > 0);
  CHECK(loaded < runs);
}
