#pragma once
// Helpers shared by the subcommands: option parsing with Boost and consistent errors.
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace wordvec::cli {

namespace po = boost::program_options;

/// Parses argv against `visible` options plus `positional` names; prints help and returns false
/// for --help. Throws OptionError for unknown or malformed options.
bool parse_command_line(int argc, char** argv, const std::string& usage, po::options_description& visible,
                        const po::positional_options_description& positional,
                        po::options_description& hidden, po::variables_map& vm);

/// The command line of a command whose options depend on one of them (train's --model), parsed once.
/// Each variant of the command has its own options (its help, its defaults); the command line is split
/// into options against all of them together (a name means the same in every variant), so the option
/// that picks the variant is read from the parse; then the options are stored against the chosen
/// variant's description alone, with parse_command_line's checks and messages: an option only another
/// variant takes is "unrecognised", spelling hints come from the chosen variant.
class VariantCommandLine {
 public:
  /// Splits argv (argv[0] is the command); adds --help to every variant. When the union cannot split it (an
  /// abbreviation only one variant resolves, a value given to a switch of another variant), each variant splits
  /// it alone; parse() raises the chosen variant's own error. Throws std::logic_error when two variants give
  /// one option name different arities (a programming error).
  VariantCommandLine(int argc, char** argv, const std::vector<po::options_description*>& variants);
  /// The value last given to option `name` (its full name), or nullopt when none was (or argv did not parse).
  std::optional<std::string> value(const std::string& name) const;
  /// Stores the options into `vm` against `visible` (one of the variants) and notifies it, as
  /// parse_command_line does: prints help and returns false for --help; throws OptionError.
  bool parse(const std::string& usage, po::options_description& visible, po::variables_map& vm) const;

 private:
  // A split of argv, or why it failed.
  struct Split {
    const po::options_description* options = nullptr;
    std::optional<po::parsed_options> parsed;
    std::exception_ptr error;
  };
  Split split(const po::options_description& options) const;

  int argc_;
  char** argv_;
  po::options_description all_;  // every variant's options, each name once
  Split whole_;                  // against all_
  std::vector<Split> alone_;     // when that failed: against each variant's options alone
};

/// Number of hardware threads (at least 1).
int default_threads();

/// True when stderr is a terminal.
bool stderr_is_terminal();

}  // namespace wordvec::cli
