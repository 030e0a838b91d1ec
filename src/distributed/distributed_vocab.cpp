#include "wordvec/distributed/distributed_vocab.hpp"

#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"

namespace wordvec {

namespace {

void put_u64(std::string& out, std::uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  out.append(b, 8);
}

// Reads the messages this file's own serialise() wrote; a short message is a bug or a broken
// transport, and says so rather than reading past the end.
class Reader {
 public:
  Reader(const std::string& bytes, int rank) : bytes_(bytes), rank_(rank) {}
  std::uint64_t u64() {
    need(8);
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes_[pos_ + i])) << (8 * i);
    pos_ += 8;
    return v;
  }
  std::string_view bytes(std::size_t n) {
    need(n);
    std::string_view v(bytes_.data() + pos_, n);
    pos_ += n;
    return v;
  }

 private:
  void need(std::size_t n) const {
    if (bytes_.size() - pos_ < n)
      throw FormatError(fmt::format("the word counts from rank {} end after {} bytes, expected more", rank_,
                                    bytes_.size()));
  }
  const std::string& bytes_;
  int rank_;
  std::size_t pos_ = 0;
};

std::string serialise(const WordCounts& counts) {
  std::string out;
  put_u64(out, counts.tokens);
  put_u64(out, counts.lines);
  put_u64(out, counts.words.size());
  for (std::size_t i = 0; i < counts.words.size(); ++i) {
    const auto& w = counts.words.key(i);
    put_u64(out, w.size());
    out += w;
    put_u64(out, counts.counts[i]);
    put_u64(out, counts.first[i]);
  }
  return out;
}

WordCounts deserialise(const std::string& bytes, int rank) {
  Reader in(bytes, rank);
  WordCounts counts;
  counts.tokens = in.u64();
  counts.lines = in.u64();
  const auto n = in.u64();
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto len = in.u64();
    counts.words.insert(in.bytes(static_cast<std::size_t>(len)));
    counts.counts.push_back(in.u64());
    counts.first.push_back(in.u64());
  }
  return counts;
}

std::string rank_file(const std::string& input, int rank) {
  std::string path = input;
  const std::string key = "{rank}";
  for (auto at = path.find(key); at != std::string::npos; at = path.find(key, at))
    path.replace(at, key.size(), std::to_string(rank));
  return path;
}

}  // namespace

Corpus open_rank_corpus(const std::string& input, Cluster& cluster, const CancellationToken& cancel) {
  if (input.find("{rank}") == std::string::npos) {
    Corpus corpus = Corpus::open(input, {}, cancel);
    corpus.restrict(cluster.rank(), cluster.size());
    return corpus;
  }
  Corpus corpus = Corpus::open(rank_file(input, cluster.rank()), {}, cancel);
  // Offsets of first occurrences count from the start of the whole corpus, the files in rank order.
  std::string size;
  for (int i = 0; i < 8; ++i) size += static_cast<char>((corpus.size_bytes() >> (8 * i)) & 0xFF);
  const auto sizes = cluster.allgather(size);
  std::uint64_t base = 0;
  for (int r = 0; r < cluster.rank(); ++r) base += Reader(sizes[static_cast<std::size_t>(r)], r).u64();
  corpus.set_position_base(base);
  return corpus;
}

Vocab build_vocab(Corpus& part, const VocabOptions& options, Cluster& cluster, VocabStats* stats,
                  const ProgressCallback& progress) {
  const auto start = std::chrono::steady_clock::now();
  Utf8Repair repair;  // of this rank's part
  const auto parts = cluster.allgather(serialise(count_words_repairing(part, options, &repair)));
  WordCounts all = deserialise(parts[0], 0);
  for (std::size_t r = 1; r < parts.size(); ++r) all.merge(deserialise(parts[r], static_cast<int>(r)));
  Vocab vocab = cut_vocab(all, options, part, stats);
  if (stats) stats->invalid_utf8 = repair;
  if (progress) {
    Progress p;
    p.stage = ProgressStage::Vocab;
    p.fraction = 1.0;
    p.done = p.total = all.tokens;
    p.elapsed_sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    p.units_per_sec = p.elapsed_sec > 0 ? static_cast<double>(all.tokens) / p.elapsed_sec : 0.0;
    p.finished = true;
    progress(p);
  }
  return vocab;
}

}  // namespace wordvec
