#include "cooccur/radix_sort.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace wordvec::cooccur {

std::uint64_t* radix_sort(std::uint64_t* a, std::uint64_t* tmp, std::size_t n, int bits) {
  const int passes = std::max(1, (bits + 11) / 12);
  const int width = (bits + passes - 1) / passes;
  const std::size_t buckets = std::size_t{1} << width;
  const std::uint64_t mask = buckets - 1;
  std::vector<std::size_t> count(buckets * static_cast<std::size_t>(passes), 0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t x = a[i];
    for (int p = 0; p < passes; ++p) ++count[static_cast<std::size_t>(p) * buckets + ((x >> (p * width)) & mask)];
  }
  for (int p = 0; p < passes; ++p) {
    std::size_t* c = count.data() + static_cast<std::size_t>(p) * buckets;
    if (std::any_of(c, c + buckets, [n](std::size_t k) { return k == n; })) continue;  // one bucket: no-op
    std::size_t sum = 0;
    for (std::size_t b = 0; b < buckets; ++b) sum += std::exchange(c[b], sum);
    const int shift = p * width;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t x = a[i];
      tmp[c[(x >> shift) & mask]++] = x;
    }
    std::swap(a, tmp);
  }
  return a;
}

}  // namespace wordvec::cooccur
