// The `wordvec` binary: dispatches to a subcommand, prints errors, maps them to exit codes.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"
#include "wordvec/version.hpp"

namespace wordvec::cli {

namespace {
std::map<std::string, Command>& registry() {
  static std::map<std::string, Command> r;
  return r;
}
}  // namespace

bool register_command(Command command) {
  registry()[command.name] = std::move(command);
  return true;
}

std::vector<Command> commands() {
  std::vector<Command> out;
  for (const auto& [name, c] : registry()) out.push_back(c);
  std::stable_sort(out.begin(), out.end(), [](const Command& a, const Command& b) { return a.order < b.order; });
  return out;
}

}  // namespace wordvec::cli

namespace {

void print_usage(std::FILE* to) {
  std::fprintf(to, "wordvec: train word embeddings and put them to work\n\nusage: wordvec COMMAND [OPTIONS]\n\ncommands:\n");
  for (const auto& c : wordvec::cli::commands()) std::fprintf(to, "  %-14s %s\n", c.name.c_str(), c.summary.c_str());
  std::fprintf(to, "\n'wordvec COMMAND --help' lists a command's options and their defaults.\n");
}

extern "C" void on_interrupt(int) { wordvec::request_cancel(); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return 2;
  }
  std::string name = argv[1];
  // `wordvec help CMD [ARGS]` is `wordvec CMD [ARGS] --help`, as in git and cargo.
  char help_flag[] = "--help";
  std::vector<char*> help_args;
  if (name == "help" && argc >= 3) {
    help_args.push_back(argv[0]);
    for (int i = 2; i < argc; ++i) help_args.push_back(argv[i]);
    help_args.push_back(help_flag);
    help_args.push_back(nullptr);
    argc = static_cast<int>(help_args.size()) - 1;
    argv = help_args.data();
    name = argv[1];
  }
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(stdout);
    return 0;
  }
  if (name == "--version") {
    std::printf("wordvec %s\n", wordvec::version);
    return 0;
  }
  const auto all = wordvec::cli::commands();
  const auto it = std::find_if(all.begin(), all.end(), [&](const auto& c) { return c.name == name; });
  if (it == all.end()) {
    std::vector<std::string> names;
    for (const auto& c : all) names.push_back(c.name);
    std::fprintf(stderr, "wordvec: error: unknown command '%s'%s (see 'wordvec --help')\n", name.c_str(),
                 wordvec::did_you_mean(wordvec::close_spellings(name, names, 1)).c_str());
    return 2;
  }
  // Ctrl-C asks long work to stop cleanly, so temporary files are removed on the way out.
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  try {
    return it->run(argc - 1, argv + 1);
  } catch (const wordvec::Cancelled&) {
    std::fprintf(stderr, "\nwordvec %s: interrupted; no output written\n", name.c_str());
    return 130;
  } catch (const wordvec::OptionError& e) {
    std::fprintf(stderr, "wordvec %s: error: %s\n", name.c_str(), e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "wordvec %s: error: out of memory\n", name.c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "wordvec %s: error: %s\n", name.c_str(), e.what());
    return 1;
  }
}
