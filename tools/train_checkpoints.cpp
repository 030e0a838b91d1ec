#include "train_checkpoints.hpp"

#include <string_view>

namespace wordvec::cli {

void add_checkpoint_options(po::options_description& opts, CheckpointOptions& out) {
  opts.add_options()
      ("checkpoint", po::value<std::string>()->notifier([&out](const std::string& v) { out.checkpoint = v; }), "write the full training state to FILE (atomically) as it goes; with --deterministic at round ends and once more when stopped by SIGINT/SIGTERM (exact resume), without it at epoch ends only; 'wordvec train --resume FILE' continues it")
      ("checkpoint-every", po::value(&out.every)->default_value("epoch"), "when --checkpoint writes: epoch, N% of the run, or a time (90s, 10m, 2h)")
      ("save-model", po::value<std::string>()->notifier([&out](const std::string& v) { out.save_model = v; }), "also write the full model (vectors + output matrix, counts, options, loop state: a native file every reader reads as vectors) to FILE at the end")
      ("resume", po::value<std::string>()->notifier([&out](const std::string& v) { out.resume = v; }), "continue the run a --checkpoint FILE was written by (alone: its command line is reused; other options given must match it)");
}

void add_warm_start_options(po::options_description& opts, CheckpointOptions& out) {
  opts.add_options()
      ("init-from", po::value<std::string>()->notifier([&out](const std::string& v) { out.init_from = v; }), "start from pretrained vectors in FILE (any format we read; a fastText .bin with the same --minn/--maxn/--bucket also gives its n-gram rows): words it holds start from its vectors, the others random; --dim must match")
      ("continue", po::value<std::string>()->notifier([&out](const std::string& v) { out.continue_from = v; }), "continue the full model FILE (written by --save-model; negative sampling) on this corpus: its words keep their rows, words seen --min-count times here are added, counts are summed (sampling tables follow them); the learning rate decays from --lr over --epochs as in a fresh run. --model, --dim, n-gram and tokenizer options must be the model's");
}

namespace {
// Options whose value may change between a run and its resumption, with whether they take a value.
bool changeable(std::string_view a, bool& takes_value) {
  takes_value = a == "--threads" || a == "--resume";
  return takes_value || a == "--quiet" || a == "-q" || a.rfind("--threads=", 0) == 0 || a.rfind("--resume=", 0) == 0;
}
}  // namespace

void keep_command_line(int argc, char** argv, CheckpointOptions& out) {
  out.args.clear();
  for (int i = 1; i < argc; ++i) {
    bool takes_value = false;
    if (changeable(argv[i], takes_value)) {
      if (takes_value) ++i;
      continue;
    }
    out.args.emplace_back(argv[i]);
  }
}

std::vector<char*> resume_command_line(int argc, char** argv, std::vector<std::string>& storage) {
  std::vector<char*> out(argv, argv + argc);
  std::string resume;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--input" || a == "-i" || a.rfind("--input=", 0) == 0 || a == "--help" || a == "-h") return out;
    if (a == "--resume" && i + 1 < argc) resume = argv[i + 1];
    if (a.rfind("--resume=", 0) == 0) resume = std::string(a.substr(9));
  }
  if (resume.empty()) return out;
  const auto stored = checkpoint_args(resume);
  if (stored.empty()) return out;  // not a checkpoint of ours: the parser says what is missing
  storage.assign(1, argv[0]);
  storage.insert(storage.end(), stored.begin(), stored.end());
  for (int i = 1; i < argc; ++i) storage.emplace_back(argv[i]);
  out.clear();
  for (auto& s : storage) out.push_back(s.data());
  return out;
}

}  // namespace wordvec::cli
