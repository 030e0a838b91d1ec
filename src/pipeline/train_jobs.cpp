#include "wordvec/pipeline/train_jobs.hpp"

#include <chrono>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/distributed/distributed_vocab.hpp"
#include "wordvec/distributed/replica_checksum.hpp"
#include "wordvec/io/glove_cooccur_format.hpp"
#include "wordvec/io/vocab_file.hpp"

namespace wordvec {

Embeddings train_word2vec(const std::string& input, const VocabOptions& vocab_options, const Word2VecOptions& options,
                          const ProgressCallback& progress, TrainingSummary* summary,
                          const DistributedTraining& distributed) {
  vocab_options.validate();
  options.validate();
  Cluster* cluster = distributed.cluster && distributed.cluster->size() > 1 ? distributed.cluster : nullptr;
  if (cluster) distributed.sync.validate();
  const Corpus corpus = cluster ? open_rank_corpus(input, *cluster) : Corpus::open(input);
  VocabStats stats;
  const Vocab vocab = cluster ? build_vocab(corpus, vocab_options, *cluster, &stats, progress)
                              : build_vocab(corpus, vocab_options, &stats, progress);
  // Training reads the corpus as the vocabulary was counted.
  Word2VecOptions train_options = options;
  if (!train_options.tokenizer) train_options.tokenizer = vocab_options.tokenizer;
  Embeddings emb = train_word2vec(corpus, vocab, train_options, progress, summary, distributed);
  if (cluster) {
    const auto checksum = check_replicas_agree(emb, *cluster);
    if (distributed.stats) distributed.stats->checksum = checksum;
    emb.metadata["ranks"] = std::to_string(cluster->size());
    emb.metadata["corpus"] = input;
  }
  if (train_options.tokenizer) train_options.tokenizer->options().to_metadata(emb.metadata);
  emb.metadata["min_count"] = std::to_string(vocab_options.min_count);
  if (emb.subwords) {
    // The args a fastText .bin records; min_count and the token count are known only here.
    auto sv = std::const_pointer_cast<SubwordVectors>(emb.subwords);
    sv->args.min_count = static_cast<std::int32_t>(vocab_options.min_count);
    sv->ntokens = stats.tokens;
  }
  emb.metadata["corpus_tokens"] = std::to_string(stats.tokens);
  return emb;
}

Embeddings train_glove(const std::string& input, const VocabOptions& vocab_options, const GloveOptions& options,
                       const GloveFiles& files, const ProgressCallback& progress, GloveReport* report) {
  vocab_options.validate();
  options.validate();
  const auto start = std::chrono::steady_clock::now();
  GloveReport local;
  // The corpus is needed unless both the vocabulary and the counts come from files.
  std::optional<Corpus> corpus;
  if (files.vocab.empty() || files.cooccur.empty()) corpus.emplace(Corpus::open(input, options.temp_dir));
  Vocab vocab;
  if (!files.vocab.empty()) {
    vocab = read_vocab_file(files.vocab);
    local.vocab.kept_tokens = vocab.total_count();
  } else {
    vocab = build_vocab(*corpus, vocab_options, &local.vocab, progress);
  }
  if (!files.save_vocab.empty()) write_vocab_file(vocab, files.save_vocab);
  CooccurrenceRecords records;
  if (!files.cooccur.empty()) {
    records = read_glove_cooccurrences(files.cooccur, vocab.size());
  } else {
    CooccurrenceOptions co;
    co.window = options.window;
    co.threads = options.threads;
    co.memory_bytes = options.memory_bytes();
    co.temp_dir = options.temp_dir;
    co.tokenizer = vocab_options.tokenizer;
    records = count_cooccurrences(*corpus, vocab, co, &local.counting, progress);
  }
  if (!files.save_cooccur.empty()) write_glove_cooccurrences(records, files.save_cooccur);
  local.records = records.directed_size();
  local.count_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Embeddings emb = train_glove(records, vocab, options, progress, &local.training);
  if (corpus) emb.metadata["corpus"] = corpus->name();
  if (vocab_options.tokenizer) vocab_options.tokenizer->options().to_metadata(emb.metadata);
  if (files.vocab.empty()) {  // counted here, so the counts and the cut are known
    emb.metadata["corpus_tokens"] = std::to_string(local.vocab.tokens);
    emb.metadata["min_count"] = std::to_string(vocab_options.min_count);
  }
  if (report) *report = local;
  return emb;
}

}  // namespace wordvec
