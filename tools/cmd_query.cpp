// `wordvec similar | analogy | doesnt-match | similarity`: queries over a vector file, given on the
// command line, in a batch (a file or standard input, one query per line) or typed at a prompt.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "collection_commands.hpp"
#include "command.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"
#include "wordvec/io/text_fields.hpp"
#include "wordvec/io/format.hpp"
#include "json.hpp"
#include "wordvec/query/index_loader.hpp"
#include "options.hpp"
#include "tokenizer_options.hpp"
#include "text_width.hpp"
#include "wordvec/query/query_request.hpp"
#include "outputs.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/query/similarity_index.hpp"

namespace wordvec::cli {

namespace {

enum class Output { Table, Tsv, Json };

struct Settings {
  QueryKind kind = QueryKind::Similar;
  std::string name;  // the subcommand, for messages
  QueryOptions query;
  Output output = Output::Table;
  std::shared_ptr<const Tokenizer> tokenizer;  // normalises query words as the corpus was
};

// A query with its words normalised by the model's tokenizer (t2s, NFC, lower case), as its corpus was.
QueryRequest make_request(const Settings& s, std::string_view text) {
  QueryRequest r = parse_request(s.kind, text);
  if (s.tokenizer) normalize_words(r, *s.tokenizer);
  return r;
}

void print_table(const Settings& s, const QueryRequest& r, const QueryAnswer& a, bool first) {
  if (s.kind == QueryKind::Similarity) {
    std::printf("%s %s %.4f\n", pad_right(r.expr.positive[0], 20).c_str(), pad_right(r.expr.positive[1], 20).c_str(),
                static_cast<double>(a.similarity));
    return;
  }
  if (s.kind == QueryKind::DoesntMatch) {
    std::printf("%s  ->  %s\n", describe(r).c_str(), a.odd_one.c_str());
    return;
  }
  std::size_t width = 24;  // in terminal columns: wide (CJK) characters take two
  for (const auto& n : a.neighbors) width = std::max(width, display_width(n.word));
  std::printf("%s%s\n", first ? "" : "\n", describe(r).c_str());
  for (std::size_t i = 0; i < a.neighbors.size(); ++i)
    std::printf("%3zu  %s %.4f\n", i + 1, pad_right(a.neighbors[i].word, width).c_str(),
                static_cast<double>(a.neighbors[i].score));
}

void print_tsv_header(const Settings& s) {
  if (s.kind == QueryKind::Similarity) std::printf("word1\tword2\tsimilarity\n");
  else if (s.kind == QueryKind::DoesntMatch) std::printf("query\tdoesnt_match\n");
  else std::printf("query\trank\tword\tscore\n");
}

void print_tsv(const Settings& s, const QueryRequest& r, const QueryAnswer& a) {
  if (s.kind == QueryKind::Similarity) {
    std::printf("%s\t%s\t%.6f\n", r.expr.positive[0].c_str(), r.expr.positive[1].c_str(), static_cast<double>(a.similarity));
  } else if (s.kind == QueryKind::DoesntMatch) {
    std::printf("%s\t%s\n", describe(r).c_str(), a.odd_one.c_str());
  } else {
    const auto q = describe(r);
    for (std::size_t i = 0; i < a.neighbors.size(); ++i)
      std::printf("%s\t%zu\t%s\t%.6f\n", q.c_str(), i + 1, a.neighbors[i].word.c_str(),
                  static_cast<double>(a.neighbors[i].score));
  }
}

void print_json(const Settings& s, const QueryRequest& r, const QueryAnswer& a) {
  std::string line = "{\"query\":" + json_string(describe(r));
  if (!a.error.empty()) {
    line += ",\"error\":" + json_string(a.error);
  } else if (s.kind == QueryKind::Similarity) {
    line += ",\"word1\":" + json_string(r.expr.positive[0]) + ",\"word2\":" + json_string(r.expr.positive[1]) +
            ",\"similarity\":" + json_number(a.similarity);
  } else if (s.kind == QueryKind::DoesntMatch) {
    line += ",\"doesnt_match\":" + json_string(a.odd_one);
  } else {
    line += ",\"neighbors\":[";
    for (std::size_t i = 0; i < a.neighbors.size(); ++i)
      line += fmt::format("{}{{\"word\":{},\"score\":{}}}", i ? "," : "", json_string(a.neighbors[i].word),
                          json_number(a.neighbors[i].score));
    line += "]";
  }
  std::printf("%s}\n", line.c_str());
}

// Prints the answers; errors go to stderr (inside the JSON lines with --json). Returns the number of errors.
std::size_t print_all(const Settings& s, const std::vector<QueryRequest>& requests, const std::vector<QueryAnswer>& answers,
                      bool& first) {
  std::size_t errors = 0;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& a = answers[i];
    if (!a.error.empty()) {
      ++errors;
      if (s.output != Output::Json) {
        std::fflush(stdout);
        std::fprintf(stderr, "wordvec %s: query '%s': %s\n", s.name.c_str(), printable_word(trim(requests[i].text)).c_str(),
                     a.error.c_str());
        continue;
      }
    }
    if (s.output == Output::Json) print_json(s, requests[i], a);
    else if (s.output == Output::Tsv) print_tsv(s, requests[i], a);
    else print_table(s, requests[i], a, first);
    first = false;
  }
  std::fflush(stdout);
  return errors;
}

// Queries from a stream, one per line (blank lines skipped), answered in batches.
std::size_t run_batch(const SimilarityIndex& index, const Settings& s, std::istream& in) {
  constexpr std::size_t kBatch = 4096;
  std::size_t errors = 0;
  bool first = true;
  if (s.output == Output::Tsv) print_tsv_header(s);
  std::vector<QueryRequest> requests;
  std::string line;
  auto flush = [&] {
    errors += print_all(s, requests, answer_queries(index, requests, s.query), first);
    requests.clear();
  };
  while (!stop_source().requested() && std::getline(in, line)) {
    stop_token().throw_if_requested();
    if (trim(line).empty()) continue;
    requests.push_back(make_request(s, line));
    if (requests.size() == kBatch) flush();
  }
  stop_token().throw_if_requested();  // the read was cut short by the signal
  flush();
  return errors;
}

// A prompt like word2vec's `distance`, until EXIT or end of input.
void run_interactive(const SimilarityIndex& index, Settings s) {
  s.output = Output::Table;
  const char* prompt = s.kind == QueryKind::Analogy       ? "Enter three words A B C"
                       : s.kind == QueryKind::Similarity  ? "Enter two words"
                       : s.kind == QueryKind::DoesntMatch ? "Enter several words"
                                                     : "Enter a word or an expression such as king - man + woman";
  std::string line;
  bool cancelled = false;  // the last line was cancelled with Ctrl-C
  // Ctrl-C as in a shell: it cancels the line being typed (or the query running); a second one in a row exits.
  auto cancel_line = [&] {
    if (cancelled) throw Cancelled();
    cancelled = true;
    stop_source().clear();
    std::cin.clear();
    std::clearerr(stdin);
    std::printf("\n");
  };
  while (true) {
    std::printf("%s (EXIT to break): ", prompt);
    std::fflush(stdout);
    if (stop_source().requested()) {  // came while the answer or the prompt was printed: the read would not see it
      cancel_line();
      continue;
    }
    if (!std::getline(std::cin, line)) {
      if (!stop_source().requested()) break;
      cancel_line();
      continue;
    }
    if (stop_source().requested()) {
      cancel_line();
      continue;
    }
    cancelled = false;
    if (trim(line) == "EXIT") break;
    if (trim(line).empty()) continue;
    const std::vector<QueryRequest> one{make_request(s, line)};
    bool first = true;
    try {
      print_all(s, one, answer_queries(index, one, s.query), first);
    } catch (const Cancelled&) {
      cancel_line();
      continue;
    }
    std::printf("\n");
  }
  std::printf("\n");
}

// The requests the command line itself holds (none: batch or interactive).
std::vector<QueryRequest> command_line_requests(const Settings& s, const std::vector<std::string>& args) {
  std::vector<QueryRequest> requests;
  if (args.empty()) return requests;
  std::string joined;
  for (const auto& a : args) joined += (joined.empty() ? "" : " ") + a;
  const bool expression = std::find(args.begin(), args.end(), "+") != args.end() ||
                          std::find(args.begin(), args.end(), "-") != args.end();
  if (s.kind == QueryKind::Similar && !expression) {
    for (const auto& a : args) requests.push_back(make_request(s, a));  // each word its own query
  } else {
    requests.push_back(make_request(s, joined));
  }
  // On the command line a malformed query is a usage error.
  for (const auto& r : requests)
    if (!r.error.empty()) throw OptionError(r.error);
  return requests;
}

int run_query(QueryKind kind, const char* usage, int argc, char** argv) {
  Settings s;
  s.kind = kind;
  s.name = argv[0];
  std::string vectors, batch, method = "add", metric = "cosine";
  std::vector<std::string> words;
  bool tsv = false, json = false, stats = false;
  const bool neighbors = kind == QueryKind::Similar || kind == QueryKind::Analogy;
  po::options_description opts(s.name + " options");
  if (neighbors) {
    opts.add_options()
        ("k,k", po::value(&s.query.topn)->default_value(QueryOptions{}.topn), "number of answers")
        ("restrict", po::value(&s.query.restrict)->default_value(QueryOptions{}.restrict), "search only the N most frequent words (0 = all)")
        ("method", po::value(&method)->default_value("add"), "add (3CosAdd, cosine) or mul (3CosMul)");
  }
  bool ann = false;
  if (kind == QueryKind::Similar)
    opts.add_options()("ann", po::bool_switch(&ann), "approximate search in the sidecar HNSW index `wordvec index VECTORS` built (VECTORS.<metric>.hnsw)")(
        "ef", po::value(&s.query.ann_ef)->default_value(0), "with --ann: candidates searched (default 64, at least -k)");
  if (kind == QueryKind::Similar)
    opts.add_options()("metric", po::value(&metric)->default_value("cosine"),
                       "cosine, dot (raw vectors) or euclidean (raw vectors; the distance is reported, smaller = closer)");
  opts.add_options()
      ("batch", po::value(&batch), "read queries one per line from FILE ('-' = standard input)")
      ("tsv", po::bool_switch(&tsv), "tab-separated output")
      ("json", po::bool_switch(&json), "one JSON object per query")
      ("stats", po::bool_switch(&stats), "print load and query times to standard error");
  TokenizerFlags tokenizer_flags;
  add_tokenizer_options(opts, tokenizer_flags, "the one the model records (whitespace when none)");
  po::options_description hidden;
  hidden.add_options()("vectors", po::value(&vectors)->required(), "vector file")(
      "words", po::value(&words)->multitoken(), "query words");
  po::positional_options_description positional;
  positional.add("vectors", 1).add("words", -1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv, usage, opts, positional, hidden, vm)) return 0;
  parse_choice("method", method, {"add", "mul"});
  if (tsv && json) throw OptionError("options --tsv and --json exclude each other");
  if (!words.empty() && !batch.empty()) throw OptionError("give queries on the command line or with --batch, not both");
  s.query.cosmul = method == "mul";
  s.query.cancel = stop_token();
  s.query.metric = parse_metric(metric);
  if (s.query.cosmul && s.query.metric != Metric::Cosine) throw OptionError("option --metric: 3CosMul (--method mul) needs cosine");
  require_option(s.query.metric == Metric::Cosine || s.query.restrict == 0, "restrict", "--metric cosine", metric);
  s.output = json ? Output::Json : tsv ? Output::Tsv : Output::Table;
  s.tokenizer = make_tokenizer(tokenizer_options(vm, tokenizer_flags, recorded_tokenizer(vectors)));
  const auto requests = command_line_requests(s, words);

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const SimilarityIndex index = load_similarity_index(vectors, read_options(s.name));
  std::optional<AnnIndex> ann_index;
  if (ann) {
    const std::string path = vector_index_path(vectors, s.query.metric);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      throw DataError(fmt::format("{}: no index: run 'wordvec index {} --metric {}' first", path, vectors, metric_name(s.query.metric)));
    if (std::filesystem::last_write_time(path, ec) < std::filesystem::last_write_time(vectors, ec))
      throw DataError(fmt::format("{}: older than {}: run 'wordvec index {} --metric {}' again", path, vectors, vectors, metric_name(s.query.metric)));
    ann_index.emplace(AnnIndex::load(path, index.dim(), s.query.metric));
    if (ann_index->size() != index.size())
      throw DataError(fmt::format("{}: indexes {} rows, {} has {}: run 'wordvec index {}' again", path, ann_index->size(), vectors, index.size(), vectors));
    s.query.ann = &*ann_index;
  }
  const auto t1 = Clock::now();
  std::size_t errors = 0;
  if (!requests.empty()) {
    bool first = true;
    if (s.output == Output::Tsv) print_tsv_header(s);
    errors = print_all(s, requests, answer_queries(index, requests, s.query), first);
  } else if (!batch.empty() && batch != "-") {
    require_not_directory(batch);
    std::ifstream in(batch);
    if (!in) throw IoError(fmt::format("{}: cannot open", batch));
    errors = run_batch(index, s, in);
  } else if (batch.empty() && ::isatty(STDIN_FILENO)) {
    run_interactive(index, s);
  } else {
    require_not_directory("-");
    errors = run_batch(index, s, std::cin);
  }
  if (stats) {
    const auto t2 = Clock::now();
    const double load = std::chrono::duration<double>(t1 - t0).count(), query = std::chrono::duration<double>(t2 - t1).count();
    std::fprintf(stderr, "wordvec %s: loaded %zu x %zu in %.3f s; queries answered in %.3f s\n", s.name.c_str(),
                 index.size(), index.dim(), load, query);
  }
  return errors > 0 ? 1 : 0;
}

int run_similar(int argc, char** argv) {
  if (names_collection(argc, argv)) return run_similar_collection(argc, argv);
  return run_query(QueryKind::Similar,
                   "usage: wordvec similar VECTORS [QUERY...] [options]\n"
                   "  each QUERY is a word (or a quoted expression such as 'king - man + woman'); an unquoted\n"
                   "  expression with + / - makes one query; without QUERY, queries are read one per line\n"
                   "  from --batch FILE or standard input (a prompt when it is a terminal)\n"
                   "       wordvec similar COLLECTION [ID | -c TEXT | -i FILE] [-d DB]   (see 'wordvec similar COLLECTION --help')",
                   argc, argv);
}

int run_analogy(int argc, char** argv) {
  return run_query(QueryKind::Analogy,
                   "usage: wordvec analogy VECTORS [A B C] [options]   (A is to B as C is to ?)\n"
                   "  without A B C, lines of three words are read from --batch FILE or standard input",
                   argc, argv);
}

int run_doesnt_match(int argc, char** argv) {
  return run_query(QueryKind::DoesntMatch,
                   "usage: wordvec doesnt-match VECTORS [W1 W2 ...] [options]   (the word farthest from the others' mean)\n"
                   "  without words, lines of words are read from --batch FILE or standard input",
                   argc, argv);
}

int run_similarity(int argc, char** argv) {
  return run_query(QueryKind::Similarity,
                   "usage: wordvec similarity VECTORS [W1 W2] [options]   (cosine similarity)\n"
                   "  without words, lines of two words are read from --batch FILE or standard input",
                   argc, argv);
}

const bool registered_similar = register_command({"similar", "nearest neighbours of words or expressions", 20, run_similar});
const bool registered_analogy =
    register_command({"analogy", "A is to B as C is to ? (3CosAdd or 3CosMul)", 21, run_analogy});
const bool registered_doesnt_match =
    register_command({"doesnt-match", "which word does not belong with the others", 22, run_doesnt_match});
const bool registered_similarity = register_command({"similarity", "cosine similarity of two words", 23, run_similarity});

}  // namespace

}  // namespace wordvec::cli
