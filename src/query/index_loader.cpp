#include "query/index_loader.hpp"

#include "io/format.hpp"
#include "io/native_format.hpp"

namespace wordvec {

namespace {

// The rows' original lengths: from the norms chunk, else 1 for unit rows, else computed.
Eigen::VectorXf file_norms(const NativeFile& file) {
  const auto rows = static_cast<Eigen::Index>(file.rows);
  if (file.norms) return Eigen::Map<const Eigen::VectorXf>(file.norms, rows);
  if (file.unit_rows) return Eigen::VectorXf::Ones(rows);
  const MatrixView src(static_cast<const float*>(file.data), rows, static_cast<Eigen::Index>(file.cols));
  return src.rowwise().norm();
}

// One pass: copy each mapped row scaled to unit length.
std::shared_ptr<const Matrix> normalized_copy(const NativeFile& file, const Eigen::VectorXf& norms) {
  auto m = std::make_shared<Matrix>(static_cast<Eigen::Index>(file.rows), static_cast<Eigen::Index>(file.cols));
  const MatrixView src(static_cast<const float*>(file.data), m->rows(), m->cols());
#pragma omp parallel for schedule(static)
  for (Eigen::Index r = 0; r < m->rows(); ++r) {
    if (norms[r] > 0.0f) m->row(r) = src.row(r) / norms[r];
    else m->row(r).setZero();
  }
  return m;
}

}  // namespace

SimilarityIndex load_similarity_index(const std::filesystem::path& path) {
  if (detect_format(path) != Format::Native) return SimilarityIndex(read_embeddings(path));
  NativeFile file = open_native(path);
  if (file.dtype != Dtype::Float32) return SimilarityIndex(native_to_embeddings(file));
  Eigen::VectorXf norms = file_norms(file);
  if (file.unit_rows) {
    const MatrixView rows(static_cast<const float*>(file.data), static_cast<Eigen::Index>(file.rows),
                          static_cast<Eigen::Index>(file.cols));
    return SimilarityIndex(std::move(file.vocab), rows, std::move(norms), file.file);
  }
  auto unit = normalized_copy(file, norms);
  const MatrixView rows(unit->data(), unit->rows(), unit->cols());
  return SimilarityIndex(std::move(file.vocab), rows, std::move(norms), std::move(unit));
}

}  // namespace wordvec
