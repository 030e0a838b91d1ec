#include "phrases/candidate_table.hpp"

#include <utility>

namespace wordvec {

void CandidateTable::grow() {
  auto old = std::move(slots_);
  reset(old.size() * 2);
  for (const auto& [key, n] : old)
    if (key != kEmpty) slot(key)->second = n;
}

void CandidateTable::grow_long() {
  auto old = std::move(long_slots_);
  reset_long(old.size() * 2);
  for (const auto& e : old)
    if (e.key[0] != kNoId) long_slot(e.key)->n = e.n;
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
  auto old_long = std::move(long_slots_);
  std::uint64_t keep_long = 0;
  for (const auto& e : old_long) keep_long += e.key[0] != kNoId && e.n >= below;
  capacity = 1u << 12;
  while (capacity < keep_long * 2 + 2) capacity *= 2;
  reset_long(capacity);
  for (const auto& e : old_long)
    if (e.key[0] != kNoId && e.n >= below) long_slot(e.key)->n = e.n;
  return before - size();
}

void CandidateTable::merge(const CandidateTable& other) {
  for (const auto& [key, n] : other.slots_) {
    if (key == kEmpty) continue;
    slot(key)->second += n;
    if (used_ * 2 > slots_.size()) grow();
  }
  for (const auto& e : other.long_slots_) {
    if (e.key[0] == kNoId) continue;
    long_slot(e.key)->n += e.n;
    if (long_used_ * 2 > long_slots_.size()) grow_long();
  }
}

}  // namespace wordvec
