#include "wordvec/core/matrix.hpp"

#include <algorithm>
#include <new>

namespace wordvec {

MatrixBuffer::MatrixBuffer(std::size_t rows, std::size_t cols)
    : data_(static_cast<float*>(std::malloc(std::max<std::size_t>(1, rows * cols * sizeof(float))))), rows_(rows),
      cols_(cols) {
  if (!data_) throw std::bad_alloc();
}

}  // namespace wordvec
