#include "wordvec/cooccur/cooccurrence_records.hpp"

#include <utility>

namespace wordvec {

__extension__ typedef unsigned __int128 Uint128;

std::uint64_t CooccurrenceRecords::directed_size() const {
  if (!paired_) return size_;
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < size_; ++i) n += (*this)[i].w1 == (*this)[i].w2 ? 1 : 2;
  return n;
}

void CooccurrenceRecords::shuffle(Random& rng) {
  for (std::size_t i = size_; i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>((static_cast<Uint128>(rng.next()) * i) >> 64);
    std::swap((*this)[i - 1], (*this)[j]);
  }
}

}  // namespace wordvec
