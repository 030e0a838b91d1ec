#include "train_monitor.hpp"

#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "json.hpp"
#include "outputs.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/spelling.hpp"

namespace wordvec::cli {

namespace {

std::string scores_json(const std::vector<EvalScore>& scores) {
  std::string out = "[";
  for (const auto& s : scores)
    out += fmt::format("{}{{\"file\":{},\"metric\":{},\"value\":{}}}", out.size() > 1 ? "," : "", json_string(s.name),
                       json_string(s.metric), json_number(s.value));
  return out + "]";
}

std::string score_text(const EvalScore& s) {
  return s.metric == "accuracy" ? fmt::format("{} {:.2f}%", s.name, 100.0 * s.value) : fmt::format("{} {:.3f}", s.name, s.value);
}

}  // namespace

void add_monitor_options(po::options_description& opts, EpochEvaluation& e, MonitorFlags& flags) {
  e.notice = notice_printer("train");
  opts.add_options()
      ("eval-analogies", po::value<std::vector<std::string>>()->multitoken()->notifier([&e](const std::vector<std::string>& v) { e.analogies.assign(v.begin(), v.end()); }), "after every epoch, the analogy accuracy on FILE... as 'wordvec eval --analogies' (3CosAdd, first --eval-restrict words, case-insensitive), on the progress line and in the summary")
      ("eval-similarity", po::value<std::vector<std::string>>()->multitoken()->notifier([&e](const std::vector<std::string>& v) { e.similarity.assign(v.begin(), v.end()); }), "after every epoch, the Spearman correlation on word-pair FILE... as 'wordvec eval --similarity' (first 300000 words)")
      ("eval-restrict", po::value(&e.analogy.restrict)->default_value(e.analogy.restrict), "per-epoch analogies: only questions within the N most frequent words, as 'wordvec eval --restrict'")
      ("early-stop", po::value(&e.early_stop)->default_value(e.early_stop), "stop when the first per-epoch score (the first analogy file's, else the first word-pair file's) has not improved for N epochs, and write the best epoch's vectors (0 = off)")
      ("progress", po::value(&flags.progress)->default_value(flags.progress), "text (a bar on a terminal, lines otherwise) or json (one object per report: stage, epoch, progress, words/s, lr, loss, eval scores; then a summary object)")
      ("progress-file", po::value(&flags.progress_file), "with --progress json: write the objects to FILE (as they come, not atomically) instead of standard error");
}

TrainMonitor::TrainMonitor(const MonitorFlags& flags, bool quiet, bool terminal)
    : quiet_(quiet), printer_(quiet || flags.progress == "json", terminal) {
  parse_choice("progress", flags.progress, {"text", "json"});
  if (!flags.progress_file.empty() && flags.progress != "json")
    throw OptionError("option --progress-file: needs --progress json");
  if (flags.progress != "json") return;
  if (flags.progress_file.empty()) {
    json_ = stderr;
    return;
  }
  json_ = std::fopen(flags.progress_file.c_str(), "w");
  if (!json_) throw IoError(fmt::format("{}: cannot write the progress file: {}", flags.progress_file, std::strerror(errno)));
  own_file_ = true;
}

TrainMonitor::~TrainMonitor() {
  if (own_file_) std::fclose(json_);
}

ProgressCallback TrainMonitor::callback() {
  if (!json_) return printer_.callback();
  return [this](const Progress& p) { json(p); };
}

void TrainMonitor::json(const Progress& p) {
  // Every report would be up to five a second: one a second, plus every change of stage, epoch or scores.
  const bool news = p.finished || static_cast<int>(p.stage) != last_stage_ || p.epoch != last_epoch_ ||
                    p.scores.size() != last_scores_ || p.elapsed_sec - last_sec_ >= 1.0;
  if (!news) return;
  last_sec_ = p.elapsed_sec;
  last_epoch_ = p.epoch;
  last_scores_ = p.scores.size();
  last_stage_ = static_cast<int>(p.stage);
  std::string line = fmt::format(
      "{{\"stage\":{},\"epoch\":{},\"epochs\":{},\"progress\":{},\"done\":{},\"total\":{},\"units_per_sec\":{},"
      "\"lr\":{},\"loss\":{},\"elapsed_sec\":{},\"eta_sec\":{},\"finished\":{}",
      json_string(stage_name(p.stage)), p.epoch, p.epochs, json_number(p.fraction), p.done, p.total,
      json_number(p.units_per_sec, 1), json_number(p.learning_rate, 8), json_number(p.loss), json_number(p.elapsed_sec, 3),
      json_number(p.eta_sec, 3), p.finished ? "true" : "false");
  if (!p.scores.empty()) {
    line += ",\"eval\":";
    line += scores_json(p.scores);
  }
  std::fprintf(json_, "%s}\n", line.c_str());
  std::fflush(json_);
}

void TrainMonitor::summary(const TrainingSummary& s, const Embeddings& emb) {
  const auto best = emb.metadata().find("best_epoch");
  if (json_) {
    std::string losses = "[", scores = "[";
    // Appended in two steps: GCC 12 misreads "literal" + std::string as an overlapping copy (-Wrestrict, bug 105329).
    for (const double l : s.epoch_loss) {
      if (losses.size() > 1) losses += ',';
      losses += json_number(l);
    }
    for (const auto& e : s.epoch_scores) {
      if (scores.size() > 1) scores += ',';
      scores += scores_json(e);
    }
    std::fprintf(json_, "{\"stage\":\"summary\",\"epochs_run\":%zu,\"stopped_early\":%s,\"best_epoch\":%s,"
                 "\"epoch_loss\":%s],\"eval\":%s],\"seconds\":%s}\n", s.epoch_loss.size(), s.stopped_early ? "true" : "false",
                 best == emb.metadata().end() ? "null" : best->second.c_str(), losses.c_str(), scores.c_str(),
                 json_number(s.seconds, 3).c_str());
    std::fflush(json_);
    return;
  }
  if (quiet_ || s.epoch_scores.empty()) return;
  for (std::size_t e = 0; e < s.epoch_loss.size(); ++e) {
    std::string line = fmt::format("epoch {}: loss {:.4f}", e + 1, s.epoch_loss[e]);
    if (e < s.epoch_scores.size())
      for (const auto& sc : s.epoch_scores[e]) {
        line += "  ";
        line += score_text(sc);
      }
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  if (s.stopped_early || best != emb.metadata().end())
    std::fprintf(stderr, "early stop after epoch %zu: wrote the vectors of epoch %s, the best\n", s.epoch_loss.size(),
                 best == emb.metadata().end() ? std::to_string(s.epoch_loss.size()).c_str() : best->second.c_str());
}

}  // namespace wordvec::cli
