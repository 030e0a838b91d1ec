// HuffmanTree: word2vec.c's codes and points, and hierarchical softmax training against a plain
// reference implementation of its updates.
#include <catch2/catch.hpp>

#include "temp_dir.hpp"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "wordvec/core/error.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/train/word2vec_options.hpp"
#include "wordvec/train/word2vec_trainer.hpp"
#include "wordvec/vocab/vocab.hpp"
#include "train/huffman_tree.hpp"
#include "train/sigmoid_table.hpp"

using namespace wordvec;
using wordvec::test::TempDir;

namespace {

std::vector<std::int32_t> points_of(const HuffmanTree& t, std::size_t w) {
  const auto p = t.points(w);
  return {p.begin(), p.end()};
}
std::vector<int> codes_of(const HuffmanTree& t, std::size_t w) {
  const auto c = t.codes(w);
  return {c.begin(), c.end()};
}

}  // namespace

TEST_CASE("HuffmanTree gives word2vec.c's codes and points on a hand-computed vocabulary", "[huffman]") {
  // word2vec.c's CreateBinaryTree on counts 5 3 2 1 (by hand; note the tie 3 = 2 + 1, where the
  // leaf loses because the test is a strict <):
  //   node 4 = {3, 2} (2 is the 1-branch), node 5 = {4, 1} (1 is the 1-branch), node 6 = {0, 5} (root).
  // Inner node k is node 4 + k; points run from the root (word2vec.c's vocab[w].point[0] = V - 2).
  const HuffmanTree tree({5, 3, 2, 1});
  REQUIRE(tree.size() == 4);
  CHECK(points_of(tree, 0) == std::vector<std::int32_t>{2});
  CHECK(codes_of(tree, 0) == std::vector<int>{0});
  CHECK(points_of(tree, 1) == std::vector<std::int32_t>{2, 1});
  CHECK(codes_of(tree, 1) == std::vector<int>{1, 1});
  CHECK(points_of(tree, 2) == std::vector<std::int32_t>{2, 1, 0});
  CHECK(codes_of(tree, 2) == std::vector<int>{1, 0, 1});
  CHECK(points_of(tree, 3) == std::vector<std::int32_t>{2, 1, 0});
  CHECK(codes_of(tree, 3) == std::vector<int>{1, 0, 0});
  CHECK(tree.max_depth() == 3);
}

TEST_CASE("HuffmanTree: equal counts give a balanced tree, codes are prefix-free and complete", "[huffman]") {
  // Eight equal counts: every code has 3 bits.
  const HuffmanTree eight(std::vector<std::uint64_t>(8, 10));
  for (std::size_t w = 0; w < 8; ++w) CHECK(eight.codes(w).size() == 3);
  // A skewed vocabulary: Kraft sum exactly 1 (a full binary tree), no code a prefix of another,
  // every path starts at the root and stays inside the V - 1 inner nodes.
  std::vector<std::uint64_t> counts;
  for (int i = 0; i < 200; ++i) counts.push_back(static_cast<std::uint64_t>(100000 / (i + 1)));
  const HuffmanTree tree(counts);
  double kraft = 0.0;
  std::vector<std::string> codes;
  for (std::size_t w = 0; w < counts.size(); ++w) {
    kraft += std::ldexp(1.0, -static_cast<int>(tree.codes(w).size()));
    std::string c;
    for (const auto bit : tree.codes(w)) c += static_cast<char>('0' + bit);
    codes.push_back(c);
    REQUIRE(!tree.points(w).empty());
    CHECK(tree.points(w)[0] == static_cast<std::int32_t>(counts.size()) - 2);
    for (const auto p : tree.points(w)) CHECK((p >= 0 && p < static_cast<std::int32_t>(counts.size()) - 1));
  }
  CHECK(kraft == Approx(1.0).epsilon(1e-12));
  for (std::size_t a = 0; a < codes.size(); ++a)
    for (std::size_t b = 0; b < codes.size(); ++b)
      if (a != b) CHECK(codes[b].rfind(codes[a], 0) != 0);
  // More frequent words never get longer codes.
  for (std::size_t w = 1; w < counts.size(); ++w) CHECK(tree.codes(w - 1).size() <= tree.codes(w).size());
}

TEST_CASE("HuffmanTree refuses codes longer than word2vec.c's 40 bits", "[huffman]") {
  // Fibonacci counts make the deepest possible tree: n words, depth n - 1.
  auto fibonacci = [](int n) {
    std::vector<std::uint64_t> f{1, 1};
    while (static_cast<int>(f.size()) < n) f.push_back(f[f.size() - 1] + f[f.size() - 2]);
    return std::vector<std::uint64_t>(f.rbegin(), f.rend());
  };
  CHECK(HuffmanTree(fibonacci(41)).max_depth() == 40);
  CHECK_THROWS_AS(HuffmanTree(fibonacci(42)), DataError);
  CHECK(HuffmanTree({7}).codes(0).empty());
}

namespace {

// Plain reference of hierarchical softmax training, written from word2vec.c's formulas
// (g = (1 - code - sigmoid(f)) * lr, no update where |f| >= 6), in the update order the trainer
// documents: skip-gram computes a whole window's gradients from the vectors at its start and
// applies them at its end (HogBatch; a word twice in the window counts twice), CBOW gives the
// hidden gradient in full to every context row and holds back the changes of the 16 rows nearest
// the root (0..15), adding them every 8 positions and at the end of the line.
struct Reference {
  std::vector<std::vector<double>> in, out;
  const HuffmanTree& tree;
  SigmoidTable sigmoid;
  double lr;

  double gradient(const std::vector<double>& h, std::int32_t node, int code) const {
    double f = 0.0;
    for (std::size_t c = 0; c < h.size(); ++c) f += h[c] * out[static_cast<std::size_t>(node)][c];
    if (f <= -6.0 || f >= 6.0) return 0.0;
    return (1.0 - code - sigmoid.sigmoid(static_cast<float>(f))) * lr;
  }

  void skipgram(const std::vector<std::int32_t>& s, int window) {
    const int n = static_cast<int>(s.size());
    const std::size_t dim = in[0].size();
    for (int i = 0; i < n; ++i) {
      const auto centre = static_cast<std::size_t>(s[static_cast<std::size_t>(i)]);
      auto delta = out;
      for (auto& row : delta) std::fill(row.begin(), row.end(), 0.0);
      auto grad = in;
      for (auto& row : grad) std::fill(row.begin(), row.end(), 0.0);
      for (int j = std::max(0, i - window); j <= std::min(n - 1, i + window); ++j) {
        if (j == i) continue;
        const auto w = static_cast<std::size_t>(s[static_cast<std::size_t>(j)]);
        const auto& h = in[w];
        for (std::size_t d = 0; d < tree.points(centre).size(); ++d) {
          const auto node = tree.points(centre)[d];
          const double g = gradient(h, node, tree.codes(centre)[d]);
          for (std::size_t c = 0; c < dim; ++c) {
            grad[w][c] += g * out[static_cast<std::size_t>(node)][c];
            delta[static_cast<std::size_t>(node)][c] += g * h[c];
          }
        }
      }
      for (std::size_t r = 0; r < in.size(); ++r)
        for (std::size_t c = 0; c < dim; ++c) in[r][c] += grad[r][c];
      for (std::size_t r = 0; r < out.size(); ++r)
        for (std::size_t c = 0; c < dim; ++c) out[r][c] += delta[r][c];
    }
  }

  void cbow(const std::vector<std::int32_t>& s, int window) {
    const int n = static_cast<int>(s.size());
    const std::size_t dim = in[0].size();
    auto pending = out;
    for (auto& row : pending) std::fill(row.begin(), row.end(), 0.0);
    auto flush = [&] {
      for (std::size_t r = 0; r < out.size(); ++r)
        for (std::size_t c = 0; c < dim; ++c) {
          out[r][c] += pending[r][c];
          pending[r][c] = 0.0;
        }
    };
    int positions = 0;
    for (int i = 0; i < n; ++i) {
      const auto centre = static_cast<std::size_t>(s[static_cast<std::size_t>(i)]);
      std::vector<double> h(dim, 0.0), grad(dim, 0.0);
      int count = 0;
      for (int j = std::max(0, i - window); j <= std::min(n - 1, i + window); ++j) {
        if (j == i) continue;
        for (std::size_t c = 0; c < dim; ++c) h[c] += in[static_cast<std::size_t>(s[static_cast<std::size_t>(j)])][c];
        ++count;
      }
      if (count == 0) continue;
      for (auto& x : h) x /= count;
      for (std::size_t d = 0; d < tree.points(centre).size(); ++d) {
        const auto node = static_cast<std::size_t>(tree.points(centre)[d]);
        const double g = gradient(h, static_cast<std::int32_t>(node), tree.codes(centre)[d]);
        auto& target = node < 16 ? pending[node] : out[node];
        for (std::size_t c = 0; c < dim; ++c) {
          grad[c] += g * out[node][c];
          target[c] += g * h[c];
        }
      }
      for (int j = std::max(0, i - window); j <= std::min(n - 1, i + window); ++j) {
        if (j == i) continue;
        for (std::size_t c = 0; c < dim; ++c) in[static_cast<std::size_t>(s[static_cast<std::size_t>(j)])][c] += grad[c];
      }
      if (++positions == 8) {
        flush();
        positions = 0;
      }
    }
    flush();
  }
};

}  // namespace

TEST_CASE("hierarchical softmax training matches a plain reference of word2vec.c's updates", "[huffman][word2vec_trainer]") {
  TempDir dir("hs-reference");
  const auto path = dir.path / "corpus.txt";
  // Unequal counts so the tree has paths of several lengths; window 1 is exact (no reduced window).
  // "b a e a": e's window holds a twice.
  // The last line is longer than CBOW's 8 positions between additions of the held-back rows.
  const std::vector<std::string> lines = {"a b c a d", "b a e a", "c a b", "d e a b c a", "a a b a c",
                                          "b a c a d a e b a c a"};
  {
    std::ofstream f(path);
    for (const auto& l : lines) f << l << '\n';
  }
  auto corpus = Corpus::open(path.string());
  VocabOptions vo;
  vo.min_count = 1;
  const Vocab vocab = build_vocab(corpus, vo);
  REQUIRE(vocab.size() == 5);
  const HuffmanTree tree(vocab.counts());
  std::vector<std::vector<std::int32_t>> sentences;
  for (const auto& l : lines) {
    sentences.emplace_back();
    for (std::size_t p = 0; p < l.size(); p += 2) sentences.back().push_back(vocab.find(l.substr(p, 1)));
  }

  for (const auto model : {Word2VecModel::SkipGram, Word2VecModel::Cbow}) {
    INFO("model " << to_string(model));
    Word2VecOptions o;
    o.model = model;
    o.loss = Word2VecLoss::HierarchicalSoftmax;
    o.negative = 0;
    o.dim = 20;
    o.window = 1;
    o.sample = 0.0;
    o.epochs = 1;
    o.threads = 1;
    o.seed = 3;
    o.init_range = 0.5;
    // The start: the same seed with a learning rate too small to move anything.
    o.lr = 1e-30;
    const Embeddings start = train_word2vec(corpus, vocab, o);
    o.lr = 0.5;  // large, so that any slip in the updates shows
    const Embeddings trained = train_word2vec(corpus, vocab, o);
    CHECK(trained.metadata().at("loss") == "hs");

    Reference ref{{}, {}, tree, {}, o.lr};
    for (std::size_t w = 0; w < vocab.size(); ++w) {
      ref.in.emplace_back(start.vectors().row(static_cast<Eigen::Index>(w)).begin(),
                          start.vectors().row(static_cast<Eigen::Index>(w)).end());
      ref.out.emplace_back(static_cast<std::size_t>(o.dim), 0.0);
    }
    for (const auto& s : sentences) model == Word2VecModel::SkipGram ? ref.skipgram(s, 1) : ref.cbow(s, 1);
    double moved = 0.0, err = 0.0;
    for (std::size_t w = 0; w < vocab.size(); ++w)
      for (std::size_t c = 0; c < static_cast<std::size_t>(o.dim); ++c) {
        const auto r = static_cast<Eigen::Index>(w), k = static_cast<Eigen::Index>(c);
        moved = std::max(moved, std::abs(ref.in[w][c] - start.vectors()(r, k)));
        err = std::max(err, std::abs(ref.in[w][c] - trained.vectors()(r, k)));
      }
    CHECK(moved > 0.05);  // the updates are large enough to tell a wrong sign or order apart
    CHECK(err < 1e-4);
  }
}

TEST_CASE("Word2VecOptions: --loss hs allows negative 0, ns does not; subword models take one loss", "[huffman]") {
  Word2VecOptions o;
  o.negative = 0;
  CHECK_THROWS_AS(o.validate(), OptionError);
  o.loss = Word2VecLoss::HierarchicalSoftmax;
  CHECK_NOTHROW(o.validate());
  CHECK(!o.both_losses());
  o.negative = 5;
  CHECK_NOTHROW(o.validate());
  CHECK(o.both_losses());
  o.subwords.maxn = 6;
  CHECK_THROWS_AS(o.validate(), OptionError);
  o.negative = 0;
  CHECK_NOTHROW(o.validate());
  CHECK(parse_word2vec_loss("hs") == Word2VecLoss::HierarchicalSoftmax);
  CHECK(parse_word2vec_loss("ns") == Word2VecLoss::NegativeSampling);
  CHECK_THROWS_AS(parse_word2vec_loss("softmax"), OptionError);
}
