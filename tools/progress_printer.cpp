#include "progress_printer.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace wordvec::cli {

namespace {

std::atomic<bool> g_resized{false};

extern "C" void on_window_change(int) { g_resized.store(true, std::memory_order_relaxed); }

std::string duration(double sec) {
  const auto s = static_cast<long>(sec + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string rate(double r) {
  if (r >= 1e6) return fmt::format("{:.2f}M", r / 1e6);
  if (r >= 1e3) return fmt::format("{:.1f}k", r / 1e3);
  return fmt::format("{:.0f}", r);
}

// The terminal's width: the tty's own, else $COLUMNS, else 80.
int terminal_columns() {
  winsize ws{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* env = std::getenv("COLUMNS")) {
    const int c = std::atoi(env);
    if (c > 0) return c;
  }
  return 80;
}

// The scores of the last evaluated epoch: "questions-words.txt 30.12%  wordsim353.tsv 0.581".
std::string scores_text(const Progress& p) {
  std::string out;
  for (const auto& s : p.scores) {
    if (!out.empty()) out += "  ";
    out += s.metric == "accuracy" ? fmt::format("{} {:.2f}%", s.name, 100.0 * s.value) : fmt::format("{} {:.3f}", s.name, s.value);
  }
  return out;
}

const char* unit_of(const Progress& p) {
  return p.stage == ProgressStage::Train ? "words/s" : p.stage == ProgressStage::Embed ? "docs/s" : "units/s";
}

}  // namespace

ProgressPrinter::ProgressPrinter(bool quiet, bool terminal, double interval_sec)
    : quiet_(quiet), terminal_(terminal), interval_(interval_sec), last_(std::chrono::steady_clock::now()) {
  if (quiet_ || !terminal_) return;
  struct sigaction sa {};
  sa.sa_handler = on_window_change;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  handler_installed_ = ::sigaction(SIGWINCH, &sa, &previous_) == 0;
}

ProgressPrinter::~ProgressPrinter() {
  if (handler_installed_) ::sigaction(SIGWINCH, &previous_, nullptr);
}

ProgressCallback ProgressPrinter::callback() {
  if (quiet_) return {};
  return [this](const Progress& p) { show(p); };
}

int ProgressPrinter::columns() {
  if (columns_ == 0 || g_resized.exchange(false, std::memory_order_relaxed)) columns_ = terminal_columns();
  return columns_;
}

std::string ProgressPrinter::bar_line(const Progress& p, int columns) {
  const std::size_t room = columns > 1 ? static_cast<std::size_t>(columns - 1) : 0;
  const std::string percent = fmt::format("{:5.1f}%", 100.0 * p.fraction);
  const std::string time = p.finished ? fmt::format("done in {}", duration(p.elapsed_sec))
                                      : fmt::format("ETA {}", duration(p.eta_sec));
  // Optional fields between the percentage and the time, in the order they are given up (last first).
  std::vector<std::string> fields = {fmt::format("{} {}", rate(p.units_per_sec), unit_of(p))};
  if (p.stage == ProgressStage::Embed) {
    fields.push_back(fmt::format("{}/{} docs", p.done, p.total));
  } else {
    fields.push_back(fmt::format("lr {:.6f}", p.learning_rate));
    fields.push_back(fmt::format("loss {:.4f}", p.loss));
  }
  if (p.epochs > 0) fields.push_back(fmt::format("epoch {}/{}", p.epoch, p.epochs));
  if (!p.scores.empty()) fields.push_back(scores_text(p));
  auto compose = [&](int bar_width, std::size_t kept, bool with_time) {
    std::string line = stage_name(p.stage);
    if (bar_width > 0) {
      const int filled = static_cast<int>(p.fraction * bar_width + 0.5);
      line += " [" + std::string(static_cast<std::size_t>(filled), '=') +
              std::string(static_cast<std::size_t>(bar_width - filled), ' ') + "]";
    }
    line += " " + percent;
    for (std::size_t i = 0; i < kept; ++i) line += "  " + fields[i];
    if (with_time) line += "  " + time;
    return line;
  };
  constexpr int kFullBar = 30, kShortBar = 10;
  for (int bar = kFullBar; bar >= kShortBar; --bar)  // first the bar gives up its width
    if (const auto line = compose(bar, fields.size(), true); line.size() <= room) return line;
  for (std::size_t kept = fields.size(); kept-- > 0;)  // then the fields, right to left
    if (const auto line = compose(kShortBar, kept, true); line.size() <= room) return line;
  if (const auto line = compose(0, 0, true); line.size() <= room) return line;  // then the bar
  const auto line = compose(0, 0, false);  // the ETA last; what still does not fit is cut
  return line.size() <= room ? line : line.substr(0, room);
}

void ProgressPrinter::show(const Progress& p) {
  if (quiet_) return;
  if (p.stage == ProgressStage::Vocab) {
    std::fprintf(stderr, "vocab: %s tokens read in %.1fs (%s tokens/s)\n", rate(static_cast<double>(p.done)).c_str(),
                 p.elapsed_sec, rate(p.units_per_sec).c_str());
    return;
  }
  // Counting and rewriting: only progress through the corpus means something.
  if (p.stage == ProgressStage::Cooccur || p.stage == ProgressStage::Phrases) {
    if (!p.finished && (terminal_ || std::chrono::duration<double>(std::chrono::steady_clock::now() - last_).count() < interval_)) return;
    last_ = std::chrono::steady_clock::now();
    const std::string pass = p.stage == ProgressStage::Phrases ? fmt::format(" pass {}/{}", p.epoch, p.epochs) : "";
    std::fprintf(stderr, "%s%s: %5.1f%% of the corpus, %s bytes/s, elapsed %s%s\n", stage_name(p.stage), pass.c_str(),
                 100.0 * p.fraction, rate(p.units_per_sec).c_str(), duration(p.elapsed_sec).c_str(), p.finished ? "  done" : "");
    return;
  }
  if (terminal_) {
    std::fprintf(stderr, "\r%s\033[K", bar_line(p, columns()).c_str());
    if (p.finished) std::fputc('\n', stderr);
    std::fflush(stderr);
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (!p.finished && !first_ && std::chrono::duration<double>(now - last_).count() < interval_) return;
  first_ = false;
  last_ = now;
  const std::string stats = p.stage == ProgressStage::Embed
      ? fmt::format("{} {}  {}/{} docs", rate(p.units_per_sec), unit_of(p), p.done, p.total)
      : fmt::format("{} {}  lr {:.6f}  loss {:.4f}  epoch {}/{}", rate(p.units_per_sec), unit_of(p), p.learning_rate,
                  p.loss, p.epoch, p.epochs);
  const std::string scores = p.scores.empty() ? "" : "  " + scores_text(p);
  std::fprintf(stderr, "%s: %5.1f%%  %s  elapsed %s  %s%s\n", stage_name(p.stage), 100.0 * p.fraction, stats.c_str(),
               duration(p.elapsed_sec).c_str(),
               p.finished ? "done" : fmt::format("ETA {}", duration(p.eta_sec)).c_str(), scores.c_str());
  std::fflush(stderr);
}

}  // namespace wordvec::cli
