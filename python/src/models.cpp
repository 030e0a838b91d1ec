// wordvec._Classifier and wordvec._Doc2VecModel: what supervised and dbow/dm training return besides
// vectors, with the queries fastText's and gensim's models answer (predict, test; infer_vector).
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "bindings.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/eval/classifier_eval.hpp"
#include "wordvec/io/fasttext_format.hpp"
#include "wordvec/pipeline/train_jobs.hpp"
#include "wordvec/text/tokenizer.hpp"

namespace wordvec::python {

namespace {

std::vector<std::string> words_of(const Vocab& vocab) {
  std::vector<std::string> out;
  out.reserve(vocab.size());
  for (std::size_t i = 0; i < vocab.size(); ++i) out.push_back(vocab.word(i));
  return out;
}

// The labels and probabilities of each text (one line each, read as `fasttext predict` reads a line).
std::vector<std::pair<std::vector<std::string>, std::vector<double>>> predict(const SupervisedModel& model,
                                                                              const std::vector<std::string>& texts,
                                                                              int k, float threshold) {
  require_option(k >= 1, "k", "at least 1", k);
  require_option(std::isfinite(threshold), "threshold", "a number", threshold);
  std::vector<std::pair<std::vector<std::string>, std::vector<double>>> out(texts.size());
  py::gil_scoped_release release;
  Classifier classifier(model);
  LineInput line;
  std::vector<LabelScore> scores;
  for (std::size_t t = 0; t < texts.size(); ++t) {
    line.clear();
    model.read_line(texts[t], true, line);  // fastText's predict() appends the newline: "</s>" is read too
    classifier.predict(line.rows, k, threshold, scores);
    for (const auto& s : scores) {
      out[t].first.push_back(model.labels.word(static_cast<std::size_t>(s.label)));
      out[t].second.push_back(std::exp(static_cast<double>(s.log_prob)));
    }
  }
  return out;
}

// (N, P@k, R@k) of `fasttext test MODEL FILE k threshold`.
py::tuple test(const SupervisedModel& model, const std::filesystem::path& path, int k, float threshold) {
  require_option(k >= 1, "k", "at least 1", k);
  ClassifierTest result;
  {
    py::gil_scoped_release release;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError(fmt::format("{}: cannot open the input: {}", path.string(), std::strerror(errno)));
    result = test_classifier(model, in, k, threshold);
    if (in.bad()) throw IoError(fmt::format("{}: read error", path.string()));
  }
  return py::make_tuple(result.examples, result.all.precision(), result.all.recall());
}

// The words and document vectors a full Doc2Vec model holds (its input rows: the words, then the documents).
py::tuple doc2vec_parts(const Doc2VecModel& m) {
  const auto rows = [&](std::size_t first, std::size_t n) {
    return Matrix(m.input.values.middleRows(static_cast<Eigen::Index>(first), static_cast<Eigen::Index>(n)));
  };
  Vocab tags;
  for (const auto& t : m.tags) tags.add(t, 1);
  auto docs = std::make_shared<Vectors>(Embeddings(std::move(tags), rows(m.vocab.size(), m.tags.size())));
  auto words = std::make_shared<Vectors>(Embeddings(m.vocab, rows(0, m.vocab.size())));
  return py::make_tuple(docs, words);
}

}  // namespace

void bind_models(py::module_& m) {
  py::class_<SupervisedModel, std::shared_ptr<SupervisedModel>>(
      m, "_Classifier", "A fastText classifier (use wordvec.Classifier).")
      .def_property_readonly("labels", [](const SupervisedModel& s) { return words_of(s.labels); })
      .def_property_readonly("words", [](const SupervisedModel& s) { return words_of(s.words); })
      .def_property_readonly("dim", &SupervisedModel::dim)
      .def_property_readonly("loss", [](const SupervisedModel& s) { return to_string(s.loss); })
      .def("predict", &predict, py::arg("texts"), py::arg("k"), py::arg("threshold"))
      .def("test", &test, py::arg("path"), py::arg("k"), py::arg("threshold"))
      .def(
          "sentence_vector",
          [](const SupervisedModel& s, const std::string& text) {
            const std::vector<float> v = s.sentence_vector(text);
            return py::array_t<float>(static_cast<py::ssize_t>(v.size()), v.data());
          },
          py::arg("text"), "fastText's get_sentence_vector of one line")
      .def(
          "save",
          [](const SupervisedModel& s, const std::filesystem::path& path) {
            py::gil_scoped_release release;
            write_fasttext_supervised(s, path);
          },
          py::arg("path"));
  m.def(
      "_load_classifier",
      [](const std::filesystem::path& path) {
        py::gil_scoped_release release;
        return std::make_shared<SupervisedModel>(read_fasttext_supervised(path));
      },
      py::arg("path"));

  py::class_<Doc2VecModel, std::shared_ptr<Doc2VecModel>>(m, "_Doc2VecModel",
                                                          "A full Doc2Vec model (use wordvec.Doc2Vec).")
      .def_property_readonly("model", [](const Doc2VecModel& d) { return to_string(d.options.model); })
      .def_property_readonly("epochs", [](const Doc2VecModel& d) { return d.options.epochs; })
      .def(
          "tokenize",
          [](const Doc2VecModel& d, const std::string& text) {
            TokenList tokens;
            d.options.tokenizer->tokenize(text, tokens);
            std::vector<std::string> words;
            for (std::size_t i = 0; i < tokens.size(); ++i) words.emplace_back(tokens[i]);
            return words;
          },
          py::arg("text"), "The words of `text` as the training corpus was split.")
      .def(
          "infer",
          [](const Doc2VecModel& d, const std::vector<std::vector<std::string>>& docs, std::optional<int> epochs,
             std::optional<double> lr, std::optional<double> min_lr, std::optional<std::uint64_t> seed,
             std::optional<int> threads) {
            InferOptions o;  // unset: the struct's defaults (the model's epochs and rate)
            if (epochs) o.epochs = *epochs;
            if (lr) o.lr = *lr;
            if (min_lr) o.min_lr = *min_lr;
            if (seed) o.seed = *seed;
            if (threads) o.threads = *threads;
            o.validate();
            Matrix out;
            {
              py::gil_scoped_release release;
              out = infer_documents(d, docs, o);
            }
            py::array_t<float> result({out.rows(), out.cols()});
            std::memcpy(result.mutable_data(), out.data(), static_cast<std::size_t>(out.size()) * sizeof(float));
            return result;
          },
          py::arg("docs"), py::arg("epochs"), py::arg("lr"), py::arg("min_lr"), py::arg("seed"), py::arg("threads"))
      .def("parts", &doc2vec_parts, "(document Vectors, word Vectors) of the model's input rows.")
      .def(
          "save",
          [](const Doc2VecModel& d, const std::filesystem::path& path) {
            py::gil_scoped_release release;
            write_doc2vec_model(d, path);
          },
          py::arg("path"), "Writes the full model read_doc2vec_model reads.");
  m.def(
      "_load_doc2vec",
      [](const std::filesystem::path& path) {
        py::gil_scoped_release release;
        return std::make_shared<Doc2VecModel>(read_doc2vec_model(path));
      },
      py::arg("path"));
}

}  // namespace wordvec::python
