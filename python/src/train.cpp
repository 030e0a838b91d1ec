// wordvec._train: every model `wordvec train` trains, on a corpus file, with the GIL released.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <functional>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "bindings.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/pipeline/train_jobs.hpp"

namespace wordvec::python {

namespace {

// Keyword arguments of train(); unset ones keep the model's defaults from its options struct.
struct TrainArgs {
  std::optional<int> dim, window, epochs, threads, negative, minn, maxn;
  std::optional<std::uint64_t> min_count, max_vocab, seed;
  std::optional<double> lr, sample, ns_exponent, init_range, x_max, power, memory_gb;
  std::optional<std::uint32_t> bucket;
};

// Each keyword of train() and the field it sets.
template <typename T>
std::function<void(TrainArgs&, py::handle)> sets(std::optional<T> TrainArgs::*field) {
  return [field](TrainArgs& args, py::handle value) { args.*field = value.cast<T>(); };
}
const std::map<std::string, std::function<void(TrainArgs&, py::handle)>> kFields = {
    {"dim", sets(&TrainArgs::dim)},           {"window", sets(&TrainArgs::window)},
    {"epochs", sets(&TrainArgs::epochs)},     {"threads", sets(&TrainArgs::threads)},
    {"negative", sets(&TrainArgs::negative)}, {"minn", sets(&TrainArgs::minn)},
    {"maxn", sets(&TrainArgs::maxn)},         {"min_count", sets(&TrainArgs::min_count)},
    {"max_vocab", sets(&TrainArgs::max_vocab)}, {"seed", sets(&TrainArgs::seed)},
    {"lr", sets(&TrainArgs::lr)},             {"sample", sets(&TrainArgs::sample)},
    {"ns_exponent", sets(&TrainArgs::ns_exponent)}, {"init_range", sets(&TrainArgs::init_range)},
    {"x_max", sets(&TrainArgs::x_max)},       {"power", sets(&TrainArgs::power)},
    {"memory_gb", sets(&TrainArgs::memory_gb)}, {"bucket", sets(&TrainArgs::bucket)},
};

int all_cores() {
  const auto n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

template <typename T, typename U>
void set_if(const std::optional<T>& value, U& field) {
  if (value) field = static_cast<U>(*value);
}

// Options one family of models does not have are refused rather than ignored.
void refuse(bool given, const std::string& name, const std::string& model) {
  if (given) throw OptionError(fmt::format("option {}: does not apply to --model {}", name, model));
}

// The whole job; called with the GIL held (run_interruptible releases it while the work runs).
Embeddings train(const std::string& corpus, const std::string& model, const TrainArgs& a, const ProgressCallback& progress,
                 const std::shared_ptr<std::optional<py::error_already_set>>& pending, py::dict& report) {
  VocabOptions vocab;
  set_if(a.min_count, vocab.min_count);
  set_if(a.max_vocab, vocab.max_vocab);
  const int threads = a.threads.value_or(all_cores());
  vocab.threads = threads;
  Embeddings emb;
  if (model == "glove") {
    refuse(a.negative || a.sample || a.ns_exponent || a.minn || a.maxn || a.bucket,
           "negative/sample/ns_exponent/minn/maxn/bucket", model);
    GloveOptions g;
    set_if(a.dim, g.dim);
    set_if(a.window, g.window);
    set_if(a.epochs, g.epochs);
    set_if(a.lr, g.lr);
    set_if(a.seed, g.seed);
    set_if(a.init_range, g.init_range);
    set_if(a.x_max, g.x_max);
    set_if(a.power, g.power);
    set_if(a.memory_gb, g.memory_gb);
    g.threads = threads;
    vocab.ties = VocabTies::Bytes;  // word ids as Stanford's vocab_count numbers them, as `wordvec train` does
    g.validate();
    vocab.validate();
    GloveReport r;
    run_interruptible([&] { emb = train_glove(corpus, vocab, g, {}, progress, &r); }, pending);
    report["epoch_loss"] = r.training.epoch_loss;
    report["seconds"] = r.training.seconds;
    report["records"] = r.records;
    report["corpus_tokens"] = r.vocab.tokens;
    return emb;
  }
  refuse(a.x_max || a.power || a.memory_gb, "x_max/power/memory_gb", model);
  Word2VecOptions w;
  const bool fasttext = model == "fasttext";
  if (!fasttext && model != "skipgram" && model != "cbow")
    throw OptionError(fmt::format("option --model: expected skipgram, cbow, fasttext or glove, got '{}'", model));
  w.model = parse_word2vec_model(fasttext ? "skipgram" : model);
  set_if(a.dim, w.dim);
  set_if(a.window, w.window);
  set_if(a.epochs, w.epochs);
  set_if(a.lr, w.lr);
  set_if(a.seed, w.seed);
  set_if(a.init_range, w.init_range);
  set_if(a.negative, w.negative);
  set_if(a.sample, w.sample);
  set_if(a.ns_exponent, w.ns_exponent);
  set_if(a.minn, w.subwords.minn);
  set_if(a.bucket, w.subwords.bucket);
  // fastText is skip-gram with n-grams of 3..6 characters; the others have none unless maxn is given.
  w.subwords.maxn = a.maxn.value_or(fasttext ? SubwordOptions{}.maxn : 0);
  w.threads = threads;
  w.validate();
  vocab.validate();
  TrainingSummary summary;
  run_interruptible([&] { emb = train_word2vec(corpus, vocab, w, progress, &summary); }, pending);
  report["epoch_loss"] = summary.epoch_loss;
  report["seconds"] = summary.seconds;
  return emb;
}

}  // namespace

void bind_train(py::module_& m) {
  py::class_<Progress>(m, "Progress", "One progress report of a running job (fields that do not apply are 0).")
      .def_property_readonly("stage", [](const Progress& p) { return std::string(stage_name(p.stage)); },
                             "what is running: vocab, train, cooccur, glove, kmeans")
      .def_readonly("fraction", &Progress::fraction)
      .def_readonly("done", &Progress::done)
      .def_readonly("total", &Progress::total)
      .def_readonly("units_per_sec", &Progress::units_per_sec)
      .def_readonly("learning_rate", &Progress::learning_rate)
      .def_readonly("loss", &Progress::loss)
      .def_readonly("epoch", &Progress::epoch)
      .def_readonly("epochs", &Progress::epochs)
      .def_readonly("elapsed_sec", &Progress::elapsed_sec)
      .def_readonly("eta_sec", &Progress::eta_sec)
      .def_readonly("finished", &Progress::finished)
      .def("__repr__", [](const Progress& p) {
        return fmt::format("Progress(stage='{}', fraction={:.4f}, epoch={}/{}, loss={:.4f})", stage_name(p.stage), p.fraction, p.epoch,
                           p.epochs, p.loss);
      });

  m.def(
      "_train",
      [](const std::filesystem::path& corpus, const std::string& model, py::object progress, py::kwargs kwargs) {
        TrainArgs args;
        for (const auto& [key, value] : kwargs) {
          if (value.is_none()) continue;
          const auto name = key.cast<std::string>();
          const auto field = kFields.find(name);
          if (field == kFields.end()) throw OptionError(fmt::format("train: unknown option '{}'", name));
          field->second(args, value);
        }
        // The callback runs on a library thread: it takes the GIL, and an exception it raises is kept
        // for run_interruptible, which cancels the job and raises it.
        auto pending = std::make_shared<std::optional<py::error_already_set>>();
        ProgressCallback callback;
        if (!progress.is_none())
          callback = [handle = py::handle(progress), pending](const Progress& p) {
            py::gil_scoped_acquire acquire;
            if (*pending) return;
            try {
              handle(p);  // a handle, not an object: copies of the callback die on library threads without the GIL
            } catch (py::error_already_set& e) {
              pending->emplace(std::move(e));
            }
          };
        py::dict report;
        Embeddings emb = train(corpus.string(), model, args, callback, pending, report);
        return py::make_tuple(std::make_shared<Vectors>(std::move(emb)), report);
      },
      py::arg("corpus"), py::arg("model"), py::arg("progress"));
}

}  // namespace wordvec::python
