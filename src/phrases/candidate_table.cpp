#include "phrases/candidate_table.hpp"

#include <utility>

namespace wordvec {

void CandidateTable::grow() {
  auto old = std::move(slots_);
  reset(old.size() * 2);
  for (const auto& [key, n] : old)
    if (key != kEmpty) slot(key)->second = n;
}

std::uint64_t CandidateTable::prune(std::uint64_t below) {
  const std::uint64_t before = size();
  auto old = std::move(slots_);
  std::uint64_t keep = 0;
  for (const auto& [key, n] : old) keep += key != kEmpty && n >= below;
  std::size_t capacity = 1u << 16;
  while (capacity < keep * 2 + 2) capacity *= 2;
  reset(capacity);
  for (const auto& [key, n] : old)
    if (key != kEmpty && n >= below) slot(key)->second = n;
  std::erase_if(longer_, [&](const auto& kv) { return kv.second < below; });
  return before - size();
}

void CandidateTable::merge(const CandidateTable& other) {
  for (const auto& [key, n] : other.slots_) {
    if (key == kEmpty) continue;
    slot(key)->second += n;
    if (used_ * 2 > slots_.size()) grow();
  }
  for (const auto& [b, n] : other.longer_) longer_[b] += n;
}

}  // namespace wordvec
