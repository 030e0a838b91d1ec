#include "outputs.hpp"

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

void require_stdout_format(const std::string& option, bool ok, const std::string& format_name) {
  if (!ok)
    throw OptionError(fmt::format("option {}: {} cannot go to standard output (only w2v-text, glove-text and "
                                  "fasttext-vec stream); give a file name",
                                  option, format_name));
}

}  // namespace wordvec::cli
