// `wordvec tokenize`: text in, the tokens of each line out, separated by spaces, one line per line.
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "command.hpp"
#include "options.hpp"
#include "tokenizer_options.hpp"
#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/text/tokenize_text.hpp"

namespace wordvec::cli {

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { if (f && f != stdin) std::fclose(f); }
};

int run_tokenize(int argc, char** argv) {
  std::string input = "-", output;
  int threads = default_threads();
  bool stats = false;
  po::options_description opts("tokenize options");
  opts.add_options()
      ("input,i", po::value(&input)->default_value("-"), "UTF-8 text ('-' = standard input)")
      ("output,o", po::value(&output), "file to write (default: standard output)")
      ("threads", po::value(&threads)->default_value(default_threads()), "tokenizing threads (default: all cores)")
      ("stats", po::bool_switch(&stats), "print the time taken to load the tokenizer and to tokenize to standard error");
  TokenizerFlags tokenizer_flags;
  add_tokenizer_options(opts, tokenizer_flags, "whitespace");
  po::positional_options_description positional;
  po::options_description hidden;
  po::variables_map vm;
  if (!parse_command_line(argc, argv,
                          "usage: wordvec tokenize --tokenizer NAME [--input FILE] [--output FILE] [options]\n\n"
                          "Prints the tokens of each input line separated by single spaces, one output line per input line.",
                          opts, positional, hidden, vm))
    return 0;
  require_option(threads >= 1, "threads", "at least 1 thread", threads);
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const auto tokenizer = make_tokenizer(tokenizer_options(vm, tokenizer_flags));
  const auto t1 = Clock::now();
  double tokenize_seconds = 0.0;
  std::uint64_t bytes = 0;
  std::unique_ptr<std::FILE, FileCloser> in(input == "-" ? stdin : std::fopen(input.c_str(), "rb"));
  if (!in) throw IoError(fmt::format("{}: cannot open the input: {}", input, std::strerror(errno)));
  std::optional<AtomicFile> file;
  if (!output.empty()) file.emplace(output);
  // Blocks of whole lines: read 8 MiB, tokenize up to the last newline, keep the rest for the next block.
  constexpr std::size_t kBlock = 8 << 20;
  std::string buf, out;
  std::vector<char> chunk(kBlock);
  bool eof = false;
  while (!eof) {
    const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), in.get());
    if (n < chunk.size()) {
      if (std::ferror(in.get())) throw IoError(fmt::format("{}: read failed", input));
      eof = true;
    }
    buf.append(chunk.data(), n);
    std::size_t cut = eof ? buf.size() : buf.rfind('\n');
    if (cut == std::string::npos) continue;  // one line longer than a block: read on
    if (!eof) ++cut;
    out.clear();
    const auto start = Clock::now();
    tokenize_text(std::string_view(buf).substr(0, cut), *tokenizer, threads, out);
    tokenize_seconds += std::chrono::duration<double>(Clock::now() - start).count();
    bytes += cut;
    if (file) file->write(out);
    else if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size())
      throw IoError(fmt::format("standard output: write failed: {}", std::strerror(errno)));
    buf.erase(0, cut);
  }
  if (file) file->commit();
  else std::fflush(stdout);
  if (stats)
    std::fprintf(stderr, "wordvec tokenize: loaded the %s tokenizer in %.3f s; %llu bytes tokenized in %.4f s on %d threads\n",
                 tokenizer_kind_name(tokenizer->options().kind).c_str(), std::chrono::duration<double>(t1 - t0).count(),
                 static_cast<unsigned long long>(bytes), tokenize_seconds, threads);
  return 0;
}

const bool registered = register_command({"tokenize", "print the tokens of each line (whitespace, words, chars, zh)", 45, run_tokenize});

}  // namespace

}  // namespace wordvec::cli
