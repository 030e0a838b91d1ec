// The native half of wordvec.KeyedVectors (python/wordvec/__init__.py holds the gensim-shaped rest).
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cmath>

#include "bindings.hpp"  // first: Eigen through wordvec/core/eigen.hpp (see there)
#include <pybind11/eigen.h>
#include "wordvec/eval/analogy_eval.hpp"
#include "wordvec/eval/similarity_eval.hpp"
#include "wordvec/io/format.hpp"
#include "wordvec/query/index_loader.hpp"

namespace wordvec::python {

Vectors::Vectors(Embeddings emb) : emb_(std::make_shared<Embeddings>(std::move(emb))) {
  subwords_ = emb_->subwords();
  metadata_ = emb_->metadata();
  const auto& m = emb_->vectors();
  Eigen::VectorXf norms = m.rowwise().norm();
  // Raw rows scored in place (each score scaled by the row's inverse norm): `vectors` stays what was read.
  index_ = std::make_unique<SimilarityIndex>(emb_->vocab(), MatrixView(m.data(), m.rows(), m.cols()), std::move(norms),
                                             emb_, RowLayout::Raw, subwords_);
}

Vectors::Vectors(SimilarityIndex index) : index_(std::make_unique<SimilarityIndex>(std::move(index))) {}

const float* Vectors::raw_rows() const {
  if (emb_) return emb_->vectors().data();
  if (index_->row_scale().size() != 0) return index_->rows().data();  // raw rows in the mapped file
  if (!scaled_) {
    // Unit rows (a native file written with unit rows, or float16 read normalised): scale back once.
    auto m = std::make_shared<Matrix>(index_->rows());
    for (Eigen::Index r = 0; r < m->rows(); ++r) m->row(r) *= index_->norm(static_cast<std::size_t>(r));
    scaled_ = std::move(m);
  }
  return scaled_->data();
}

std::shared_ptr<const Embeddings> Vectors::as_embeddings() const {
  if (emb_) return emb_;
  return std::make_shared<Embeddings>(index_->vocab(),
                                      MatrixView(raw_rows(), static_cast<Eigen::Index>(index_->size()),
                                                               static_cast<Eigen::Index>(index_->dim())),
                                      metadata_);
}

Eigen::VectorXf Vectors::vector(const std::string& word, bool norm) const {
  const auto id = index_->vocab().find(word);
  if (id >= 0) {
    if (norm) return index_->unit_row(id);
    return Eigen::Map<const Eigen::VectorXf>(raw_rows() + static_cast<std::size_t>(id) * index_->dim(),
                                             static_cast<Eigen::Index>(index_->dim()));
  }
  if (subwords_) {
    std::vector<std::int32_t> rows;
    subwords_->rows_of(word, -1, rows);
    if (!rows.empty()) {
      Eigen::VectorXf v(static_cast<Eigen::Index>(index_->dim()));
      subwords_->mean_of(rows, v.data());
      const float n = v.norm();
      if (norm && n > 0.0f) v /= n;
      return v;
    }
  }
  throw UnknownWordError(word);
}

bool Vectors::has_vector(const std::string& word) const {
  if (index_->vocab().contains(word)) return true;
  if (!subwords_) return false;
  std::vector<std::int32_t> rows;
  subwords_->rows_of(word, -1, rows);
  return !rows.empty();
}

namespace {

using Pairs = std::vector<std::pair<std::string, float>>;

Pairs to_pairs(const std::vector<Neighbor>& neighbors) {
  Pairs out;
  out.reserve(neighbors.size());
  for (const auto& n : neighbors) out.emplace_back(n.word, n.score);
  return out;
}

// The stored rows as a read-only NumPy array that keeps `self` (and so the memory) alive.
py::array vectors_array(py::object self) {
  const auto& v = self.cast<const Vectors&>();
  const auto rows = static_cast<py::ssize_t>(v.index().size()), cols = static_cast<py::ssize_t>(v.index().dim());
  py::array_t<float> a({rows, cols}, {cols * static_cast<py::ssize_t>(sizeof(float)), static_cast<py::ssize_t>(sizeof(float))},
                       v.raw_rows(), self);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

// One section of gensim's evaluate_word_analogies answer, before Python shapes it:
// (name, [(a, b, c, d, answered, correct), ...]).
py::list analogy_sections(const AnalogySet& set, const AnalogyResult& result, bool mul) {
  std::vector<py::list> sections(set.sections.size());
  for (const auto& o : result.outcomes) {
    const auto& w = set.sections[o.section].questions[o.question].words;
    sections[o.section].append(py::make_tuple(w[0], w[1], w[2], w[3], o.answered, mul ? o.correct_mul : o.correct_add));
  }
  py::list out;
  for (std::size_t s = 0; s < set.sections.size(); ++s) out.append(py::make_tuple(set.sections[s].name, sections[s]));
  return out;
}

}  // namespace

void bind_vectors(py::module_& m) {
  py::class_<Vectors, std::shared_ptr<Vectors>>(m, "_Vectors", "Word vectors and their similarity index (use wordvec.KeyedVectors).")
      .def_property_readonly("size", [](const Vectors& v) { return v.index().size(); }, "number of words")
      .def_property_readonly("dim", [](const Vectors& v) { return v.index().dim(); }, "vector size")
      .def_property_readonly("has_subwords", [](const Vectors& v) { return v.subwords() != nullptr; },
                             "unseen words get vectors from character n-grams (fastText)")
      .def_property_readonly("metadata", &Vectors::metadata, "how the vectors were made, when known")
      .def("words", [](const Vectors& v) { return v.index().vocab().words(); }, "all words, most frequent first")
      .def("counts", [](const Vectors& v) {
             const auto& c = v.index().vocab().counts();
             return py::array_t<std::uint64_t>(static_cast<py::ssize_t>(c.size()), c.data());
           }, "corpus counts (0 where unknown)")
      .def("find", [](const Vectors& v, const std::string& w) { return v.index().vocab().find(w); }, py::arg("word"),
           "row of `word`, -1 when unknown")
      .def("vectors", &vectors_array, "the rows as a read-only NumPy view (no copy)")
      .def("get_vector", [](const Vectors& v, const std::string& w, bool norm) { return v.vector(w, norm); },
           py::arg("word"), py::arg("norm") = false)
      .def("has_vector", &Vectors::has_vector, py::arg("word"))
      .def("most_similar",
           [](const Vectors& v, const std::vector<std::string>& pos, const std::vector<std::string>& neg, std::size_t topn,
              std::size_t restrict) {
             std::vector<Neighbor> n;
             {
               py::gil_scoped_release release;
               n = v.index().most_similar(pos, neg, topn, restrict);
             }
             return to_pairs(n);
           },
           py::arg("positive"), py::arg("negative"), py::arg("topn"), py::arg("restrict"))
      .def("most_similar_cosmul",
           [](const Vectors& v, const std::vector<std::string>& pos, const std::vector<std::string>& neg, std::size_t topn,
              std::size_t restrict) {
             std::vector<Neighbor> n;
             {
               py::gil_scoped_release release;
               n = v.index().most_similar_cosmul(pos, neg, topn, restrict);
             }
             return to_pairs(n);
           },
           py::arg("positive"), py::arg("negative"), py::arg("topn"), py::arg("restrict"))
      .def("similar_by_vector",
           [](const Vectors& v, const Eigen::VectorXf& q, std::size_t topn, std::size_t restrict) {
             std::vector<Neighbor> n;
             {
               py::gil_scoped_release release;
               n = v.index().most_similar_to(q, topn, restrict);
             }
             return to_pairs(n);
           },
           py::arg("vector"), py::arg("topn"), py::arg("restrict"))
      .def("similarity", [](const Vectors& v, const std::string& a, const std::string& b) { return v.index().similarity(a, b); },
           py::arg("w1"), py::arg("w2"))
      .def("doesnt_match", [](const Vectors& v, const std::vector<std::string>& words) { return v.index().doesnt_match(words); },
           py::arg("words"))
      .def("evaluate_word_analogies",
           [](const Vectors& v, const std::filesystem::path& path, std::size_t restrict, bool case_insensitive, bool mul) {
             AnalogySet set;
             AnalogyResult result;
             {
               py::gil_scoped_release release;
               set = read_analogies(path);
               AnalogyOptions options;
               options.restrict = restrict;
               options.case_insensitive = case_insensitive;
               options.add = !mul;
               options.mul = mul;
               result = evaluate_analogies(v.index(), set, options);
             }
             return analogy_sections(set, result, mul);
           },
           py::arg("path"), py::arg("restrict"), py::arg("case_insensitive"), py::arg("mul"),
           "[(section, [(a, b, c, d, answered, correct), ...]), ...]")
      .def("evaluate_word_pairs",
           [](const Vectors& v, const std::filesystem::path& path, std::size_t restrict, bool case_insensitive,
              bool dummy4unknown) {
             SimilarityResult r;
             {
               py::gil_scoped_release release;
               SimilarityOptions options;
               options.restrict = restrict;
               options.case_insensitive = case_insensitive;
               options.dummy4unknown = dummy4unknown;
               r = evaluate_word_pairs(v.index(), read_word_pairs(path), options);
             }
             return py::make_tuple(r.pearson, r.spearman, r.pairs, r.used);
           },
           py::arg("path"), py::arg("restrict"), py::arg("case_insensitive"), py::arg("dummy4unknown") = false,
           "(pearson, spearman, pairs, used)")
      .def("save",
           [](const Vectors& v, const std::filesystem::path& path, const std::string& format) {
             py::gil_scoped_release release;
             Format f = format.empty() ? format_for_extension(path) : parse_format(format);
             // A subword model written to .bin is a fastText model file, as `wordvec train` writes it.
             if (format.empty() && f == Format::W2vBin && v.subwords()) f = Format::FasttextBin;
             write_embeddings(*v.as_embeddings(), path, f);
           },
           py::arg("path"), py::arg("format"))
      .def("subword_input",
           [](py::object self) -> py::object {
             const auto& v = self.cast<const Vectors&>();
             if (!v.subwords()) return py::none();
             const auto& in = v.subwords()->input;
             const auto cols = static_cast<py::ssize_t>(in.cols());
             return py::array_t<float>({static_cast<py::ssize_t>(in.rows()), cols},
                                       {cols * static_cast<py::ssize_t>(sizeof(float)), static_cast<py::ssize_t>(sizeof(float))},
                                       in.data(), self);
           },
           "fastText's input matrix (word rows, then n-gram rows), or None")
      .def_property_readonly("subword_options",
                             [](const Vectors& v) -> py::object {
                               if (!v.subwords()) return py::none();
                               const auto& s = *v.subwords();
                               return py::make_tuple(s.options.minn, s.options.maxn, s.options.bucket, !s.prune_index.empty(),
                                                     s.words);
                             },
                             "(minn, maxn, bucket, pruned, word rows of subword_input()) of a fastText model, or None");

  m.def("_load",
        [](const std::filesystem::path& path, std::size_t limit) {
          py::gil_scoped_release release;
          // A native file is mapped and queried in place (unless cut); any other format is read into memory.
          if (limit == 0 && detect_format(path) == Format::Native)
            return std::make_shared<Vectors>(load_similarity_index(path));
          Embeddings emb = read_embeddings(path);
          if (limit > 0) emb.truncate(limit);  // a subword model keeps its n-gram rows
          return std::make_shared<Vectors>(std::move(emb));
        },
        py::arg("path"), py::arg("limit") = 0);
  m.def("_format_names", &format_names);
}

}  // namespace wordvec::python
