#pragma once
// Open-addressing hash table from strings to dense ids 0..n-1, the ids in insertion order.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace wordvec {

/// Maps strings to dense int32 ids; lookups by string_view allocate nothing.
class StringTable {
 public:
  /// Id of `key`, or -1.
  std::int32_t find(std::string_view key) const {
    if (slots_.empty()) return -1;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      const std::int32_t id = slots_[i];
      if (id < 0) return -1;
      if (keys_[static_cast<std::size_t>(id)] == key) return id;
    }
  }

  /// Id of `key`, inserting it with the next id when absent.
  std::int32_t insert(std::string_view key) {
    if ((keys_.size() + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      const std::int32_t id = slots_[i];
      if (id < 0) {
        slots_[i] = static_cast<std::int32_t>(keys_.size());
        keys_.emplace_back(key);
        return slots_[i];
      }
      if (keys_[static_cast<std::size_t>(id)] == key) return id;
    }
  }

  /// Number of keys.
  std::size_t size() const { return keys_.size(); }
  /// The key with id `id`.
  const std::string& key(std::size_t id) const { return keys_[id]; }
  /// All keys in id order.
  const std::vector<std::string>& keys() const { return keys_; }
  /// Frees everything.
  void clear() {
    keys_.clear();
    slots_.clear();
  }
  /// Makes room for `n` keys without rehashing.
  void reserve(std::size_t n) {
    keys_.reserve(n);
    std::size_t want = 16;
    while (want < 2 * n + 2) want *= 2;
    if (want > slots_.size()) rehash(want);
  }

 private:
  static std::size_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
  void grow() { rehash(slots_.empty() ? 1024 : slots_.size() * 2); }
  void rehash(std::size_t n) {
    slots_.assign(n, -1);
    const std::size_t mask = n - 1;
    for (std::size_t id = 0; id < keys_.size(); ++id) {
      std::size_t i = hash(keys_[id]) & mask;
      while (slots_[i] >= 0) i = (i + 1) & mask;
      slots_[i] = static_cast<std::int32_t>(id);
    }
  }
  std::vector<std::string> keys_;
  std::vector<std::int32_t> slots_;
};

}  // namespace wordvec
