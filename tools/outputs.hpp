#pragma once
// Output paths as the commands take them: proven writable before any work, "-" for standard output.
#include <filesystem>
#include <string>
#include <vector>

#include <boost/program_options/options_description.hpp>

#include "wordvec/core/progress.hpp"
#include "wordvec/io/format.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec::cli {

/// True for "-" and "/dev/stdout": the user means standard output, not a file to replace.
bool is_stdout(const std::string& path);

/// Before any work: every output is checked against the output policy (core/atomic_file: regular files only,
/// creatable, names not too long, free space when `expected_bytes` > 0), no output is one of the inputs, and
/// temporary files a killed earlier run left in the outputs' directories are removed with a note on stderr.
/// Empty names and standard output are skipped. Throws IoError.
void check_outputs(const std::string& command, const std::vector<std::string>& outputs,
                   const std::vector<std::string>& inputs, std::uint64_t expected_bytes = 0);

/// Removes stale temporary files and spill directories of ours in `dir` (the current directory when empty), with a note.
void clean_stale(const std::string& command, const std::filesystem::path& dir);

/// Adds --invalid-utf8 (its value goes to `value`, parse it with parse_invalid_utf8), with the peers' behaviour in its help.
void add_invalid_utf8_option(boost::program_options::options_description& opts, std::string& value);
/// Parses --invalid-utf8 (error, skip or replace); throws OptionError.
InvalidUtf8 parse_invalid_utf8(const std::string& value);

/// Prints the library's notes on stderr as "wordvec COMMAND: note: ...".
NoticeCallback notice_printer(const std::string& command);
/// How the commands read vector files: the library's defaults, notes printed (notice_printer), stopped by a signal.
ReadOptions read_options(const std::string& command);
/// How the commands write vector files: `options`, stopped by a signal (stop_token()).
WriteOptions write_options(WriteOptions options = {});

/// Throws IoError when the input `path` ("-": standard input) is a directory.
void require_not_directory(const std::string& path);

/// Throws OptionError unless `format_name` can go to standard output (a one-file text format).
void require_stdout_format(const std::string& option, bool ok, const std::string& format_name);

}  // namespace wordvec::cli
