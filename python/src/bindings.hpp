#pragma once
// Shared pieces of the Python bindings: the vectors object Python sees, running library work with
// the GIL released, and the functions that add each part to the module.
#include "wordvec/core/eigen.hpp"  // before any other Eigen include (GCC 12 false positive, see there)

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <functional>
#include <memory>
#include <optional>

#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/query/similarity_index.hpp"

namespace wordvec::python {

namespace py = pybind11;

/// Loaded or trained vectors: the similarity index every query uses, plus the vectors as they are
/// (owned, or the rows of a memory-mapped native file viewed in place).
class Vectors {
 public:
  /// Takes trained or read vectors; the index scores the same rows in place (raw rows, no copy).
  explicit Vectors(Embeddings emb);
  /// A mapped native file (io/load_similarity_index): no Embeddings value behind it.
  explicit Vectors(SimilarityIndex index);

  /// The index queries go through.
  const SimilarityIndex& index() const { return *index_; }
  /// The owned vectors, or null for a mapped file.
  const std::shared_ptr<Embeddings>& embeddings() const { return emb_; }
  /// The subword part of a fastText model, or null.
  const std::shared_ptr<const SubwordVectors>& subwords() const { return subwords_; }
  /// Metadata (model, options) when known.
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  /// The vectors as read or trained (rows x dim, float32), valid while this object lives.
  /// Owned or mapped raw rows are returned as they are; unit rows are scaled back once and kept.
  const float* raw_rows() const;
  /// A copy as an Embeddings value, for writers (only built for mapped files).
  std::shared_ptr<const Embeddings> as_embeddings() const;
  /// The vector of `word` as gensim's get_vector: its row, else (fastText) the mean of its n-gram rows.
  /// Throws UnknownWordError when neither exists. `norm` scales it to unit length.
  Eigen::VectorXf vector(const std::string& word, bool norm) const;
  /// True when `word` has a vector (its own row, or n-grams on a fastText model).
  bool has_vector(const std::string& word) const;

 private:
  std::shared_ptr<Embeddings> emb_;
  std::unique_ptr<SimilarityIndex> index_;
  std::shared_ptr<const SubwordVectors> subwords_;
  std::map<std::string, std::string> metadata_;
  mutable std::shared_ptr<Matrix> scaled_;  // unit rows times their norms, made on first use
};

/// Runs `job` on a worker thread with the GIL released. The calling thread wakes every 50 ms to
/// let Python run its signal handlers (Ctrl-C raises KeyboardInterrupt there): an exception from
/// them, or one stored in `pending` by a Python callback, sets the token `job` was given (a source of
/// this call's own, core/cancel.hpp), waits for the worker to stop and is raised in place of the result.
void run_interruptible(const std::function<void(const CancellationToken& cancel)>& job,
                       std::shared_ptr<std::optional<py::error_already_set>> pending = nullptr);

/// Registers the exception types and the translator from the library's errors.
void bind_errors(py::module_& m);
/// KeyedVectors' native part, load().
void bind_vectors(py::module_& m);
/// train() and Progress.
void bind_train(py::module_& m);
/// Classifiers (supervised) and full Doc2Vec models.
void bind_models(py::module_& m);
/// Sentence vectors, k-means and PCA.
void bind_explore(py::module_& m);

}  // namespace wordvec::python
