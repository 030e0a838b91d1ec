// `wordvec embed-multi`: documents (CSV, TSV, JSON, NDJSON or files) into a collection of a SQLite database.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "database_option.hpp"
#include "options.hpp"
#include "progress_printer.hpp"
#include "tokenizer_options.hpp"
#include "wordvec/collections/collection_embedder.hpp"
#include "wordvec/collections/collection_store.hpp"
#include "wordvec/collections/document_reader.hpp"
#include "wordvec/core/error.hpp"

namespace wordvec::cli {

namespace {

int run_embed_multi(int argc, char** argv) {
  std::string collection, input, model, database, format = "auto", encoding = "auto", counts;
  std::vector<std::string> files;
  DocumentReadOptions read;
  EmbedCollectionOptions write;
  TextEmbedding how;
  TokenizerFlags tok;
  bool strict = false, quiet = false;
  write.threads = default_threads();
  write.cancel = stop_token();
  how.cancel = write.cancel;
  po::options_description opts("embed-multi options");
  opts.add_options()
      ("model,m", po::value(&model)->required(), "word-vector file whose mean (or SIF-weighted mean) embeds each document")
      ("files", po::value(&files)->multitoken(), "DIR GLOB: embed the files under DIR matching GLOB ('**' any folders; id = path relative to DIR); repeatable")
      ("format", po::value(&format)->default_value("auto"), "INPUT format: csv, tsv, json (an array of objects), nl (one object per line); default: from the extension, else the first bytes")
      ("encoding", po::value(&encoding)->default_value("auto"), "utf-8 or latin-1; default: files are UTF-8, else Latin-1; INPUT must be UTF-8")
      ("store", po::bool_switch(&write.store_content), "store each document's text in the content column")
      ("metadata", po::value(&read.metadata_key), "column or key holding each row's metadata (a JSON object, or any value stored as {KEY: value})")
      ("prefix", po::value(&read.prefix), "prepended to every id")
      ("batch-size", po::value(&write.batch_size)->default_value(write.batch_size), "documents per transaction")
      ("sif", po::value(&how.sif_a)->default_value(0.0, "0"), "SIF weights a/(a+p(w)) with this a (1e-3 is usual); 0 = the plain mean")
      ("counts", po::value(&counts), "with --sif: 'word count' lines giving p(w) (default: the vector file's counts, else Zipf's law on the rank)")
      ("lowercase-lookup", po::bool_switch(&how.lowercase), "look words up in lower case")
      ("normalize-words", po::bool_switch(&how.normalize_words), "scale word vectors to unit length before averaging")
      ("threads", po::value(&write.threads)->default_value(write.threads), "embedding threads (default: all cores)")
      ("strict", po::bool_switch(&strict), "stop at the first bad row (default: report it with its file and line, and skip it)")
      ("quiet,q", po::bool_switch(&quiet), "no progress or summary on stderr (bad rows are still reported)");
  add_tokenizer_options(opts, tok, "the one the vector file records, whitespace when none");
  add_database_option(opts, database);
  po::options_description hidden;
  hidden.add_options()("collection", po::value(&collection)->required(), "collection")("input", po::value(&input), "input");
  po::positional_options_description positional;
  positional.add("collection", 1).add("input", 1);
  po::variables_map vm;
  if (!parse_command_line(argc, argv,
                          "usage: wordvec embed-multi COLLECTION [INPUT] --model VECTORS [--files DIR GLOB]... [--store] [-d DB]\n\n"
                          "Embeds documents into a collection: INPUT ('-' = standard input) is CSV or TSV (first column = id, the others = content),\n"
                          "a JSON array or newline-delimited JSON (the \"id\" key = id, the other keys = content). Documents whose id and\n"
                          "content are stored already are skipped; changed ones are replaced.",
                          opts, positional, hidden, vm))
    return 0;
  read.format = parse_document_format(format);
  read.encoding = parse_text_encoding(encoding);
  how.counts = counts;
  require_option(files.size() % 2 == 0, "files", "pairs DIR GLOB", fmt::format("{} values", files.size()));
  require_option(!input.empty() || !files.empty(), "files", "an INPUT file or --files DIR GLOB", "neither");
  require_option(counts.empty() || how.sif_a > 0, "counts", "--sif as well", counts);
  write.validate();
  read.validate();
  const std::string db = database_path(database);

  std::size_t problems = 0;
  const ProblemFn report = [&](const DocumentProblem& p) {
    if (strict) throw DataError(p.message());
    ++problems;
    std::fprintf(stderr, "wordvec embed-multi: %s; skipped\n", p.message().c_str());
  };
  std::vector<Document> docs;
  if (!input.empty()) docs = read_documents(input, read, report);
  for (std::size_t i = 0; i < files.size(); i += 2) {
    auto more = read_document_files(files[i], files[i + 1], read, report);
    if (more.empty()) std::fprintf(stderr, "wordvec embed-multi: no file under %s matches %s\n", files[i].c_str(), files[i + 1].c_str());
    docs.insert(docs.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  if (docs.empty()) throw DataError("no document to embed (every row was reported above, or the input is empty)");

  if (const TokenizerOptions t = tokenizer_options(vm, tok); !tok.name.empty()) how.tokenizer = t;
  CollectionStore store(db);
  std::optional<CollectionModel> recorded;
  const auto existing = store.find(collection);
  if (existing) recorded = store.model(*existing);
  EmbedCollectionStats stats;
  const EmbedPlan plan = existing ? plan_embedding(store, *existing, docs, write.threads) : EmbedPlan{};
  std::int64_t id = existing.value_or(0);
  if (existing && plan.todo.empty() && TextEmbedder::same_file_and_settings(model, how, *recorded)) {
    // Nothing to write, and the record names this very file with these settings: no need to load it.
    stats.documents = docs.size();
    stats.unchanged = plan.unchanged;
    stats.unembedded_before = plan.unembedded_before;
  } else {
    const TextEmbedder embedder(model, how, recorded ? &*recorded : nullptr);
    id = store.open_collection(collection, embedder.record());
    ProgressPrinter printer(quiet, stderr_is_terminal(), 2.0);
    stats = embed_documents(store, id, docs, existing ? plan : plan_embedding(store, id, docs, write.threads), embedder, write, report,
                            printer.callback());
  }
  if (!quiet) {
    const std::string before =
        stats.unembedded_before ? fmt::format(" ({} of them without a known word, as before)", stats.unembedded_before) : "";
    std::fprintf(stderr,
                 "%s: collection '%s': %zu documents: %zu written (%zu replaced), %zu unchanged%s, %zu without a known "
                 "word, %zu bad rows; %zu items now\n",
                 db.c_str(), collection.c_str(), stats.documents, stats.written, stats.replaced, stats.unchanged,
                 before.c_str(), stats.unembedded, problems - stats.unembedded, store.count(id));
  }
  return 0;
}

const bool registered = register_command(
    {"embed-multi", "embed documents (CSV, TSV, JSON, files) into a SQLite collection", 50, run_embed_multi});

}  // namespace

}  // namespace wordvec::cli
