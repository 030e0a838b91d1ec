// Sentence vectors, k-means and PCA for Python: NumPy arrays in, NumPy arrays out.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <algorithm>
#include <thread>

#include "bindings.hpp"  // first: Eigen through wordvec/core/eigen.hpp (see there)
#include <pybind11/eigen.h>
#include "wordvec/explore/kmeans.hpp"
#include "wordvec/explore/pca.hpp"
#include "wordvec/explore/sentence_embedder.hpp"

namespace wordvec::python {

namespace {

// Points as the library's row-major float matrix (one copy).
using RowMajorIn = py::array_t<float, py::array::c_style | py::array::forcecast>;
Matrix to_matrix(const RowMajorIn& a) {
  if (a.ndim() != 2) throw OptionError(fmt::format("expected a 2-dimensional array of points, got {} dimensions", a.ndim()));
  return MatrixView(a.data(), a.shape(0), a.shape(1));
}

// The word-vector function of the embedder, for any Vectors (owned or mapped).
WordVectorFn lookup(const Vectors& v) {
  return [&v](std::string_view word, Eigen::Ref<Eigen::VectorXf> out) {
    if (!v.has_vector(std::string(word))) return false;
    out = v.vector(std::string(word), false);
    return true;
  };
}

}  // namespace

void bind_explore(py::module_& m) {
  m.def(
      "_embed",
      [](const Vectors& v, const std::vector<std::string>& texts, double sif, bool remove_component, bool lowercase,
         const std::optional<std::filesystem::path>& counts) {
        SentenceEmbedderOptions options;
        options.sif_a = sif;
        options.remove_component = remove_component;
        options.lowercase = lowercase;
        SentenceVectors sv;
        bool zipf = false;
        {
          py::gil_scoped_release release;
          WordProbabilityFn probability;
          if (sif > 0.0) {
            const auto& vocab = v.index().vocab();
            const bool has_counts = vocab.total_count() > 0;
            zipf = !counts && !has_counts;
            probability = counts ? probability_from_count_file(*counts)
                          : has_counts ? probability_from_counts(vocab)
                                       : probability_from_rank(vocab);
          }
          const SentenceEmbedder embedder(v.index().dim(), lookup(v), probability, options);
          sv = embedder.embed_lines(texts);
        }
        // Every text gets a row; texts with no known word keep a zero row (and are listed).
        Matrix all = Matrix::Zero(static_cast<Eigen::Index>(texts.size()), static_cast<Eigen::Index>(v.index().dim()));
        for (std::size_t i = 0; i < sv.lines.size(); ++i)
          all.row(static_cast<Eigen::Index>(sv.lines[i] - 1)) = sv.vectors.row(static_cast<Eigen::Index>(i));
        std::vector<std::size_t> missing;
        for (auto n : sv.unembedded) missing.push_back(n - 1);
        return py::make_tuple(all, missing, sv.known_tokens, sv.unknown_tokens, zipf);
      },
      py::arg("vectors"), py::arg("texts"), py::arg("sif"), py::arg("remove_component"), py::arg("lowercase"),
      py::arg("counts"), "(matrix, texts without a known word, known tokens, unknown tokens, p(w) from Zipf's law)");

  m.def(
      "_kmeans",
      [](const RowMajorIn& points, int k, int iterations, std::uint64_t seed, std::optional<int> threads) {
        const Matrix x = to_matrix(points);
        KMeansOptions options;
        options.k = k;
        options.iterations = iterations;
        options.seed = seed;
        options.threads = threads.value_or(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
        KMeansResult r;
        run_interruptible([&](const CancellationToken& cancel) {
          options.cancel = cancel;
          r = kmeans(x, options);
        });
        return py::make_tuple(py::array_t<std::int32_t>(static_cast<py::ssize_t>(r.assignment.size()), r.assignment.data()),
                              r.centroids, r.inertia, r.iterations, r.converged);
      },
      py::arg("points"), py::arg("k"), py::arg("iterations"), py::arg("seed"), py::arg("threads"));

  m.def(
      "_pca",
      [](const RowMajorIn& points, int components, bool centre) {
        const Matrix x = to_matrix(points);
        py::gil_scoped_release release;
        const Pca pca = fit_pca(x, components, centre);
        Eigen::MatrixXd coords = pca.project(x);
        Eigen::VectorXd ratio = pca.explained_ratio();
        py::gil_scoped_acquire acquire;
        return py::make_tuple(coords, ratio, pca.axes, pca.mean);
      },
      py::arg("points"), py::arg("components"), py::arg("centre"));
}

}  // namespace wordvec::python
