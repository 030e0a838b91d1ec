// `wordvec phrases`: corpus in, corpus with frequent phrases joined ("new_york") out.
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "wordvec/core/error.hpp"
#include "options.hpp"
#include "outputs.hpp"
#include "progress_printer.hpp"
#include "tokenizer_options.hpp"
#include "wordvec/phrases/phrase_corpus.hpp"
#include "wordvec/phrases/phrases_options.hpp"

namespace wordvec::cli {

namespace {

// "200,100" -> {200, 100}.
std::vector<double> parse_thresholds(const std::string& text) {
  std::vector<double> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    std::size_t used = 0;
    double v = 0.0;
    try {
      v = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size())
      throw OptionError(fmt::format("option --threshold: expected numbers separated by commas, got '{}'", text));
    out.push_back(v);
  }
  if (out.empty()) throw OptionError("option --threshold: expected a number");
  return out;
}

std::vector<std::string> parse_connectors(const std::string& text) {
  if (text.empty() || text == "none") return {};
  if (text == "english") return english_connector_words();
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(item);
  return out;
}

int run_phrases(int argc, char** argv) {
  std::string input, output, scoring, threshold, connectors, save_phrases, invalid_utf8;
  PhrasesOptions o;
  double memory_mb = 0.0;
  bool quiet = false;
  po::options_description opts("phrases options");
  opts.add_options()
      ("input,i", po::value(&input)->required(), "corpus: UTF-8 text, whitespace-separated, one sentence per line; .gz accepted; - for standard input")
      ("output,o", po::value(&output)->required(), "corpus to write, with phrases joined (empty lines are dropped)")
      ("scoring", po::value(&scoring)->default_value("word2vec"), "word2vec: (count(ab) - min_count) / (count(a) count(b)) * N, N = corpus tokens (word2phrase); npmi: normalised PMI in [-1, 1] (gensim)")
      ("threshold", po::value(&threshold)->default_value("", "100 word2vec, 0.5 npmi"), "join candidates scoring above this; a comma-separated list gives one per pass (word2vec's demo: 200,100)")
      ("min-count", po::value(&o.min_count)->default_value(5), "words and phrases seen fewer times are never joined")
      ("passes", po::value(&o.passes)->default_value(1), "2 also joins phrases of phrases (new_york_times), as word2phrase run twice")
      ("delimiter", po::value(&o.delimiter)->default_value("_"), "glue between the words of a phrase")
      ("connector-words", po::value(&connectors)->default_value("none"), "words allowed inside but never at the ends of a phrase (bank_of_america): english (gensim's ENGLISH_CONNECTOR_WORDS), none, or a comma-separated list")
      ("max-vocab", po::value(&o.max_candidates)->default_value(40000000), "most candidate phrases held while counting; the rarest are pruned beyond it (gensim's max_vocab_size)")
      ("memory", po::value(&memory_mb)->default_value(0.0, "off"), "instead of --max-vocab: a memory budget in MB for the candidate counts (about 80 bytes each)")
      ("save-phrases", po::value(&save_phrases), "also write the phrases found, one per line: phrase, score, count (tab-separated), best first per pass")
      ("threads", po::value(&o.threads)->default_value(default_threads()), "counting and rewriting threads (default: all cores)")
      ("quiet,q", po::bool_switch(&quiet), "no progress output");
  TokenizerFlags tokenizer_flags;
  add_tokenizer_options(opts, tokenizer_flags, "whitespace, as word2phrase; the output holds the tokens joined by spaces");
  add_invalid_utf8_option(opts, invalid_utf8);
  po::positional_options_description positional;
  po::options_description hidden;
  po::variables_map vm;
  if (!parse_command_line(argc, argv, "usage: wordvec phrases --input CORPUS --output CORPUS2 [options]", opts, positional,
                          hidden, vm))
    return 0;
  o.scoring = parse_phrase_scoring(scoring);
  if (!threshold.empty()) o.thresholds = parse_thresholds(threshold);
  o.connector_words = parse_connectors(connectors);
  o.tokenizer = make_tokenizer(tokenizer_options(vm, tokenizer_flags));
  o.invalid_utf8 = parse_invalid_utf8(invalid_utf8);
  o.notice = notice_printer("phrases");
  if (!vm["memory"].defaulted()) {
    require_option(memory_mb >= 1.0, "memory", "a budget of at least 1 MB", memory_mb);
    if (!vm["max-vocab"].defaulted()) throw OptionError("options --memory and --max-vocab: give one of them");
    o.max_candidates = static_cast<std::uint64_t>(memory_mb * 1e6 / 80.0);
  }
  o.validate();
  o.cancel = stop_token();
  ProgressPrinter printer(quiet, stderr_is_terminal());
  const PhrasesReport report = make_phrases(input, output, o, save_phrases, printer.callback());
  if (!quiet) {
    for (std::size_t p = 0; p < report.passes.size(); ++p) {
      const auto& s = report.passes[p];
      std::fprintf(stderr,
                   "pass %zu: %llu tokens, %llu words with count >= %llu, %llu candidate phrases (%llu pruned while "
                   "counting), threshold %g: %llu phrases joined\n",
                   p + 1, static_cast<unsigned long long>(s.tokens), static_cast<unsigned long long>(s.words),
                   static_cast<unsigned long long>(o.min_count), static_cast<unsigned long long>(s.candidates),
                   static_cast<unsigned long long>(s.pruned), o.threshold_for(static_cast<int>(p)),
                   static_cast<unsigned long long>(report.joined[p]));
    }
    std::fprintf(stderr, "wrote %s in %.1f s\n", output.c_str(), report.seconds);
  }
  return 0;
}

const bool registered = register_command({"phrases", "join frequent word pairs into phrases (word2phrase, gensim Phrases)", 12, run_phrases});

}  // namespace

}  // namespace wordvec::cli
