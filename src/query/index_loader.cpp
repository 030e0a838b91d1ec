#include "query/index_loader.hpp"

#include "io/format.hpp"
#include "io/native_format.hpp"

namespace wordvec {

namespace {

// One pass: copy each mapped row and scale it to unit length (norms from the file when present).
std::shared_ptr<const Matrix> normalized_copy(const NativeFile& file) {
  auto m = std::make_shared<Matrix>(static_cast<Eigen::Index>(file.rows), static_cast<Eigen::Index>(file.cols));
  const MatrixView src(static_cast<const float*>(file.data), m->rows(), m->cols());
#pragma omp parallel for schedule(static)
  for (Eigen::Index r = 0; r < m->rows(); ++r) {
    const float norm = file.norms ? file.norms[r] : src.row(r).norm();
    if (norm > 0.0f) m->row(r) = src.row(r) / norm;
    else m->row(r).setZero();
  }
  return m;
}

}  // namespace

SimilarityIndex load_similarity_index(const std::filesystem::path& path) {
  if (detect_format(path) != Format::Native) return SimilarityIndex(read_embeddings(path));
  NativeFile file = open_native(path);
  if (file.dtype != Dtype::Float32) return SimilarityIndex(native_to_embeddings(file));
  if (file.unit_rows) {
    const MatrixView rows(static_cast<const float*>(file.data), static_cast<Eigen::Index>(file.rows),
                          static_cast<Eigen::Index>(file.cols));
    return SimilarityIndex(std::move(file.vocab), rows, file.file);
  }
  auto unit = normalized_copy(file);
  const MatrixView rows(unit->data(), unit->rows(), unit->cols());
  return SimilarityIndex(std::move(file.vocab), rows, std::move(unit));
}

}  // namespace wordvec
