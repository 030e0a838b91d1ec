// `wordvec predict MODEL FILE` and `wordvec test MODEL FILE`: a classifier's labels for each line,
// and its precision and recall on labelled lines, printed as `fasttext predict` / `predict-prob`
// and `fasttext test` / `test-label` print them.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "options.hpp"
#include "outputs.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/eval/classifier_eval.hpp"
#include "wordvec/io/fasttext_format.hpp"

namespace wordvec::cli {

namespace {

// Options both commands take: the model, the text, k and the threshold (also positional, as fastText's).
struct ClassifyArgs {
  std::string model, input;
  int k = 1;
  float threshold = 0.0f;
};

// Parses the options both commands take plus the one switch `flag` each adds, and checks them;
// false after --help.
bool parse_classify_args(int argc, char** argv, const char* title, const char* usage, const char* flag,
                         const char* flag_help, ClassifyArgs& a, bool& flag_value) {
  po::options_description opts(title);
  po::options_description hidden;
  po::positional_options_description positional;
  opts.add_options()
      ("k,k", po::value(&a.k)->default_value(a.k), "labels predicted per line (fastText's k; also the third argument)")
      ("threshold", po::value(&a.threshold)->default_value(a.threshold, "0"), "only labels with at least this probability (also the fourth argument)")
      (flag, po::bool_switch(&flag_value), flag_help);
  hidden.add_options()
      ("model", po::value(&a.model)->required(), "classifier .bin")
      ("input", po::value(&a.input)->required(), "text file, - for standard input");
  positional.add("model", 1).add("input", 1).add("k", 1).add("threshold", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv, usage, opts, positional, hidden, vm)) return false;
  require_option(a.k >= 1, "k", "at least 1", a.k);
  require_option(std::isfinite(a.threshold), "threshold", "a number", a.threshold);
  require_not_directory(a.input);
  return true;
}

// Runs fn(stream) on the file, or on standard input for "-"; read errors become IoError.
template <typename Fn>
void with_input(const std::string& path, Fn&& fn) {
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) throw IoError(fmt::format("{}: cannot open the input: {}", path, std::strerror(errno)));
  }
  std::istream& in = path == "-" ? std::cin : file;
  fn(in);
  stop_token().throw_if_requested();  // the read was cut short by the signal
  if (in.bad()) throw IoError(fmt::format("{}: read error", path == "-" ? "standard input" : path));
}

void flush_stdout() {
  if (std::fflush(stdout) != 0 || std::ferror(stdout))
    throw IoError(fmt::format("writing to standard output failed: {}", std::strerror(errno)));
}

int run_predict(int argc, char** argv) {
  ClassifyArgs a;
  bool prob = false;
  if (!parse_classify_args(argc, argv, "predict options",
                           "usage: wordvec predict MODEL FILE [K] [THRESHOLD] [--prob]\n"
                           "  prints the most probable labels of every line of FILE (- = standard input), as "
                           "'fasttext predict' (with --prob, 'fasttext predict-prob')",
                           "prob", "print each label's probability after it (fastText's predict-prob)", a, prob))
    return 0;
  const SupervisedModel model = read_fasttext_supervised(a.model);
  std::ios::sync_with_stdio(false);
  std::string out;
  with_input(a.input, [&](std::istream& in) {
    predict_lines(model, in, a.k, a.threshold, [&](const std::vector<LabelScore>& predictions) {
      out.clear();
      for (std::size_t i = 0; i < predictions.size(); ++i) {
        if (i > 0) out.push_back(' ');
        out += model.labels.word(static_cast<std::size_t>(predictions[i].label));
        // fastText prints exp(log(p + 1e-5)) as a float with std::cout's 6 significant digits.
        if (prob) out += fmt::format(" {:g}", static_cast<double>(std::exp(predictions[i].log_prob)));
      }
      out.push_back('\n');
      std::fwrite(out.data(), 1, out.size(), stdout);
    });
  });
  flush_stdout();
  return 0;
}

// A metric as fastText's test-label prints it: 6 decimals, or dashes when undefined.
std::string metric(const char* name, double value) {
  return std::isfinite(value) ? fmt::format("{} : {:.6f}  ", name, value) : fmt::format("{} : --------  ", name);
}

int run_test(int argc, char** argv) {
  ClassifyArgs a;
  bool per_label = false;
  if (!parse_classify_args(argc, argv, "test options",
                           "usage: wordvec test MODEL FILE [K] [THRESHOLD] [--per-label]\n"
                           "  prints N (labelled lines), P@K and R@K of the classifier on FILE (- = standard "
                           "input), as 'fasttext test' (with --per-label, 'fasttext test-label')",
                           "per-label", "first, each label's F1, precision and recall (fastText's test-label)", a,
                           per_label))
    return 0;
  const SupervisedModel model = read_fasttext_supervised(a.model);
  ClassifierTest result;
  with_input(a.input, [&](std::istream& in) { result = test_classifier(model, in, a.k, a.threshold); });
  std::string out;
  if (per_label)
    for (std::size_t l = 0; l < result.labels.size(); ++l) {
      const auto& c = result.labels[l];
      out += metric("F1-Score", c.f1()) + metric("Precision", c.precision()) + metric("Recall", c.recall()) + " " +
             model.labels.word(l) + "\n";
    }
  // fastText: N, then precision and recall with 3 significant digits (fixed 3 decimals after test-label's fixed 6).
  const auto general = [&](double v) {
    if (!std::isfinite(v)) return std::string(std::isnan(v) ? "nan" : "inf");
    return per_label ? fmt::format("{:.3f}", v) : fmt::format("{:.3g}", v);
  };
  out += fmt::format("N\t{}\nP@{}\t{}\nR@{}\t{}\n", result.examples, a.k, general(result.all.precision()), a.k,
                     general(result.all.recall()));
  std::fwrite(out.data(), 1, out.size(), stdout);
  flush_stdout();
  return 0;
}

const bool registered_predict = register_command(
    {"predict", "a classifier's most probable labels for each line (fasttext predict / predict-prob)", 26, run_predict});
const bool registered_test = register_command(
    {"test", "a classifier's precision and recall at k on labelled lines (fasttext test / test-label)", 27, run_test});

}  // namespace

}  // namespace wordvec::cli
