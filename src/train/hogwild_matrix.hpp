#pragma once
// The parameter matrices that training threads share.
#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

#include <sys/mman.h>

#include "wordvec/core/eigen.hpp"

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/core/matrix.hpp"
#include "wordvec/train/train_state.hpp"

namespace wordvec {

/// A float matrix that all training threads read and update at once without locks
/// ("Hogwild!", Recht et al. 2011): updates are sparse and small, so the rare lost update on a
/// race costs less than any lock would. Each row is padded to a multiple of 16 floats and aligned
/// to 64 bytes: vector code needs no tail loop, padding stays zero (it never changes a dot
/// product), and two rows never share a cache line, so threads do not falsely share.
/// Part of the matrix family of core/matrix.hpp, kept apart from Matrix because Eigen's dense
/// matrix has neither padded rows nor 2 MB-aligned huge-page storage, and could not hand its
/// block to a MatrixBuffer without a copy: ref() and release_compact() connect it to the family.
class HogwildMatrix {
 public:
  /// Padded row length for `cols` columns.
  static std::size_t stride_for(std::size_t cols) { return (cols + 15) / 16 * 16; }

  /// A rows x cols matrix of zeros.
  HogwildMatrix(std::size_t rows, std::size_t cols)
      : rows_(rows), cols_(cols), stride_(stride_for(cols)),
        data_(allocate(bytes(rows, stride_))) {
    std::memset(data_.get(), 0, bytes(rows, stride_));
  }

  /// Pointer to row r (64-byte aligned, stride() floats long).
  float* row(std::size_t r) { return data_.get() + r * stride_; }
  const float* row(std::size_t r) const { return data_.get() + r * stride_; }
  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t stride() const { return stride_; }
  /// All rows as an Eigen view (padding left out through the stride), e.g. for ModelSync.
  StridedMatrixRef ref() {
    return StridedMatrixRef(data_.get(), static_cast<Eigen::Index>(rows_), static_cast<Eigen::Index>(cols_),
                            Eigen::OuterStride<>(static_cast<Eigen::Index>(stride_)));
  }

  /// Hands the rows over without padding and without a copy: moves them together in place, shrinks
  /// the block and leaves this matrix empty. For the large n-gram matrix, where a copy would double
  /// peak memory.
  MatrixBuffer release_compact() {
    float* p = data_.get();
    if (stride_ != cols_)
      for (std::size_t r = 1; r < rows_; ++r) std::memmove(p + r * cols_, p + r * stride_, cols_ * sizeof(float));
    const std::size_t rows = rows_;
    data_.release();
    rows_ = 0;
    void* shrunk = std::realloc(p, std::max<std::size_t>(1, rows * cols_ * sizeof(float)));
    return MatrixBuffer(static_cast<float*>(shrunk ? shrunk : p), rows, cols_);
  }

  /// Copies the first `n` rows without padding into a dense matrix.
  Matrix to_matrix(std::size_t n) const {
    Matrix out(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(cols_));
    for (std::size_t r = 0; r < n; ++r) std::memcpy(out.row(static_cast<Eigen::Index>(r)).data(), row(r), cols_ * sizeof(float));
    return out;
  }

 private:
  // Large matrices are read at random rows (a fastText model's 2M n-gram rows are ~900 MB): on
  // 4 KB pages nearly every row access is also a TLB miss, so they are aligned to 2 MB and asked
  // to use transparent huge pages (a hint: kernels with THP off simply ignore it).
  static float* allocate(std::size_t size) {
    constexpr std::size_t kHuge = std::size_t{2} << 20;
    const bool huge = size >= 4 * kHuge;
    const std::size_t align = huge ? kHuge : 64;
    const std::size_t rounded = (size + align - 1) / align * align;
    auto* p = static_cast<float*>(std::aligned_alloc(align, rounded));
    if (!p) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
    if (huge) ::madvise(p, rounded, MADV_HUGEPAGE);
#endif
    return p;
  }
  static std::size_t bytes(std::size_t rows, std::size_t stride) {
    const std::size_t b = rows * stride * sizeof(float);
    return b == 0 ? 64 : b;
  }
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::size_t rows_, cols_, stride_;
  std::unique_ptr<float, Free> data_;
};

/// A copy of `m`'s rows without padding, named `name`, for a checkpoint.
inline ParamMatrix param_of(const HogwildMatrix& m, const char* name) {
  return ParamMatrix{name, m.to_matrix(m.rows())};
}

/// Copies the matrix called `name` of a checkpoint back into `m`; throws FormatError when the
/// checkpoint has none or its shape is not this run's.
inline void restore(HogwildMatrix& m, const TrainState& state, const char* name) {
  const auto it = std::find_if(state.params.begin(), state.params.end(), [&](const ParamMatrix& p) { return p.name == name; });
  if (it == state.params.end()) throw FormatError(fmt::format("checkpoint: no '{}' matrix", name));
  if (it->rows() != m.rows() || it->cols() != m.cols())
    throw FormatError(fmt::format("checkpoint: the '{}' matrix is {} x {}, this run needs {} x {}", name, it->rows(),
                                  it->cols(), m.rows(), m.cols()));
  for (std::size_t r = 0; r < m.rows(); ++r) std::memcpy(m.row(r), it->values.row(static_cast<Eigen::Index>(r)).data(), m.cols() * sizeof(float));
}

/// An aligned vector view over `n` floats of a padded row, for Eigen arithmetic.
using RowMap = Eigen::Map<Eigen::VectorXf, Eigen::Aligned64>;
using ConstRowMap = Eigen::Map<const Eigen::VectorXf, Eigen::Aligned64>;

}  // namespace wordvec
