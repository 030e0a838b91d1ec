#include "wordvec/phrases/phrase_corpus.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>
#include <system_error>

#include <fmt/format.h>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "corpus/shard_reader.hpp"
#include "text/token_reader.hpp"
#include "phrases/line_shards.hpp"

namespace wordvec {

namespace {

// Removes an intermediate file when the job ends, however it ends.
struct RemoveOnExit {
  std::filesystem::path path;
  ~RemoveOnExit() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove(path, ec);
  }
};

// Writes `corpus` with `model`'s phrases joined: threads rewrite chunks of the corpus in
// parallel and write them in order. Returns the number of phrases joined.
std::uint64_t rewrite(const Corpus& corpus, const PhraseModel& model, const std::filesystem::path& target, int threads,
                      const Tokenizer* tokenizer, const ProgressCallback& progress, int pass, int passes,
                      const CancellationToken& cancel) {
  AtomicFile out(target, cancel);
  const std::uint64_t chunks = std::clamp<std::uint64_t>(corpus.size_bytes() / (4u << 20) + 1,
                                                         static_cast<std::uint64_t>(threads), 1u << 16);
  const auto bounds = line_shards(corpus, static_cast<std::size_t>(chunks));
  std::vector<std::uint64_t> joined(static_cast<std::size_t>(threads), 0);
  std::exception_ptr error;
  std::uint64_t done_bytes = 0;
  const auto start = std::chrono::steady_clock::now();
#pragma omp parallel num_threads(threads)
  {
    const auto t = static_cast<std::size_t>(omp_get_thread_num());
    std::string text, line;
    std::vector<std::size_t> ends;
    std::vector<std::string_view> tokens;
#pragma omp for ordered schedule(static, 1)
    for (std::uint64_t c = 0; c < chunks; ++c) {
      std::uint64_t bytes = 0;
      try {
        text.clear();
        bytes = bounds[c + 1] - bounds[c];
        with_token_reader(corpus.text_path(), bounds[c], bounds[c + 1], tokenizer, [&](auto& reader) {
          for (;;) {
            line.clear();
            ends.clear();
            const bool more = reader.next_line([&](std::string_view tok) {
              line += tok;
              ends.push_back(line.size());
            });
            if (ends.empty()) break;
            tokens.clear();
            for (std::size_t k = 0, from = 0; k < ends.size(); from = ends[k++])
              tokens.emplace_back(line.data() + from, ends[k] - from);
            model.join(tokens, text, &joined[t]);
            if (!more) break;
          }
        });
      } catch (...) {
#pragma omp critical
        if (!error) error = std::current_exception();
      }
#pragma omp ordered
      {
        try {
          if (!error) out.write(text);
          done_bytes += bytes;
          if (progress && !error) {
            Progress p;
            p.stage = ProgressStage::Phrases;
            p.epoch = pass + 1;
            p.epochs = passes;
            p.done = done_bytes;
            p.total = corpus.size_bytes();
            p.fraction = static_cast<double>(done_bytes) / static_cast<double>(std::max<std::uint64_t>(1, p.total));
            p.elapsed_sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            p.units_per_sec = p.elapsed_sec > 0 ? static_cast<double>(done_bytes) / p.elapsed_sec : 0.0;
            p.finished = c + 1 == chunks;
            progress(p);
          }
        } catch (...) {
#pragma omp critical
          if (!error) error = std::current_exception();
        }
      }
    }
  }
  if (error) std::rethrow_exception(error);
  out.commit();
  std::uint64_t total = 0;
  for (const auto j : joined) total += j;
  return total;
}

}  // namespace

PhrasesReport make_phrases(const std::string& input, const std::filesystem::path& output,
                           const PhrasesOptions& options, const std::filesystem::path& save_phrases,
                           const ProgressCallback& progress) {
  options.validate();
  require_output_directory(output);
  if (!save_phrases.empty()) require_output_directory(save_phrases);
  const auto start = std::chrono::steady_clock::now();
  PhrasesReport report;
  std::optional<Corpus> corpus(Corpus::open(input, {}, options.cancel));
  RemoveOnExit previous;  // the intermediate corpus the current pass reads, if any
  std::string listing;
  for (int pass = 0; pass < options.passes; ++pass) {
    const PhraseModel model = PhraseModel::learn(*corpus, options, pass, progress);
    report.passes.push_back(model.stats());
    if (!save_phrases.empty())
      for (const auto& p : model.phrases()) listing += fmt::format("{}\t{:.6g}\t{}\n", p.phrase, p.score, p.count);
    const bool last = pass + 1 == options.passes;
    RemoveOnExit next;
    if (!last) next.path = output.string() + fmt::format(".pass{}.tmp", pass + 1);
    const auto target = last ? output : next.path;
    const Tokenizer* tokenizer = pass == 0 ? options.tokenizer.get() : nullptr;  // later passes read our rewrite
    report.joined.push_back(rewrite(*corpus, model, target, options.threads, tokenizer, progress, pass, options.passes,
                                   options.cancel));
    if (last) break;
    corpus.reset();
    corpus.emplace(Corpus::open(next.path.string(), {}, options.cancel));
    std::swap(previous.path, next.path);  // the old intermediate goes when `next` does
  }
  if (!save_phrases.empty()) {
    AtomicFile f(save_phrases, options.cancel);
    f.write(listing);
    f.commit();
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace wordvec
