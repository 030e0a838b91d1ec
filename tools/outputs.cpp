#include "outputs.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <set>

#include <boost/program_options/value_semantic.hpp>
#include <fmt/format.h>

#include "command.hpp"
#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"

namespace wordvec::cli {

bool is_stdout(const std::string& path) { return path == "-" || path == "/dev/stdout"; }

void clean_stale(const std::string& command, const std::filesystem::path& dir) {
  for (const auto& p : remove_stale_temp_files(dir.empty() ? std::filesystem::path(".") : dir))
    std::fprintf(stderr, "wordvec %s: note: removed %s, left behind by an earlier run that was stopped\n",
                 command.c_str(), p.c_str());
}

void check_outputs(const std::string& command, const std::vector<std::string>& outputs,
                   const std::vector<std::string>& inputs, std::uint64_t expected_bytes) {
  std::set<std::filesystem::path> dirs;
  for (const auto& out : outputs) {
    if (out.empty() || is_stdout(out)) continue;
    const auto target = resolve_output(out);
    auto dir = target.path.parent_path();
    dirs.insert(dir.empty() ? std::filesystem::path(".") : dir);
  }
  for (const auto& dir : dirs) clean_stale(command, dir);
  for (const auto& out : outputs) {
    if (out.empty() || is_stdout(out)) continue;
    for (const auto& in : inputs) require_distinct(out, in);
    check_output(out, expected_bytes);
  }
}

namespace {
constexpr const char* kInvalidUtf8Names[] = {"error", "skip", "replace"};
}

void add_invalid_utf8_option(boost::program_options::options_description& opts, std::string& value) {
  opts.add_options()(
      "invalid-utf8",
      boost::program_options::value(&value)->default_value(kInvalidUtf8Names[static_cast<int>(VocabOptions{}.invalid_utf8)]),
      "corpus text that is not valid UTF-8: 'error' (stop, with the line and byte offset of the first invalid "
      "sequence), 'skip' (leave out every line that holds one) or 'replace' (put U+FFFD in place of each invalid "
      "sequence, as Python's errors='replace' decodes); skip and replace work on a repaired copy of the corpus in "
      "$TMPDIR and say how many lines they changed. word2vec.c, GloVe and fastText keep the bytes as they are (their "
      "vector files then hold invalid UTF-8); gensim's LineSentence stops with a UnicodeDecodeError");
}

InvalidUtf8 parse_invalid_utf8(const std::string& value) {
  for (int i = 0; i < 3; ++i)
    if (value == kInvalidUtf8Names[i]) return static_cast<InvalidUtf8>(i);
  throw OptionError(fmt::format("option --invalid-utf8: expected error, skip or replace, got '{}'", value));
}

ReadOptions read_options(const std::string& command) {
  ReadOptions options;
  options.notice = notice_printer(command);
  options.cancel = stop_token();
  return options;
}

WriteOptions write_options(WriteOptions options) {
  options.cancel = stop_token();
  return options;
}

NoticeCallback notice_printer(const std::string& command) {
  return [command](const std::string& note) {
    std::fprintf(stderr, "wordvec %s: note: %s\n", command.c_str(), note.c_str());
  };
}

void require_not_directory(const std::string& path) {
  struct stat st {};
  const bool is_dir = path == "-" ? ::fstat(STDIN_FILENO, &st) == 0 && S_ISDIR(st.st_mode)
                                  : ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  if (is_dir)
    throw IoError(fmt::format("{}: cannot read: it is a directory, not a file",
                              path == "-" ? std::string("standard input") : path));
}

void require_stdout_format(const std::string& option, bool ok, const std::string& format_name) {
  if (!ok)
    throw OptionError(fmt::format("option {}: {} cannot go to standard output (only w2v-text, glove-text and "
                                  "fasttext-vec stream); give a file name",
                                  option, format_name));
}

}  // namespace wordvec::cli
