#include "train/huffman_tree.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

HuffmanTree::HuffmanTree(const std::vector<std::uint64_t>& counts) {
  const std::size_t n = counts.size();
  offsets_.assign(1, 0);
  if (n < 2) {  // one word needs no decision: an empty path (word2vec.c reads out of bounds here)
    offsets_.resize(n + 1, 0);
    return;
  }
  // Nodes 0..n-1 are the words, n..2n-2 the inner nodes in creation order (2n-2 is the root).
  // Two queues, as in word2vec.c: leaves from the rarest up (pos1), inner nodes as made (pos2);
  // not-yet-made inner nodes count as 1e15 so the leaf queue is taken first.
  std::vector<std::uint64_t> count(2 * n, 1'000'000'000'000'000ULL);
  std::copy(counts.begin(), counts.end(), count.begin());
  std::vector<std::uint32_t> parent(2 * n, 0);
  std::vector<std::uint8_t> binary(2 * n, 0);
  std::int64_t pos1 = static_cast<std::int64_t>(n) - 1;
  std::size_t pos2 = n;
  auto take_min = [&] {
    if (pos1 >= 0 && count[static_cast<std::size_t>(pos1)] < count[pos2]) return static_cast<std::size_t>(pos1--);
    return pos2++;
  };
  for (std::size_t a = 0; a + 1 < n; ++a) {
    const std::size_t min1 = take_min();
    const std::size_t min2 = take_min();
    count[n + a] = count[min1] + count[min2];
    parent[min1] = static_cast<std::uint32_t>(n + a);
    parent[min2] = static_cast<std::uint32_t>(n + a);
    binary[min2] = 1;
  }
  const std::size_t root = 2 * n - 2;
  offsets_.reserve(n + 1);
  std::vector<std::int32_t> path;
  std::vector<std::uint8_t> code;
  for (std::size_t w = 0; w < n; ++w) {
    path.clear();
    code.clear();
    for (std::size_t node = w; node != root; node = parent[node]) {
      if (path.size() >= static_cast<std::size_t>(kMaxDepth))
        throw DataError(fmt::format("hierarchical softmax: word {} (count {}) would get a code longer than {} bits",
                                    w, counts[w], kMaxDepth));
      path.push_back(static_cast<std::int32_t>(parent[node] - n));
      code.push_back(binary[node]);
    }
    points_.insert(points_.end(), path.rbegin(), path.rend());
    codes_.insert(codes_.end(), code.rbegin(), code.rend());
    offsets_.push_back(static_cast<std::uint32_t>(points_.size()));
    max_depth_ = std::max(max_depth_, static_cast<int>(path.size()));
  }
}

}  // namespace wordvec
