// wordvec._train: every model `wordvec train` trains, on a corpus file, with the GIL released.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <functional>
#include <map>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "bindings.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/pipeline/train_jobs.hpp"
#include "wordvec/pipeline/train_model.hpp"
#include "wordvec/train/supervised_trainer.hpp"

namespace wordvec::python {

namespace {

// Keyword arguments of train(); unset ones keep the model's defaults from its options struct.
struct TrainArgs {
  std::optional<int> dim, window, epochs, threads, negative, minn, maxn, word_ngrams, early_stop;
  std::optional<std::uint64_t> min_count, max_vocab, seed, min_count_label, eval_restrict;
  std::optional<double> lr, sample, ns_exponent, init_range, x_max, power, memory_gb;
  std::optional<std::uint32_t> bucket;
  std::optional<std::string> loss, label, tags, checkpoint, checkpoint_every, resume, save_model, init_from,
      continue_from;
  std::optional<bool> dbow_words, deterministic;
  std::optional<std::vector<std::string>> eval_analogies, eval_similarity;
  std::set<std::string> given;  // the keywords set (not None)
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
    {"loss", sets(&TrainArgs::loss)},         {"label", sets(&TrainArgs::label)},
    {"min_count_label", sets(&TrainArgs::min_count_label)}, {"word_ngrams", sets(&TrainArgs::word_ngrams)},
    {"tags", sets(&TrainArgs::tags)},         {"dbow_words", sets(&TrainArgs::dbow_words)},
    {"deterministic", sets(&TrainArgs::deterministic)}, {"checkpoint", sets(&TrainArgs::checkpoint)},
    {"checkpoint_every", sets(&TrainArgs::checkpoint_every)}, {"resume", sets(&TrainArgs::resume)},
    {"save_model", sets(&TrainArgs::save_model)}, {"init_from", sets(&TrainArgs::init_from)},
    {"continue_from", sets(&TrainArgs::continue_from)}, {"eval_analogies", sets(&TrainArgs::eval_analogies)},
    {"eval_similarity", sets(&TrainArgs::eval_similarity)}, {"eval_restrict", sets(&TrainArgs::eval_restrict)},
    {"early_stop", sets(&TrainArgs::early_stop)},
};

// The keywords each family of models takes besides dim, epochs, threads, lr, seed and min_count (the
// options of `wordvec train --model M --help`); any other is refused rather than ignored.
const std::set<std::string>& accepted(TrainModel model) {
  static const std::set<std::string> words = {
      "window", "negative", "sample", "ns_exponent", "init_range", "minn", "maxn", "bucket", "max_vocab", "loss",
      "deterministic", "checkpoint", "checkpoint_every", "resume", "save_model", "init_from", "continue_from",
      "eval_analogies", "eval_similarity", "eval_restrict", "early_stop"};
  static const std::set<std::string> documents = {
      "window", "negative", "sample", "ns_exponent", "init_range", "max_vocab", "loss", "deterministic", "checkpoint",
      "checkpoint_every", "resume", "save_model", "tags", "dbow_words"};
  static const std::set<std::string> glove = {
      "window", "init_range", "max_vocab", "x_max", "power", "memory_gb", "deterministic", "checkpoint",
      "checkpoint_every", "resume", "save_model", "eval_analogies", "eval_similarity", "eval_restrict", "early_stop"};
  static const std::set<std::string> supervised = {"label", "min_count_label", "word_ngrams", "bucket", "minn", "maxn",
                                                   "loss", "negative"};
  if (model == TrainModel::Glove) return glove;
  if (model == TrainModel::Supervised) return supervised;
  return trains_documents(model) ? documents : words;
}

void refuse_others(TrainModel model, const TrainArgs& a) {
  static const std::set<std::string> common = {"dim", "epochs", "threads", "lr", "seed", "min_count"};
  for (const auto& name : a.given)
    if (!common.count(name) && !accepted(model).count(name))
      throw OptionError(fmt::format("option {}: does not apply to --model {}", name, to_string(model)));
}

int all_cores() {
  const auto n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

template <typename T, typename U>
void set_if(const std::optional<T>& value, U& field) {
  if (value) field = static_cast<U>(*value);
}

// Word2VecOptions of a word or document model, as `wordvec train` maps its options.
Word2VecOptions word2vec_options(TrainModel model, const TrainArgs& a, int threads) {
  Word2VecOptions w;
  w.model = word2vec_architecture(model);
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
  set_if(a.deterministic, w.deterministic);
  set_if(a.dbow_words, w.dbow_words);
  if (a.tags) w.tags = parse_doc_tags(*a.tags);
  if (a.loss) w.loss = parse_word2vec_loss(*a.loss);
  // Hierarchical softmax alone unless negatives are asked for too (word2vec.c's -hs 1 -negative N).
  if (w.loss == Word2VecLoss::HierarchicalSoftmax && !a.negative) w.negative = 0;
  // fastText is skip-gram with character n-grams (SubwordOptions' lengths); the others have none unless maxn is given.
  w.subwords.maxn = a.maxn.value_or(model == TrainModel::FastText ? SubwordOptions{}.maxn : 0);
  w.threads = threads;
  w.validate();
  return w;
}

CheckpointOptions checkpoint_options(const TrainArgs& a) {
  CheckpointOptions c;
  if (a.checkpoint) c.checkpoint = *a.checkpoint;
  set_if(a.checkpoint_every, c.every);
  if (a.save_model) c.save_model = *a.save_model;
  if (a.resume) c.resume = *a.resume;
  if (a.init_from) c.init_from = *a.init_from;
  if (a.continue_from) c.continue_from = *a.continue_from;
  c.validate();
  return c;
}

EpochEvaluation evaluation_options(const TrainArgs& a) {
  EpochEvaluation e;
  if (a.eval_analogies) e.analogies.assign(a.eval_analogies->begin(), a.eval_analogies->end());
  if (a.eval_similarity) e.similarity.assign(a.eval_similarity->begin(), a.eval_similarity->end());
  set_if(a.eval_restrict, e.analogy.restrict);
  set_if(a.early_stop, e.early_stop);
  e.validate();
  return e;
}

// Per-epoch loss, scores and time, as the CLI's summary shows them.
void add_summary(py::dict& report, const TrainingSummary& s) {
  report["epoch_loss"] = s.epoch_loss;
  report["seconds"] = s.seconds;
  report["stopped_early"] = s.stopped_early;
  report["resumed_at"] = s.resumed_at;
  py::list scores;
  for (const auto& epoch : s.epoch_scores) {
    py::dict d;
    for (const auto& e : epoch) d[py::str(e.name)] = e.value;
    scores.append(d);
  }
  report["epoch_scores"] = scores;
}

void add_best_epoch(py::dict& report, const Embeddings& emb) {
  const auto it = emb.metadata().find("best_epoch");
  report["best_epoch"] = it == emb.metadata().end() ? py::object(py::none()) : py::object(py::int_(std::stoi(it->second)));
}

// The whole job; called with the GIL held (run_interruptible releases it while the work runs). Returns the
// model's result: Vectors, a SupervisedModel, or (document Vectors, word Vectors, Doc2VecModel).
py::object train(const std::string& corpus, TrainModel model, const TrainArgs& a, const ProgressCallback& progress,
                 const std::shared_ptr<std::optional<py::error_already_set>>& pending, py::dict& report) {
  refuse_others(model, a);
  const int threads = a.threads.value_or(all_cores());
  if (model == TrainModel::Supervised) {
    SupervisedOptions o;
    set_if(a.dim, o.dim);
    set_if(a.epochs, o.epochs);
    set_if(a.lr, o.lr);
    set_if(a.seed, o.seed);
    set_if(a.min_count, o.min_count);
    set_if(a.min_count_label, o.min_count_label);
    set_if(a.word_ngrams, o.word_ngrams);
    set_if(a.bucket, o.bucket);
    set_if(a.minn, o.minn);
    set_if(a.maxn, o.maxn);
    set_if(a.negative, o.negative);
    set_if(a.label, o.label);
    if (a.loss) o.loss = parse_supervised_loss(*a.loss);
    o.threads = threads;
    o.validate();
    auto trained = std::make_shared<SupervisedModel>();
    TrainingSummary summary;
    run_interruptible(
        [&](const CancellationToken& cancel) {
          o.cancel = cancel;
          *trained = train_supervised(Corpus::open(corpus, {}, cancel), o, progress, &summary);
        },
        pending);
    add_summary(report, summary);
    return py::cast(trained);
  }
  VocabOptions vocab;
  set_if(a.min_count, vocab.min_count);
  set_if(a.max_vocab, vocab.max_vocab);
  vocab.threads = threads;
  const CheckpointOptions checkpoints = checkpoint_options(a);
  if (model == TrainModel::Glove) {
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
    set_if(a.deterministic, g.deterministic);
    g.threads = threads;
    vocab.ties = VocabTies::Bytes;  // word ids as Stanford's vocab_count numbers them, as `wordvec train` does
    g.validate();
    vocab.validate();
    const EpochEvaluation evaluation = evaluation_options(a);
    GloveReport r;
    Embeddings emb;
    run_interruptible(
        [&](const CancellationToken& cancel) {
          g.cancel = cancel;
          emb = train_glove(corpus, vocab, g, {}, progress, &r, checkpoints, evaluation);
        },
        pending);
    add_summary(report, r.training);
    add_best_epoch(report, emb);
    report["records"] = r.records;
    report["corpus_tokens"] = r.vocab.tokens;
    return py::cast(std::make_shared<Vectors>(std::move(emb)));
  }
  Word2VecOptions w = word2vec_options(model, a, threads);
  vocab.validate();
  TrainingSummary summary;
  if (trains_documents(model)) {
    auto full = std::make_shared<Doc2VecModel>();
    DocVectors out;
    run_interruptible(
        [&](const CancellationToken& cancel) {
          w.cancel = cancel;
          out = train_doc2vec(corpus, vocab, w, progress, &summary, checkpoints, full.get());
        },
        pending);
    add_summary(report, summary);
    return py::make_tuple(std::make_shared<Vectors>(std::move(out.docs)), std::make_shared<Vectors>(std::move(out.words)),
                          full);
  }
  const EpochEvaluation evaluation = evaluation_options(a);
  Embeddings emb;
  run_interruptible(
      [&](const CancellationToken& cancel) {
        w.cancel = cancel;
        emb = train_word2vec(corpus, vocab, w, progress, &summary, {}, checkpoints, evaluation);
      },
      pending);
  add_summary(report, summary);
  add_best_epoch(report, emb);
  return py::cast(std::make_shared<Vectors>(std::move(emb)));
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

  m.def("_model_name", [](const std::string& name) { return to_string(parse_train_model(name)); },
        "The model's canonical name; OptionError naming every model for another.");

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
          args.given.insert(name);
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
        py::object result = train(corpus.string(), parse_train_model(model), args, callback, pending, report);
        return py::make_tuple(result, report);
      },
      py::arg("corpus"), py::arg("model"), py::arg("progress"));
}

}  // namespace wordvec::python
