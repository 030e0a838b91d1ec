#include "wordvec/query/index_loader.hpp"

#include "wordvec/io/format.hpp"
#include "wordvec/io/native_format.hpp"

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

}  // namespace

SimilarityIndex load_similarity_index(const std::filesystem::path& path, const ReadOptions& options) {
  if (detect_format(path) != Format::Native) return SimilarityIndex(read_embeddings(path, options));
  NativeFile file = open_native(path);
  if (file.dtype != Dtype::Float32) return SimilarityIndex(native_to_embeddings(file));
  Eigen::VectorXf norms = file_norms(file);
  // Raw rows are scored in place, each score scaled by the row's inverse norm: no normalising copy of the
  // matrix, and the rows stay exactly as written.
  const MatrixView rows(static_cast<const float*>(file.data), static_cast<Eigen::Index>(file.rows),
                        static_cast<Eigen::Index>(file.cols));
  return SimilarityIndex(std::move(file.vocab), rows, std::move(norms), file.file,
                         file.unit_rows ? RowLayout::Unit : RowLayout::Raw);
}

TokenizerOptions recorded_tokenizer(const std::filesystem::path& path) {
  if (detect_format(path) != Format::Native) return {};
  return TokenizerOptions::from_metadata(read_native_metadata(path));
}

}  // namespace wordvec
