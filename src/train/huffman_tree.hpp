#pragma once
// The binary tree hierarchical softmax walks: a Huffman code over the vocabulary counts.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace wordvec {

/// Huffman tree over word counts, built exactly as word2vec.c's CreateBinaryTree builds it (same
/// tie-breaking, so the same codes): inner node k (0 = root) is output row k, and word w's path is
/// points(w)[d] with the branch codes(w)[d] taken at each, from the root down.
class HuffmanTree {
 public:
  /// word2vec.c's MAX_CODE_LENGTH; a deeper tree is refused.
  static constexpr int kMaxDepth = 40;

  /// Builds the tree over `counts`, which should be sorted by decreasing count (the vocabulary's
  /// order; word2vec.c sorts first). Throws DataError when a code would be longer than kMaxDepth.
  explicit HuffmanTree(const std::vector<std::uint64_t>& counts);

  /// Number of words (leaves).
  std::size_t size() const { return offsets_.size() - 1; }
  /// Inner nodes on word w's path, root first, in 0..size()-2.
  std::span<const std::int32_t> points(std::size_t w) const {
    return {points_.data() + offsets_[w], offsets_[w + 1] - offsets_[w]};
  }
  /// Branch (0 or 1) taken at each of points(w).
  std::span<const std::uint8_t> codes(std::size_t w) const {
    return {codes_.data() + offsets_[w], offsets_[w + 1] - offsets_[w]};
  }
  /// Length of the longest code.
  int max_depth() const { return max_depth_; }

 private:
  std::vector<std::uint32_t> offsets_;  // word w's path is [offsets_[w], offsets_[w+1])
  std::vector<std::int32_t> points_;
  std::vector<std::uint8_t> codes_;
  int max_depth_ = 0;
};

}  // namespace wordvec
