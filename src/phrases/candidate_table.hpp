#pragma once
// Counts of candidate phrases, keyed by the word ids of the candidate.
#include <cstdint>
#include <cstring>
#include <string>
#include <array>
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

/// Candidate counts in two flat open-addressing tables: pairs keyed by one 64-bit word, candidates
/// with connector words inside keyed by their padded ids.
class CandidateTable {
 public:
  CandidateTable() {
    reset(1u << 16);
    reset_long(1u << 12);
  }

  /// Adds one to the key's count.
  void add(const CandidateKey& k) {
    if (k.size == 2) {
      ++slot(pair_key(k.ids[0], k.ids[1]))->second;
      if (used_ * 2 > slots_.size()) grow();
    } else {
      ++long_slot(long_key(k))->n;
      if (long_used_ * 2 > long_slots_.size()) grow_long();
    }
  }
  /// The key's count (0 when absent).
  std::uint64_t count(const CandidateKey& k) const {
    if (k.size == 2) return find(pair_key(k.ids[0], k.ids[1]));
    return long_find(long_key(k));
  }
  /// Number of distinct candidates.
  std::uint64_t size() const { return used_ + long_used_; }
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
    for (const auto& e : long_slots_) {
      if (e.key[0] == kNoId) continue;
      k.size = 0;
      while (k.size < CandidateKey::kMaxIds && e.key[static_cast<std::size_t>(k.size)] != kNoId) {
        k.ids[k.size] = e.key[static_cast<std::size_t>(k.size)];
        ++k.size;
      }
      fn(static_cast<const CandidateKey&>(k), e.n);
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
  // Longer candidates: their ids padded with kNoId.
  static constexpr std::int32_t kNoId = -1;  // real ids of a counted candidate are >= 0
  using LongKey = std::array<std::int32_t, CandidateKey::kMaxIds>;
  struct LongEntry {
    LongKey key;
    std::uint64_t n;
  };
  static LongKey long_key(const CandidateKey& k) {
    LongKey key;
    key.fill(kNoId);
    std::memcpy(key.data(), k.ids, static_cast<std::size_t>(k.size) * sizeof(std::int32_t));
    return key;
  }
  // Inline equality: std::array's == calls memcmp, which costs more than the probe itself.
  static bool same(const LongKey& a, const LongKey& b) {
    std::uint64_t x[4], y[4];
    static_assert(sizeof(LongKey) == sizeof(x));
    std::memcpy(x, a.data(), sizeof x);
    std::memcpy(y, b.data(), sizeof y);
    return ((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3])) == 0;
  }
  static std::uint64_t long_hash(const LongKey& key) {
    std::uint64_t h = 0x9E3779B97F4A7C15ULL;
    for (const auto id : key) h = mix(h ^ static_cast<std::uint32_t>(id));
    return h;
  }
  LongEntry* long_slot(const LongKey& key) {
    std::size_t i = long_hash(key) & long_mask_;
    while (!same(long_slots_[i].key, key)) {
      if (long_slots_[i].key[0] == kNoId) {
        long_slots_[i].key = key;
        ++long_used_;
        break;
      }
      i = (i + 1) & long_mask_;
    }
    return &long_slots_[i];
  }
  std::uint64_t long_find(const LongKey& key) const {
    for (std::size_t i = long_hash(key) & long_mask_;; i = (i + 1) & long_mask_) {
      if (same(long_slots_[i].key, key)) return long_slots_[i].n;
      if (long_slots_[i].key[0] == kNoId) return 0;
    }
  }
  void reset_long(std::size_t capacity) {
    LongEntry empty;
    empty.key.fill(kNoId);
    empty.n = 0;
    long_slots_.assign(capacity, empty);
    long_mask_ = capacity - 1;
    long_used_ = 0;
  }
  void grow_long();
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
  std::vector<LongEntry> long_slots_;
  std::size_t long_mask_ = 0;
  std::uint64_t long_used_ = 0;
};

}  // namespace wordvec
