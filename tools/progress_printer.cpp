#include "progress_printer.hpp"

#include <cstdio>
#include <string>

#include <fmt/format.h>

namespace wordvec::cli {

namespace {
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
}  // namespace

ProgressPrinter::ProgressPrinter(bool quiet, bool terminal, double interval_sec)
    : quiet_(quiet), terminal_(terminal), interval_(interval_sec), last_(std::chrono::steady_clock::now()) {}

ProgressCallback ProgressPrinter::callback() {
  if (quiet_) return {};
  return [this](const Progress& p) { show(p); };
}

void ProgressPrinter::show(const Progress& p) {
  if (quiet_) return;
  const auto unit = p.stage == ProgressStage::Train ? "words/s" : "units/s";
  if (p.stage == ProgressStage::Vocab) {
    std::fprintf(stderr, "vocab: %s tokens read in %.1fs (%s tokens/s)\n", rate(static_cast<double>(p.done)).c_str(),
                 p.elapsed_sec, rate(p.units_per_sec).c_str());
    return;
  }
  if (p.stage == ProgressStage::Cooccur) {  // counting: only progress through the corpus means something
    if (!p.finished && (terminal_ || std::chrono::duration<double>(std::chrono::steady_clock::now() - last_).count() < interval_)) return;
    last_ = std::chrono::steady_clock::now();
    std::fprintf(stderr, "cooccur: %5.1f%% of the corpus, %s bytes/s, elapsed %s%s\n", 100.0 * p.fraction,
                 rate(p.units_per_sec).c_str(), duration(p.elapsed_sec).c_str(), p.finished ? "  done" : "");
    return;
  }
  const std::string stats =
      fmt::format("{} {}  lr {:.6f}  loss {:.4f}  epoch {}/{}", rate(p.units_per_sec), unit, p.learning_rate, p.loss,
                  p.epoch, p.epochs);
  if (terminal_) {
    constexpr int width = 30;
    const int filled = static_cast<int>(p.fraction * width + 0.5);
    const std::string bar = std::string(static_cast<std::size_t>(filled), '=') +
                            std::string(static_cast<std::size_t>(width - filled), ' ');
    const std::string time = p.finished ? fmt::format("done in {}", duration(p.elapsed_sec))
                                        : fmt::format("ETA {}", duration(p.eta_sec));
    std::fprintf(stderr, "\r%s [%s] %5.1f%%  %s  %s\033[K", stage_name(p.stage), bar.c_str(), 100.0 * p.fraction,
                 stats.c_str(), time.c_str());
    if (p.finished) std::fputc('\n', stderr);
    std::fflush(stderr);
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (!p.finished && !first_ && std::chrono::duration<double>(now - last_).count() < interval_) return;
  first_ = false;
  last_ = now;
  std::fprintf(stderr, "%s: %5.1f%%  %s  elapsed %s  %s\n", stage_name(p.stage), 100.0 * p.fraction, stats.c_str(),
               duration(p.elapsed_sec).c_str(),
               p.finished ? "done" : fmt::format("ETA {}", duration(p.eta_sec)).c_str());
  std::fflush(stderr);
}

}  // namespace wordvec::cli
