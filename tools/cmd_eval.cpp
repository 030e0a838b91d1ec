// `wordvec eval`: analogy accuracy and word-similarity correlation of a vector file, scored as gensim does.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "outputs.hpp"
#include "command.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"
#include "wordvec/eval/analogy_eval.hpp"
#include "wordvec/eval/similarity_eval.hpp"
#include "wordvec/query/index_loader.hpp"
#include "wordvec/io/format.hpp"
#include "json.hpp"
#include "options.hpp"
#include "tokenizer_options.hpp"
#include "text_width.hpp"

namespace wordvec::cli {

namespace {

// A correlation for the table, "-" when it is undefined (fewer than two usable pairs).
std::string correlation(double value) { return std::isnan(value) ? "-" : fmt::format("{:.4f}", value); }

std::string percent(double fraction) { return fmt::format("{:.2f}%", 100.0 * fraction); }

void print_analogy_row(const AnalogyResult& r, const std::string& name, const AnalogyScore& s) {
  std::string line = fmt::format("  {:<30} {:>9} {:>9} {:>8}", name, s.questions, s.answered, percent(s.coverage()));
  if (r.options.add) line += fmt::format(" {:>8}", s.answered ? percent(s.accuracy_add()) : "-");
  if (r.options.mul) line += fmt::format(" {:>8}", s.answered ? percent(s.accuracy_mul()) : "-");
  std::printf("%s\n", line.c_str());
}

// Which convention the analogy restriction follows: the two common ones give different numbers on the
// same vectors (fewer, rarer questions with a larger vocabulary), so the table says which it used.
std::string analogy_convention(std::size_t restrict) {
  constexpr std::size_t kWord2vec = 30000, kGensim = 300000;
  if (restrict == kWord2vec)
    return "restrict 30000 as word2vec.c compute-accuracy and the papers; gensim evaluate_word_analogies "
           "defaults to 300000: use --restrict 300000 to compare";
  if (restrict == kGensim)
    return "restrict 300000 as gensim evaluate_word_analogies (restrict_vocab); word2vec.c compute-accuracy "
           "uses 30000 (--restrict 30000)";
  if (restrict == 0) return "no restriction (all words); word2vec.c compute-accuracy uses 30000, gensim 300000";
  return fmt::format("restrict {}; word2vec.c compute-accuracy uses 30000, gensim evaluate_word_analogies 300000",
                     restrict);
}

void print_analogy_table(const AnalogyResult& r) {
  std::printf("analogies: %s (first %zu words, %s%s)\n", r.source.c_str(), r.options.restrict,
              r.options.case_insensitive ? "case-insensitive" : "case-sensitive",
              r.options.oov_subword ? ", unseen A B C: subword vectors" : "");
  std::printf("  %s\n  accuracy is over the answered questions; coverage = answered / questions\n",
              analogy_convention(r.options.restrict).c_str());
  std::string head = fmt::format("  {:<30} {:>9} {:>9} {:>8}", "section", "questions", "answered", "coverage");
  if (r.options.add) head += fmt::format(" {:>8}", "3CosAdd");
  if (r.options.mul) head += fmt::format(" {:>8}", "3CosMul");
  std::printf("%s\n", head.c_str());
  for (const auto& s : r.sections) print_analogy_row(r, s.name, s.score);
  std::printf("  %s\n", std::string(head.size() - 2, '-').c_str());
  print_analogy_row(r, "semantic", r.semantic);
  print_analogy_row(r, "syntactic", r.syntactic);
  print_analogy_row(r, "total", r.total);
  std::printf("\n");
}

void print_similarity_table(const std::vector<SimilarityResult>& results, const SimilarityOptions& o) {
  if (results.empty()) return;
  std::printf("word similarity (first %zu words%s, %s%s)\n", o.restrict,
              o.restrict == 300000 ? " as gensim evaluate_word_pairs" : "",
              o.case_insensitive ? "case-insensitive" : "case-sensitive", o.oov_subword ? ", unseen words: subword vectors" : "");
  std::size_t width = 30;
  for (const auto& r : results) width = std::max(width, display_width(r.source));
  std::printf("  %s %7s %7s %7s %9s %9s\n", pad_right("file", width).c_str(), "pairs", "used", "OOV", "Spearman", "Pearson");
  for (const auto& r : results)
    std::printf("  %s %7zu %7zu %6.1f%% %9s %9s\n", pad_right(r.source, width).c_str(), r.pairs, r.used, r.oov_percent(),
                correlation(r.spearman).c_str(), correlation(r.pearson).c_str());
  std::printf("\n");
}

std::string json_score(const AnalogyOptions& o, const AnalogyScore& s) {
  std::string out = fmt::format("{{\"questions\":{},\"answered\":{},\"coverage\":{}", s.questions, s.answered,
                                json_number(s.coverage()));
  if (o.add) out += fmt::format(",\"correct_add\":{},\"accuracy_add\":{}", s.correct_add, json_number(s.accuracy_add()));
  if (o.mul) out += fmt::format(",\"correct_mul\":{},\"accuracy_mul\":{}", s.correct_mul, json_number(s.accuracy_mul()));
  return out + "}";
}

std::string json_analogy(const AnalogyResult& r) {
  std::string out = fmt::format("{{\"file\":{},\"restrict\":{},\"case_insensitive\":{},\"oov\":{},\"sections\":[",
                                json_string(r.source), r.options.restrict, r.options.case_insensitive ? "true" : "false",
                                r.options.oov_subword ? "\"subword\"" : "\"skip\"");
  for (std::size_t i = 0; i < r.sections.size(); ++i) {
    const auto& s = r.sections[i];
    out += fmt::format("{}{{\"name\":{},\"syntactic\":{},\"score\":{}}}", i ? "," : "", json_string(s.name),
                       s.syntactic ? "true" : "false", json_score(r.options, s.score));
  }
  return out + fmt::format("],\"semantic\":{},\"syntactic\":{},\"total\":{}}}", json_score(r.options, r.semantic),
                           json_score(r.options, r.syntactic), json_score(r.options, r.total));
}

std::string json_similarity(const SimilarityResult& r, const SimilarityOptions& o) {
  return fmt::format(
      "{{\"file\":{},\"restrict\":{},\"case_insensitive\":{},\"oov\":{},\"pairs\":{},\"used\":{},\"oov_percent\":{},\"spearman\":{},"
      "\"pearson\":{}}}",
      json_string(r.source), o.restrict, o.case_insensitive ? "true" : "false",
      o.oov_subword ? "\"subword\"" : "\"skip\"", r.pairs, r.used,
      json_number(r.oov_percent(), 4), json_number(r.spearman), json_number(r.pearson));
}

int run_eval(int argc, char** argv) {
  std::string vectors, method = "add", oov = "skip";
  std::vector<std::string> analogy_files, similarity_files;
  AnalogyOptions analogy;
  SimilarityOptions similarity;
  bool case_sensitive = false, json = false;
  po::options_description opts("eval options");
  opts.add_options()
      ("analogies", po::value(&analogy_files)->multitoken(), "analogy files (questions-words format)")
      ("similarity", po::value(&similarity_files)->multitoken(), "word-pair files (w1 w2 score)")
      ("restrict", po::value(&analogy.restrict)->default_value(analogy.restrict),
       "analogies: only questions within the N most frequent words, answers among them (0 = all); 30000 is "
       "word2vec.c compute-accuracy's and the papers' convention, gensim evaluate_word_analogies uses 300000")
      ("similarity-restrict", po::value(&similarity.restrict)->default_value(similarity.restrict),
       "word pairs: only words among the N most frequent (0 = all); 300000 as gensim evaluate_word_pairs")
      ("method", po::value(&method)->default_value("add"), "analogy method: add (3CosAdd), mul (3CosMul) or both")
      ("oov", po::value(&oov)->default_value("skip"),
       "unseen test words: skip (as gensim), subword (their n-gram vector; models with subwords) or both")
      ("case-sensitive", po::bool_switch(&case_sensitive), "match words exactly (default: ignore case, as gensim)")
      ("json", po::bool_switch(&json), "print one JSON object instead of tables");
  TokenizerFlags tokenizer_flags;
  add_tokenizer_options(opts, tokenizer_flags, "the one the model records (whitespace when none)");
  po::options_description hidden;
  hidden.add_options()("vectors", po::value(&vectors)->required(), "vector file");
  po::positional_options_description positional;
  positional.add("vectors", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv,
                          "usage: wordvec eval VECTORS [--analogies FILE...] [--similarity FILE...] [options]", opts,
                          positional, hidden, vm))
    return 0;
  parse_choice("method", method, {"add", "mul", "both"});
  if (analogy_files.empty() && similarity_files.empty())
    throw OptionError("nothing to evaluate: give --analogies FILE... and/or --similarity FILE...");
  parse_choice("oov", oov, {"skip", "subword", "both"});
  analogy.add = method != "mul";
  analogy.mul = method != "add";
  analogy.cancel = stop_token();
  analogy.case_insensitive = similarity.case_insensitive = !case_sensitive;
  analogy.validate();
  // Parse the test files first: a malformed one fails before the (long) load of the vectors.
  std::vector<AnalogySet> analogy_sets;
  const NoticeCallback notice = notice_printer("eval");
  for (const auto& f : analogy_files) analogy_sets.push_back(read_analogies(f, notice));
  std::vector<WordPairSet> pair_sets;
  for (const auto& f : similarity_files) pair_sets.push_back(read_word_pairs(f, notice));

  // Test words pass through the normalisation the corpus words had (the model's tokenizer).
  const auto tokenizer = make_tokenizer(tokenizer_options(vm, tokenizer_flags, recorded_tokenizer(vectors)));
  for (auto& set : analogy_sets) normalize_words(set, *tokenizer);
  for (auto& set : pair_sets) normalize_words(set, *tokenizer);
  const SimilarityIndex index = load_similarity_index(vectors, read_options("eval"));
  if (oov != "skip" && !index.has_subwords())
    throw OptionError(fmt::format("option --oov {}: {} has no subword vectors (train with --minn/--maxn, or give a fastText .bin)",
                                  oov, vectors));
  // Each variant asked for, skip first: --oov both reports every file twice.
  std::vector<bool> variants;
  if (oov != "subword") variants.push_back(false);
  if (oov != "skip") variants.push_back(true);
  std::vector<AnalogyResult> analogy_results;
  std::vector<std::pair<SimilarityResult, SimilarityOptions>> similarity_results;
  for (const bool subword : variants) {
    analogy.oov_subword = similarity.oov_subword = subword;
    for (const auto& set : analogy_sets) analogy_results.push_back(evaluate_analogies(index, set, analogy));
    for (const auto& set : pair_sets) similarity_results.emplace_back(evaluate_word_pairs(index, set, similarity), similarity);
  }

  if (json) {
    std::string out = fmt::format("{{\"vectors\":{},\"words\":{},\"dim\":{},\"analogies\":[", json_string(vectors),
                                  index.size(), index.dim());
    for (std::size_t i = 0; i < analogy_results.size(); ++i) {
      if (i) out += ',';
      out += json_analogy(analogy_results[i]);
    }
    out += "],\"similarity\":[";
    for (std::size_t i = 0; i < similarity_results.size(); ++i) {
      if (i) out += ',';
      out += json_similarity(similarity_results[i].first, similarity_results[i].second);
    }
    std::printf("%s]}\n", out.c_str());
    return 0;
  }
  std::printf("vectors: %s (%zu words, %zu dimensions)\n\n", vectors.c_str(), index.size(), index.dim());
  for (const auto& r : analogy_results) print_analogy_table(r);
  for (const bool subword : variants) {
    std::vector<SimilarityResult> table;
    for (const auto& [r, o] : similarity_results)
      if (o.oov_subword == subword) table.push_back(r);
    similarity.oov_subword = subword;
    print_similarity_table(table, similarity);
  }
  return 0;
}

const bool registered_eval =
    register_command({"eval", "analogy accuracy (with coverage) and word-similarity correlation", 30, run_eval});

}  // namespace

}  // namespace wordvec::cli
