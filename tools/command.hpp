#pragma once
// Subcommands register themselves here; main() only dispatches.
#include <functional>
#include <string>
#include <vector>

#include "wordvec/core/cancel.hpp"

namespace wordvec::cli {

/// One subcommand of the `wordvec` binary.
struct Command {
  std::string name;                               ///< as typed: "train", "similar", ...
  std::string summary;                            ///< one line for `wordvec --help`
  int order = 100;                                ///< position in the help listing
  std::function<int(int argc, char** argv)> run;  ///< argv[0] is the subcommand name
};

/// Adds a command to the registry; returns true so it can initialise a static.
bool register_command(Command command);
/// All commands sorted by order, then name.
std::vector<Command> commands();

/// The command's stop request: main's handler of SIGINT, SIGTERM and SIGHUP sets it.
CancellationSource& stop_source();
/// Its token, which commands pass to the library work they start.
inline CancellationToken stop_token() { return stop_source().token(); }

}  // namespace wordvec::cli
