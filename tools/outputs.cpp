#include "outputs.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <set>

#include <fmt/format.h>

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

InvalidUtf8 parse_invalid_utf8(const std::string& value) {
  if (value == "error") return InvalidUtf8::Error;
  if (value == "skip") return InvalidUtf8::Skip;
  throw OptionError(fmt::format("option --invalid-utf8: expected error or skip, got '{}'", value));
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
