#pragma once
// How the trainers' threads split a corpus.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "wordvec/corpus/corpus.hpp"

namespace wordvec {

// Threads read the corpus in interleaved chunks (thread t takes chunks t, t+T, t+2T, ...), so at
// any moment all threads train on nearby text with the same learning rate, as a single reader
// would, while each still reads its own bytes with its own handle.
/// How many chunks each of `threads` threads reads per epoch (about 1 MB each, 1..1024).
inline std::size_t chunks_per_thread(const Corpus& corpus, int threads) {
  const std::uint64_t per_thread = corpus.size_bytes() / static_cast<std::uint64_t>(threads);
  return static_cast<std::size_t>(std::clamp<std::uint64_t>(per_thread / (1u << 20), 1, 1024));
}

}  // namespace wordvec
