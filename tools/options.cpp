#include "options.hpp"

#include <unistd.h>

#include <iostream>
#include <thread>

#include "wordvec/core/error.hpp"

namespace wordvec::cli {

bool parse_command_line(int argc, char** argv, const std::string& usage, po::options_description& visible,
                        const po::positional_options_description& positional, po::options_description& hidden,
                        po::variables_map& vm) {
  visible.add_options()("help,h", "show this help and exit");
  po::options_description all;
  all.add(visible).add(hidden);
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << usage << "\n\n" << visible << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw OptionError(fmt::format("{} (see 'wordvec {} --help')", e.what(), argv[0]));
  }
  return true;
}

int default_threads() {
  const auto n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace wordvec::cli
