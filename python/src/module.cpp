// The `wordvec._wordvec` extension module: library errors as Python exceptions, and the entry point.
#include <chrono>
#include <future>
#include <thread>

#include "bindings.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/version.hpp"

namespace wordvec::python {

namespace {

// Created once at import; they live as long as the module.
PyObject* error_type = nullptr;
PyObject* format_error_type = nullptr;
PyObject* io_error_type = nullptr;
PyObject* option_error_type = nullptr;
PyObject* data_error_type = nullptr;
PyObject* unknown_word_type = nullptr;
PyObject* cancelled_type = nullptr;

// A new exception class `wordvec.NAME` with `bases`; str(e) is the library's message as it is
// (KeyError would otherwise quote it).
PyObject* new_exception(py::module_& m, const char* name, const char* doc, py::tuple bases) {
  py::dict body;
  body["__str__"] = py::module_::import("builtins").attr("BaseException").attr("__str__");
  body["__module__"] = "wordvec";
  PyObject* type = PyErr_NewExceptionWithDoc((std::string("wordvec.") + name).c_str(), doc, bases.ptr(), body.ptr());
  if (!type) throw py::error_already_set();
  m.attr(name) = py::handle(type);
  return type;
}

}  // namespace

void bind_errors(py::module_& m) {
  auto builtins = py::module_::import("builtins");
  const py::object exception = builtins.attr("Exception"), value_error = builtins.attr("ValueError");
  error_type = new_exception(m, "Error", "Base of every error wordvec raises.", py::make_tuple(exception));
  const py::handle error(error_type);
  format_error_type = new_exception(m, "FormatError", "A file's content does not match its format.",
                                    py::make_tuple(error, value_error));
  io_error_type = new_exception(m, "IoError", "A file could not be opened, read, written or renamed.",
                                py::make_tuple(error, builtins.attr("OSError")));
  option_error_type = new_exception(m, "OptionError", "An option value is outside what the operation accepts.",
                                    py::make_tuple(error, value_error));
  data_error_type = new_exception(m, "DataError", "Training or data produced something unusable.",
                                  py::make_tuple(error, value_error));
  unknown_word_type = new_exception(m, "UnknownWordError", "A query names a word the vectors do not have.",
                                    py::make_tuple(error, builtins.attr("KeyError")));
  cancelled_type = new_exception(m, "Cancelled", "Work was cancelled before it finished.", py::make_tuple(error));
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const UnknownWordError& e) {
      PyErr_SetString(unknown_word_type, e.what());
    } catch (const FormatError& e) {
      PyErr_SetString(format_error_type, e.what());
    } catch (const IoError& e) {
      PyErr_SetString(io_error_type, e.what());
    } catch (const OptionError& e) {
      PyErr_SetString(option_error_type, e.what());
    } catch (const DataError& e) {
      PyErr_SetString(data_error_type, e.what());
    } catch (const Cancelled& e) {
      PyErr_SetString(cancelled_type, e.what());
    } catch (const Error& e) {
      PyErr_SetString(error_type, e.what());
    }
  });
}

void run_interruptible(const std::function<void(const CancellationToken& cancel)>& job,
                       std::shared_ptr<std::optional<py::error_already_set>> pending) {
  CancellationSource source;  // this call's own: another call running meanwhile is not stopped by it
  std::packaged_task<void()> task([&job, &source] { job(source.token()); });
  auto done = task.get_future();
  std::optional<py::error_already_set> raised;
  {
    py::gil_scoped_release release;
    std::thread worker(std::move(task));
    while (done.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      if (raised) continue;
      py::gil_scoped_acquire acquire;
      // Signal handlers run only on the main thread; elsewhere this returns 0.
      if (PyErr_CheckSignals() != 0) {
        raised.emplace();
        source.request();
      } else if (pending && *pending) {
        source.request();  // the callback raised; stop the work
      }
    }
    worker.join();
  }
  if (raised) throw std::move(*raised);
  if (pending && *pending) {
    auto e = std::move(**pending);
    pending->reset();
    throw e;
  }
  done.get();  // rethrows the library's exception, if any
}

}  // namespace wordvec::python

PYBIND11_MODULE(_wordvec, m) {
  m.doc() = "wordvec: word2vec, fastText, GloVe, Doc2Vec and text-classifier training and gensim-style queries (C++ core).";
  m.attr("__version__") = wordvec::version;
  wordvec::python::bind_errors(m);
  wordvec::python::bind_vectors(m);
  wordvec::python::bind_models(m);
  wordvec::python::bind_train(m);
  wordvec::python::bind_explore(m);
}
