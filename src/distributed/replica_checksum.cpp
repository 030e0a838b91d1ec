#include "wordvec/distributed/replica_checksum.hpp"

#include <cstring>
#include <string>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/embeddings/subword_vectors.hpp"

namespace wordvec {

namespace {

void fnv1a(std::uint64_t& h, const float* data, std::size_t n) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n * sizeof(float); ++i) {
    h ^= bytes[i];
    h *= 0x100000001b3ULL;
  }
}

}  // namespace

std::uint64_t model_checksum(const Embeddings& emb) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  fnv1a(h, emb.vectors().data(), static_cast<std::size_t>(emb.vectors().size()));
  if (emb.subwords()) {
    fnv1a(h, emb.subwords()->input.data(), emb.subwords()->input.rows() * emb.subwords()->input.cols());
    fnv1a(h, emb.subwords()->output.data(), emb.subwords()->output.rows() * emb.subwords()->output.cols());
  }
  return h;
}

std::uint64_t check_replicas_agree(const Embeddings& emb, Cluster& cluster) {
  const std::uint64_t mine = model_checksum(emb);
  std::string bytes(sizeof mine, '\0');
  std::memcpy(bytes.data(), &mine, sizeof mine);
  const auto all = cluster.allgather(bytes);
  std::uint64_t first = 0;
  std::memcpy(&first, all[0].data(), sizeof first);
  for (std::size_t r = 1; r < all.size(); ++r) {
    std::uint64_t theirs = 0;
    std::memcpy(&theirs, all[r].data(), sizeof theirs);
    if (theirs != first)
      throw DataError(fmt::format("the model of rank {} (checksum {:016x}) differs from rank 0's ({:016x}) after "
                                  "the final synchronisation",
                                  r, theirs, first));
  }
  return first;
}

}  // namespace wordvec
