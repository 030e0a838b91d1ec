#pragma once
// Small, fast per-thread random generator (xoshiro256**), seeded by splitmix64.
#include <cstdint>

namespace wordvec {

/// Per-thread pseudo-random generator; not thread-safe, cheap to copy.
class Random {
 public:
  /// Seeds the four state words from one 64-bit seed.
  explicit Random(std::uint64_t seed = 1) {
    for (auto& s : state_) s = splitmix(seed);
  }

  /// Next 64 random bits.
  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// Uniform 32 bits.
  std::uint32_t next32() { return static_cast<std::uint32_t>(next() >> 32); }

  /// Uniform integer in [0, n).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(next32()) * n) >> 32);
  }

  /// Uniform float in [0, 1).
  float uniform() { return static_cast<float>(next() >> 40) * (1.0f / 16777216.0f); }

  /// Uniform float in [-r, r) (the trainers' starting values).
  float symmetric(float r) { return (uniform() * 2.0f - 1.0f) * r; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t state_[4];
};

}  // namespace wordvec
