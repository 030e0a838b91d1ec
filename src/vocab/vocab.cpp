#include "wordvec/vocab/vocab.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/core/utf8.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "corpus/shard_reader.hpp"
#include "text/token_reader.hpp"

namespace wordvec {

void VocabOptions::validate() const {
  require_option(min_count >= 1, "min-count", "a count >= 1", min_count);
  require_option(threads >= 1, "threads", "at least 1 thread", threads);
}

std::int32_t Vocab::add(std::string_view word, std::uint64_t count) {
  const auto before = table_.size();
  const auto id = table_.insert(word);
  if (table_.size() == before) throw FormatError(fmt::format("duplicate word '{}' in vocabulary", word));
  counts_.push_back(count);
  total_ += count;
  return id;
}

void Vocab::truncate(std::size_t n) {
  if (n >= size()) return;
  Vocab kept;
  kept.table_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) kept.add(word(i), count(i));
  *this = std::move(kept);
}

void WordCounts::merge(const WordCounts& other) {
  for (std::size_t i = 0; i < other.words.size(); ++i) {
    const auto before = words.size();
    const auto id = static_cast<std::size_t>(words.insert(other.words.key(i)));
    if (words.size() != before) {
      counts.push_back(0);
      first.push_back(other.first[i]);
    }
    counts[id] += other.counts[i];
  }
  tokens += other.tokens;
  lines += other.lines;
}

namespace {

template <typename Reader>
void count_lines(Reader& reader, std::uint64_t begin, WordCounts& out) {
  while (reader.next_line([&](std::string_view token) {
    const auto before = out.words.size();
    const auto id = static_cast<std::size_t>(out.words.insert(token));
    if (out.words.size() != before) {
      out.counts.push_back(0);
      out.first.push_back(begin + reader.consumed());
    }
    ++out.counts[id];
    ++out.tokens;
  })) {
    ++out.lines;
  }
}

void count_shard(const Corpus& corpus, const Tokenizer* tokenizer, int index, int count, WordCounts& out) {
  const auto [begin, end] = corpus.shard(index, count);
  with_token_reader(corpus.text_path(), begin, end, tokenizer,
                    [&](auto& reader) { count_lines(reader, corpus.position_base() + begin, out); });
}

// Stanford vocab_count's tie-break (its scmp): bytes compared as (signed) chars up to the first
// difference, the end of a word counting as 0, so "ab" < "abc" but "abé" < "ab".
bool stanford_less(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  std::size_t i = 0;
  while (i < n && a[i] == b[i]) ++i;
  const int ca = i < a.size() ? static_cast<signed char>(a[i]) : 0;
  const int cb = i < b.size() ? static_cast<signed char>(b[i]) : 0;
  return ca < cb;
}

// Every distinct word is checked once, after counting: a cost per word of the vocabulary, not per token.
// Marks the invalid ones in `invalid` (left out) or throws for the first one in the file (Error).
void check_utf8(const Corpus& corpus, const WordCounts& all, InvalidUtf8 policy, std::vector<char>& invalid) {
  invalid.assign(all.words.size(), 0);
  std::uint64_t first = UINT64_MAX;
  std::size_t first_id = 0, first_at = 0;
  for (std::size_t i = 0; i < all.words.size(); ++i) {
    const auto at = invalid_utf8_offset(all.words.key(i));
    if (at == std::string_view::npos) continue;
    invalid[i] = 1;
    if (all.first[i] < first) first = all.first[i], first_id = i, first_at = at;
  }
  if (policy == InvalidUtf8::Error && first != UINT64_MAX)
    throw FormatError(fmt::format("{}: line {}, byte {}: the word '{}' is not valid UTF-8 (byte {} of the word); "
                                  "--invalid-utf8 skip leaves such lines out, --invalid-utf8 replace puts U+FFFD in "
                                  "place of each invalid sequence",
                                  corpus.name(), corpus.line_at(first), first + first_at,
                                  printable_word(all.words.key(first_id)), first_at + 1));
}

bool any_invalid_utf8(const WordCounts& all) {
  for (std::size_t i = 0; i < all.words.size(); ++i)
    if (invalid_utf8_offset(all.words.key(i)) != std::string_view::npos) return true;
  return false;
}

}  // namespace

WordCounts count_words_repairing(Corpus& corpus, const VocabOptions& options, Utf8Repair* repair) {
  if (corpus.starts_with_bom() && options.notice) options.notice(bom_note(corpus.name()));
  WordCounts all = count_words(corpus, options);
  // Checking the distinct words costs nothing per token; only a corpus that holds invalid text is read again.
  if (options.invalid_utf8 == InvalidUtf8::Error || !any_invalid_utf8(all)) return all;
  const Utf8Repair done = corpus.repair_utf8(options.invalid_utf8);
  if (repair) *repair = done;
  if (options.notice) {
    if (options.invalid_utf8 == InvalidUtf8::Skip)
      options.notice(fmt::format("{}: left out {} line{} that {} not valid UTF-8 (the first is line {})", corpus.name(),
                                 done.lines, done.lines == 1 ? "" : "s", done.lines == 1 ? "is" : "are",
                                 done.first_line));
    else
      options.notice(fmt::format("{}: replaced {} invalid UTF-8 sequence{} by U+FFFD on {} line{} (the first is line {})",
                                 corpus.name(), done.sequences, done.sequences == 1 ? "" : "s", done.lines,
                                 done.lines == 1 ? "" : "s", done.first_line));
  }
  return count_words(corpus, options);
}

WordCounts count_words(const Corpus& corpus, const VocabOptions& options) {
  options.validate();
  const int threads = static_cast<int>(std::max<std::uint64_t>(
      1, std::min<std::uint64_t>(static_cast<std::uint64_t>(options.threads), corpus.size_bytes() / 4096 + 1)));
  std::vector<WordCounts> shards(static_cast<std::size_t>(threads));
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));

#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    try {
      count_shard(corpus, options.tokenizer.get(), t, threads, shards[static_cast<std::size_t>(t)]);
    } catch (...) {
      errors[static_cast<std::size_t>(t)] = std::current_exception();
    }
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);

  // Merge the shards into the first one.
  WordCounts& all = shards[0];
  for (std::size_t s = 1; s < shards.size(); ++s) {
    all.merge(shards[s]);
    shards[s] = WordCounts{};
  }
  return std::move(all);
}

Vocab cut_vocab(const WordCounts& all, const VocabOptions& options, const Corpus& corpus, VocabStats* stats) {
  std::vector<char> invalid;
  check_utf8(corpus, all, options.invalid_utf8, invalid);
  std::vector<std::uint32_t> order;
  for (std::size_t i = 0; i < all.words.size(); ++i)
    if (all.counts[i] >= options.min_count && !invalid[i]) order.push_back(static_cast<std::uint32_t>(i));
  const bool by_bytes = options.ties == VocabTies::Bytes;
  // Words first seen at the same offset (one line, with a tokenizer) keep their order in the line,
  // which is their insertion order however the corpus was split: the order is the same for any
  // number of threads or processes.
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (all.counts[a] != all.counts[b]) return all.counts[a] > all.counts[b];
    if (by_bytes) return stanford_less(all.words.key(a), all.words.key(b));
    if (all.first[a] != all.first[b]) return all.first[a] < all.first[b];
    return a < b;
  });
  if (options.max_vocab > 0 && order.size() > options.max_vocab) order.resize(options.max_vocab);
  if (order.empty())
    throw DataError(fmt::format("{}: no word occurs at least {} times (min-count); {} tokens, {} distinct words",
                                corpus.name(), options.min_count, all.tokens, all.words.size()));

  Vocab vocab;
  for (const auto id : order) vocab.add(all.words.key(id), all.counts[id]);
  if (stats) {
    stats->tokens = all.tokens;
    stats->distinct = all.words.size();
    stats->kept_tokens = vocab.total_count();
    stats->lines = all.lines;
  }
  return vocab;
}

Vocab build_vocab(Corpus& corpus, const VocabOptions& options, VocabStats* stats,
                  const ProgressCallback& progress) {
  const auto start = std::chrono::steady_clock::now();
  Utf8Repair repair;
  const WordCounts all = count_words_repairing(corpus, options, &repair);
  Vocab vocab = cut_vocab(all, options, corpus, stats);
  if (stats) stats->invalid_utf8 = repair;
  if (progress) {
    Progress p;
    p.stage = ProgressStage::Vocab;
    p.fraction = 1.0;
    p.done = all.tokens;
    p.total = all.tokens;
    p.elapsed_sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    p.units_per_sec = p.elapsed_sec > 0 ? static_cast<double>(all.tokens) / p.elapsed_sec : 0.0;
    p.finished = true;
    progress(p);
  }
  return vocab;
}

}  // namespace wordvec
