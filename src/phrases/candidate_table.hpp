#pragma once
// Counts of candidate phrases, keyed by the word ids of the candidate.
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

namespace wordvec {

/// The word ids of one candidate: first word, connector words, last word.
struct CandidateKey {
  static constexpr int kMaxIds = 8;  ///< first + up to 6 connectors + last
  std::int32_t ids[kMaxIds];
  int size = 0;
  void clear() { size = 0; }
  void push(std::int32_t id) { ids[size++] = id; }
};

/// Candidate counts. Pairs (nearly all candidates) live in a flat open-addressing table keyed by
/// one 64-bit word; candidates with connector words inside go to a node map keyed by their bytes.
class CandidateTable {
 public:
  CandidateTable() { reset(1u << 16); }

  /// Adds one to the key's count.
  void add(const CandidateKey& k) {
    if (k.size == 2) {
      ++slot(pair_key(k.ids[0], k.ids[1]))->second;
      if (used_ * 2 > slots_.size()) grow();
    } else {
      ++longer_[bytes(k)];
    }
  }
  /// The key's count (0 when absent).
  std::uint64_t count(const CandidateKey& k) const {
    if (k.size == 2) return find(pair_key(k.ids[0], k.ids[1]));
    const auto it = longer_.find(bytes(k));
    return it == longer_.end() ? 0 : it->second;
  }
  /// Number of distinct candidates.
  std::uint64_t size() const { return used_ + longer_.size(); }
  /// Drops candidates counted fewer than `below` times; returns how many.
  std::uint64_t prune(std::uint64_t below);
  /// Adds every count of `other` to this table.
  void merge(const CandidateTable& other);
  /// Calls fn(const CandidateKey&, count) for every candidate.
  template <typename Fn>
  void for_each(Fn&& fn) const {
    CandidateKey k;
    for (const auto& [key, n] : slots_) {
      if (key == kEmpty) continue;
      k.size = 2;
      k.ids[0] = static_cast<std::int32_t>(key >> 32);
      k.ids[1] = static_cast<std::int32_t>(key & 0xFFFFFFFFu);
      fn(static_cast<const CandidateKey&>(k), n);
    }
    for (const auto& [b, n] : longer_) {
      k.size = static_cast<int>(b.size() / 4);
      std::memcpy(k.ids, b.data(), b.size());
      fn(static_cast<const CandidateKey&>(k), n);
    }
  }

 private:
  static constexpr std::uint64_t kEmpty = ~0ULL;  // ids are >= 0, so no pair key has the top bit set
  static std::uint64_t pair_key(std::int32_t a, std::int32_t b) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
  }
  static std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }
  static std::string bytes(const CandidateKey& k) {
    return std::string(reinterpret_cast<const char*>(k.ids), static_cast<std::size_t>(k.size) * 4);
  }
  std::pair<std::uint64_t, std::uint64_t>* slot(std::uint64_t key) {
    std::size_t i = mix(key) & mask_;
    while (slots_[i].first != key) {
      if (slots_[i].first == kEmpty) {
        slots_[i].first = key;
        ++used_;
        break;
      }
      i = (i + 1) & mask_;
    }
    return &slots_[i];
  }
  std::uint64_t find(std::uint64_t key) const {
    for (std::size_t i = mix(key) & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].first == key) return slots_[i].second;
      if (slots_[i].first == kEmpty) return 0;
    }
  }
  void reset(std::size_t capacity) {
    slots_.assign(capacity, {kEmpty, 0});
    mask_ = capacity - 1;
    used_ = 0;
  }
  void grow();

  std::vector<std::pair<std::uint64_t, std::uint64_t>> slots_;
  std::size_t mask_ = 0;
  std::uint64_t used_ = 0;
  std::unordered_map<std::string, std::uint64_t> longer_;
};

}  // namespace wordvec
