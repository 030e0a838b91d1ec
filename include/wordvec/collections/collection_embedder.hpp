#pragma once
// Documents into a collection: each one's sentence vector (mean or SIF weights over a word-vector
// model), written in batched transactions, unchanged documents skipped.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wordvec/collections/collection_store.hpp"
#include "wordvec/collections/document_reader.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/core/progress.hpp"
#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/explore/sentence_embedder.hpp"
#include "wordvec/text/tokenizer.hpp"

namespace wordvec {

/// How a word-vector model turns text into one vector; what a collection records.
struct TextEmbedding {
  std::optional<TokenizerOptions> tokenizer;  ///< how text splits into words; none: as the vector file records
  double sif_a = 0.0;                   ///< 0: the plain mean; > 0: SIF weights a/(a+p(w)) (no component removal)
  std::filesystem::path counts;         ///< with SIF: "word count" lines for p(w); empty: the file's counts, else rank
  bool lowercase = false;               ///< look words up in lower case
  bool normalize_words = false;         ///< scale word vectors to unit length first
  CancellationToken cancel;             ///< loading the vector file stops with Cancelled once set (default: never)
};

/// A loaded model ready to embed text, with the record a collection keeps of it.
class TextEmbedder {
 public:
  /// Loads `vectors` and sets up the embedder; `check_against` (optional) is a collection's record:
  /// when the file's size and time differ from it, its SHA-256 must match, else DataError names both.
  TextEmbedder(const std::filesystem::path& vectors, const TextEmbedding& how, const CollectionModel* check_against = nullptr);
  /// The model a collection recorded, loaded with the settings it recorded from its file, or from
  /// `vectors` when given: either must hold the same vectors (else DataError names both).
  /// `cancel` stops the loading as TextEmbedding::cancel does.
  static TextEmbedder from_record(const CollectionModel& model, const std::filesystem::path& vectors = {},
                                  const CancellationToken& cancel = {});

  /// The vector of `text` into `out` (sized dim); false when no word of it has a vector.
  bool embed(std::string_view text, Eigen::Ref<Eigen::VectorXf> out) const {
    return plain_mean_ ? embed_plain_mean(text, out) : embedder_->embed_line(text, out);
  }
  /// True when `record` says `vectors` (same path, size and modification time) with these settings made
  /// it: then a run with nothing to write need not load the file to know the model is the same.
  static bool same_file_and_settings(const std::filesystem::path& vectors, const TextEmbedding& how,
                                     const CollectionModel& record);
  /// Vector size.
  std::size_t dim() const { return emb_->dim(); }
  /// What a collection records of this model.
  const CollectionModel& record() const { return record_; }
  /// The word vectors.
  const Embeddings& embeddings() const { return *emb_; }
  /// Where SIF's p(w) came from: "vocab" (the file's counts), "rank" (Zipf's law) or the count file.
  const std::string& probability_source() const { return record_.counts; }

 private:
  // The plain mean over white-space words of a model without subwords, adding the vocabulary's rows
  // in place (SentenceEmbedder copies each word's vector first); the same floats, added in the same order.
  bool embed_plain_mean(std::string_view text, Eigen::Ref<Eigen::VectorXf> out) const;
  std::shared_ptr<Embeddings> emb_;
  std::shared_ptr<SentenceEmbedder> embedder_;
  bool plain_mean_ = false;
  CollectionModel record_;
};

/// How documents are written.
struct EmbedCollectionOptions {
  std::size_t batch_size = 50000;  ///< documents per transaction (a larger one rewrites the index pages less often:
                                  ///< 10,000 wrote 29% more pages and spent ~10% more CPU time on 128k documents)
  bool store_content = false;     ///< keep each document's text in the content column (llm --store)
  int threads = 1;                ///< embedding threads
  CancellationToken cancel;       ///< stops between batches with Cancelled once set (default: never)
  /// Throws OptionError naming the first bad value.
  void validate() const;
};

/// What embedding a set of documents did.
struct EmbedCollectionStats {
  std::size_t documents = 0;   ///< documents given
  std::size_t written = 0;     ///< new or changed, written
  std::size_t replaced = 0;    ///< of those, replacing an item whose content changed
  std::size_t unchanged = 0;   ///< same id and content hash: skipped, not rewritten
  std::size_t unembedded_before = 0;  ///< of those, documents that had no word with a vector last time either
  std::size_t unembedded = 0;  ///< no word with a vector: reported, not stored
  std::size_t batches = 0;     ///< transactions committed
};

/// Which documents need writing: new ids, or stored ids whose content hash changed (a repeated id: the last).
/// A document recorded as having no word with a vector, with the same content hash, is unchanged too.
struct EmbedPlan {
  std::vector<std::size_t> todo;    ///< indexes into the documents
  std::vector<ContentHash> hashes;  ///< MD5 of every document's content
  std::size_t unchanged = 0;        ///< skipped: same id and content hash
  std::size_t unembedded_before = 0;  ///< of those, documents without a word that has a vector (recorded so)
  std::size_t replaced = 0;         ///< of todo, ids stored with other content
};

/// Compares `documents` with what `collection` holds (their MD5 digests computed over `threads`).
EmbedPlan plan_embedding(const CollectionStore& store, std::int64_t collection, const std::vector<Document>& documents,
                         int threads = 1);

/// Embeds the documents of `plan` into `collection` (the others are skipped:
/// their id and content hash are stored already); the others are embedded (over options.threads) and written batch by batch, each batch one
/// transaction, so a killed run keeps every committed batch and a rerun does the rest. A document with
/// no word that has a vector goes to `problem` (which may throw to stop). Progress counts documents.
EmbedCollectionStats embed_documents(CollectionStore& store, std::int64_t collection, const std::vector<Document>& documents,
                                     const EmbedPlan& plan, const TextEmbedder& embedder, const EmbedCollectionOptions& options,
                                     const ProblemFn& problem, const ProgressCallback& progress = {});

}  // namespace wordvec
