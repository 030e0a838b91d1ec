#pragma once
// Draws negative samples from the unigram distribution raised to a power.
#include <cstdint>
#include <vector>

#include "wordvec/core/random.hpp"

namespace wordvec {

/// Samples word ids with probability proportional to count^exponent in O(1) per draw, by
/// Walker's alias method: the tables have one entry per word (a few hundred KB, cache-resident)
/// instead of word2vec's 1e8-entry table.
class NegativeSampler {
 public:
  NegativeSampler() = default;
  /// Builds the tables; throws OptionError when counts are all zero.
  NegativeSampler(const std::vector<std::uint64_t>& counts, double exponent);

  /// One draw.
  std::int32_t sample(Random& rng) const {
    const std::uint64_t r = rng.next();
    const auto bucket = static_cast<std::uint32_t>(((r >> 32) * size_) >> 32);
    return static_cast<std::uint32_t>(r) < threshold_[bucket] ? static_cast<std::int32_t>(bucket) : alias_[bucket];
  }
  /// Number of words it draws from.
  std::size_t size() const { return size_; }

 private:
  std::uint64_t size_ = 0;
  std::vector<std::uint32_t> threshold_;  // keep the bucket's own word when below this
  std::vector<std::int32_t> alias_;
};

}  // namespace wordvec
