#pragma once
// The matrix types of wordvec, one family: row-major float rows, row i being the vector of item i.
//
//   Matrix            owning, Eigen's dense matrix: vectors of an Embeddings value, results, scratch
//   MatrixView        read-only Map of rows that live elsewhere (a memory-mapped file, a Matrix)
//   MatrixRef         writable Map of the same
//   StridedMatrixRef  writable Map of rows that are `stride` floats apart (padded rows)
//   MatrixBuffer      owning, one malloc'd block that can adopt memory training filled (below)
//
// Training's shared parameters are a HogwildMatrix (src/train/hogwild_matrix.hpp), private to
// training: padded, 64-byte aligned rows on huge pages, written by all threads at once; it hands
// its rows out as a StridedMatrixRef or, without a copy, as a MatrixBuffer.
#include <cstddef>
#include <cstdlib>
#include <memory>

#include "wordvec/core/eigen.hpp"

namespace wordvec {

/// Row-major float matrix: row i is the vector of item i.
using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
/// A read-only view of row-major rows that may live in a memory-mapped file.
using MatrixView = Eigen::Map<const Matrix>;
/// A writable view of row-major rows owned elsewhere.
using MatrixRef = Eigen::Map<Matrix>;
/// A writable view of rows that are outerStride() floats apart (rows padded for vector code).
using StridedMatrixRef = Eigen::Map<Matrix, Eigen::Unaligned, Eigen::OuterStride<>>;

/// Row-major float rows in one malloc'd block. Unlike a Matrix it can adopt a block that training
/// filled (HogwildMatrix::release_compact), so the ~1 GB n-gram matrix of a fastText model is never
/// copied; view() and ref() give the Eigen side of the family.
class MatrixBuffer {
 public:
  MatrixBuffer() = default;
  /// Uninitialised rows x cols; throws std::bad_alloc.
  MatrixBuffer(std::size_t rows, std::size_t cols);
  /// Adopts `data` (allocated with malloc / aligned_alloc; freed with free).
  MatrixBuffer(float* data, std::size_t rows, std::size_t cols) : data_(data), rows_(rows), cols_(cols) {}

  float* row(std::size_t r) { return data_.get() + r * cols_; }
  const float* row(std::size_t r) const { return data_.get() + r * cols_; }
  float* data() { return data_.get(); }
  const float* data() const { return data_.get(); }
  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  /// The rows as a read-only Eigen view.
  MatrixView view() const {
    return MatrixView(data(), static_cast<Eigen::Index>(rows_), static_cast<Eigen::Index>(cols_));
  }
  /// The rows as a writable Eigen view.
  MatrixRef ref() { return MatrixRef(data(), static_cast<Eigen::Index>(rows_), static_cast<Eigen::Index>(cols_)); }

 private:
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::unique_ptr<float, Free> data_;
  std::size_t rows_ = 0, cols_ = 0;
};

}  // namespace wordvec
