// The `wordvec` binary: dispatches to a subcommand, prints errors, maps them to exit codes.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
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

// Constant-initialised (an atomic flag), so the signal handler may use it from the start.
constinit CancellationSource the_stop_source;

CancellationSource& stop_source() { return the_stop_source; }

}  // namespace wordvec::cli

namespace {

void print_usage(std::FILE* to) {
  std::fprintf(to, "wordvec: train word embeddings and put them to work\n\nusage: wordvec COMMAND [OPTIONS]\n\ncommands:\n");
  for (const auto& c : wordvec::cli::commands()) std::fprintf(to, "  %-14s %s\n", c.name.c_str(), c.summary.c_str());
  std::fprintf(to, "\n'wordvec COMMAND --help' lists a command's options and their defaults.\n");
}

volatile std::sig_atomic_t stop_signal = 0;

// The first SIGINT, SIGTERM or SIGHUP asks the work to stop cleanly (temporary files removed, nothing written);
// a second one ends the process at once (what is left is removed by the next run: remove_stale_temp_files).
extern "C" void on_stop_signal(int sig) {
  if (wordvec::cli::stop_source().requested()) {
    static const char msg[] = "\nwordvec: stopped at once\n";
    [[maybe_unused]] const auto n = ::write(STDERR_FILENO, msg, sizeof msg - 1);
    ::_exit(128 + sig);
  }
  stop_signal = sig;
  wordvec::cli::stop_source().request();
}

// A mapped file (a .wv or .bin being queried) cut short by another program touches pages that no longer exist:
// the kernel sends SIGBUS. Say so in one line instead of dying with exit 135.
extern "C" void on_bus_error(int) {
  static const char msg[] =
      "wordvec: error: a file being read was truncated while in use (another program rewrote it in place); "
      "stopped, nothing written\n";
  [[maybe_unused]] const auto n = ::write(STDERR_FILENO, msg, sizeof msg - 1);
  ::_exit(1);
}

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a read waiting on a terminal or pipe returns, so the stop is seen at once
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
  struct sigaction bus {};
  bus.sa_handler = on_bus_error;
  sigemptyset(&bus.sa_mask);
  ::sigaction(SIGBUS, &bus, nullptr);
  // A closed pipe (| head) ends the process quietly, as it does every other tool in a pipeline.
  std::signal(SIGPIPE, SIG_DFL);
}

const char* signal_name(int sig) {
  return sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "SIGINT";
}

int stop_status() { return 128 + (stop_signal ? static_cast<int>(stop_signal) : SIGINT); }

int stopped(const std::string& name, const std::string& kept = "") {
  std::fprintf(stderr, "\nwordvec %s: stopped by %s, %s\n", name.c_str(), signal_name(stop_signal),
               kept.empty() ? "nothing written" : kept.c_str());
  return stop_status();
}

// Everything printed must have reached its destination: a full disk or /dev/full is an error, not silence.
int check_streams(const std::string& name, int status) {
  std::cout.flush();
  errno = 0;
  const bool out_ok = std::fflush(stdout) == 0 && !std::ferror(stdout) && std::cout.good();
  const int out_errno = errno;
  if (!out_ok) {
    int err = out_errno;
    if (err == 0) {  // the write that failed was earlier, inside printf: ask the device again
      errno = 0;
      if (::write(STDOUT_FILENO, "", 0) < 0) err = errno;
    }
    if (err == EPIPE) return status == 0 ? 141 : status;  // the reader went away (SIGPIPE ignored)
    std::fprintf(stderr, "wordvec%s%s: error: writing to standard output failed: %s\n", name.empty() ? "" : " ",
                 name.c_str(), err ? std::strerror(err) : "the output did not take the data (a full disk?)");
    return status == 0 ? 1 : status;
  }
  const bool err_ok = std::fflush(stderr) == 0 && !std::ferror(stderr);
  return err_ok || status != 0 ? status : 1;
}

}  // namespace

int main(int argc, char** argv) {
  install_signal_handlers();
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
    return check_streams("", 0);
  }
  if (name == "--version") {
    std::printf("wordvec %s\n", wordvec::version);
    return check_streams("", 0);
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
  try {
    const int status = it->run(argc - 1, argv + 1);
    if (wordvec::cli::stop_source().requested()) {  // the signal came after the work was done
      std::fprintf(stderr, "\nwordvec %s: stopped by %s\n", name.c_str(), signal_name(stop_signal));
      return stop_status();
    }
    return check_streams(name, status);
  } catch (const wordvec::Cancelled& c) {
    return stopped(name, c.kept());
  } catch (const wordvec::OptionError& e) {
    if (wordvec::cli::stop_source().requested()) return stopped(name);
    std::fprintf(stderr, "wordvec %s: error: %s\n", name.c_str(), e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "wordvec %s: error: out of memory\n", name.c_str());
    return 1;
  } catch (const std::exception& e) {
    // A read or write cut short by the signal fails with EINTR: that is the stop, not an error.
    if (wordvec::cli::stop_source().requested()) return stopped(name);
    std::fprintf(stderr, "wordvec %s: error: %s\n", name.c_str(), e.what());
    return 1;
  }
}
