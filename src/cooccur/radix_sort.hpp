#pragma once
// The sort of the counting threads' sparse buffers.
#include <cstddef>
#include <cstdint>

namespace wordvec::cooccur {

/// LSD radix sort of `a[0..n)` by their low `bits` bits (higher bits must be zero), in passes of
/// at most 12 bits that skip digits where every value falls in one bucket; `tmp` is scratch of n
/// values. Returns whichever of `a` and `tmp` holds the sorted values.
std::uint64_t* radix_sort(std::uint64_t* a, std::uint64_t* tmp, std::size_t n, int bits);

}  // namespace wordvec::cooccur
