#pragma once
// Helpers shared by the subcommands: option parsing with Boost and consistent errors.
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

namespace wordvec::cli {

namespace po = boost::program_options;

/// Parses argv against `visible` options plus `positional` names; prints help and returns false
/// for --help. Throws OptionError for unknown or malformed options.
bool parse_command_line(int argc, char** argv, const std::string& usage, po::options_description& visible,
                        const po::positional_options_description& positional,
                        po::options_description& hidden, po::variables_map& vm);

/// True when argv names `name` as its --model (--model NAME / --model=NAME): the models with options of
/// their own (glove, supervised) are parsed apart from the word2vec ones.
bool wants_model(int argc, char** argv, std::string_view name);

/// Number of hardware threads (at least 1).
int default_threads();

/// True when stderr is a terminal.
bool stderr_is_terminal();

}  // namespace wordvec::cli
