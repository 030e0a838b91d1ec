#pragma once
// Checks that the ranks of a distributed job ended with the same model.
#include <cstdint>

#include "wordvec/core/cluster.hpp"
#include "wordvec/embeddings/embeddings.hpp"

namespace wordvec {

/// FNV-1a over the bytes of the word vectors (and of a subword model's input and output rows).
std::uint64_t model_checksum(const Embeddings& emb);

/// Gathers every rank's model_checksum of `emb` and returns it; throws DataError naming the first
/// rank whose model differs from rank 0's.
std::uint64_t check_replicas_agree(const Embeddings& emb, Cluster& cluster);

}  // namespace wordvec
