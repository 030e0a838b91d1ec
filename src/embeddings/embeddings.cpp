#include "embeddings/embeddings.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace wordvec {

void Embeddings::check_consistent() const {
  if (vocab.size() != size())
    throw FormatError(fmt::format("embeddings: {} words but {} vectors", vocab.size(), size()));
}

}  // namespace wordvec
