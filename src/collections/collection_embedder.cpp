#include "wordvec/collections/collection_embedder.hpp"

#include <omp.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "collections/digest.hpp"
#include "wordvec/core/cancel.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/io/format.hpp"

namespace wordvec {

namespace {

std::string tokenizer_record(const TokenizerOptions& t) {
  std::map<std::string, std::string> m;
  t.to_metadata(m);
  if (m.empty()) m["tokenizer"] = "whitespace";
  return nlohmann::json(m).dump();
}

TokenizerOptions tokenizer_from_record(const std::string& text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) throw FormatError(fmt::format("collection model: tokenizer record '{}' is not a JSON object", text));
  std::map<std::string, std::string> m;
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.value().is_string()) m[it.key()] = it.value().get<std::string>();
  if (m["tokenizer"] == "whitespace") m.erase("tokenizer");
  return TokenizerOptions::from_metadata(m);
}

void stat_file(const std::filesystem::path& p, std::uint64_t& size, std::int64_t& mtime) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) throw IoError(fmt::format("{}: cannot open the vector file", p.string()));
  size = static_cast<std::uint64_t>(st.st_size);
  mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

}  // namespace

TextEmbedder::TextEmbedder(const std::filesystem::path& vectors, const TextEmbedding& how, const CollectionModel* check) {
  record_.vectors = std::filesystem::absolute(vectors).lexically_normal().string();
  stat_file(vectors, record_.file_size, record_.file_mtime);
  // SHA-256 reads the whole file: skipped when a record says this very file (size and time) was used.
  if (check && check->file_size == record_.file_size && check->file_mtime == record_.file_mtime &&
      check->vectors == record_.vectors)
    record_.sha256 = check->sha256;
  else
    record_.sha256 = sha256_file(vectors);
  ReadOptions read;
  read.cancel = how.cancel;
  emb_ = std::make_shared<Embeddings>(read_embeddings(vectors, read));
  record_.dim = emb_->dim();
  const TokenizerOptions tokenizer = how.tokenizer ? *how.tokenizer : TokenizerOptions::from_metadata(emb_->metadata());
  record_.tokenizer = tokenizer_record(tokenizer);
  record_.sif_a = how.sif_a;
  record_.lowercase = how.lowercase;
  record_.normalize_words = how.normalize_words;
  SentenceEmbedderOptions o;
  o.sif_a = how.sif_a;
  o.remove_component = false;  // one document at a time: no shared component to remove
  o.lowercase = how.lowercase;
  o.normalize_words = how.normalize_words;
  o.tokenizer = make_tokenizer(tokenizer);
  o.validate();
  WordProbabilityFn probability;
  if (how.sif_a > 0) {
    if (!how.counts.empty()) {
      probability = probability_from_count_file(how.counts);
      record_.counts = std::filesystem::absolute(how.counts).string();
    } else if (emb_->vocab().total_count() > 0) {
      probability = probability_from_counts(emb_->vocab());
      record_.counts = "vocab";
    } else {
      probability = probability_from_rank(emb_->vocab());
      record_.counts = "rank";
    }
  }
  plain_mean_ = how.sif_a == 0 && !how.lowercase && !how.normalize_words && !emb_->subwords() &&
                (!o.tokenizer || o.tokenizer->is_whitespace());
  embedder_ = std::make_shared<SentenceEmbedder>(emb_->dim(), lookup_in(*emb_), probability, o);
  if (check && !check->same_embedding(record_))
    throw DataError(fmt::format("the collection was embedded with {}, not with {}", check->describe(), record_.describe()));
}

bool TextEmbedder::embed_plain_mean(std::string_view text, Eigen::Ref<Eigen::VectorXf> out) const {
  out.setZero();
  const Vocab& vocab = emb_->vocab();
  const Matrix& rows = emb_->vectors();
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
  std::size_t found = 0, i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t begin = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (begin == i) break;
    if (const auto id = vocab.find(text.substr(begin, i - begin)); id >= 0) {
      out += rows.row(id).transpose();
      ++found;
    }
  }
  if (found == 0) return false;
  out /= static_cast<float>(static_cast<double>(found));
  return true;
}

bool TextEmbedder::same_file_and_settings(const std::filesystem::path& vectors, const TextEmbedding& how,
                                          const CollectionModel& record) {
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
  stat_file(vectors, size, mtime);
  if (std::filesystem::absolute(vectors).lexically_normal().string() != record.vectors || size != record.file_size ||
      mtime != record.file_mtime)
    return false;
  if (how.tokenizer && tokenizer_record(*how.tokenizer) != record.tokenizer) return false;
  const std::string counts = how.counts.empty() ? std::string() : std::filesystem::absolute(how.counts).string();
  return how.sif_a == record.sif_a && how.lowercase == record.lowercase && how.normalize_words == record.normalize_words &&
         (how.sif_a == 0 || counts.empty() || counts == record.counts);
}

TextEmbedder TextEmbedder::from_record(const CollectionModel& model, const std::filesystem::path& vectors,
                                       const CancellationToken& cancel) {
  TextEmbedding how;
  how.cancel = cancel;
  how.tokenizer = tokenizer_from_record(model.tokenizer);
  how.sif_a = model.sif_a;
  if (model.sif_a > 0 && model.counts != "vocab" && model.counts != "rank") how.counts = model.counts;
  how.lowercase = model.lowercase;
  how.normalize_words = model.normalize_words;
  return TextEmbedder(vectors.empty() ? std::filesystem::path(model.vectors) : vectors, how, &model);
}

void EmbedCollectionOptions::validate() const {
  require_option(batch_size >= 1, "batch-size", "at least 1", batch_size);
  require_option(threads >= 1, "threads", "at least 1", threads);
}

namespace {

// Document ids -> their index, open addressing in one flat array (a node per id, as std::unordered_map
// makes, took a fifth of a rerun over 128k unchanged documents): each slot holds an index + 1 (0 =
// empty) and the top bits of its id's hash, compared before the id itself.
class IdTable {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  IdTable(const std::vector<Document>& docs, const std::vector<std::uint64_t>& hashes) : docs_(docs), hashes_(hashes) {
    std::size_t size = 16;
    while (size < 2 * docs.size()) size *= 2;
    slots_.assign(size, Slot{});
    mask_ = size - 1;
  }
  /// Adds document i unless its id is in already; true when added.
  bool insert(std::size_t i) {
    const std::uint64_t h = hashes_[i];
    for (std::size_t s = h & mask_;; s = (s + 1) & mask_) {
      Slot& slot = slots_[s];
      if (slot.index == 0) {
        slot = {static_cast<std::uint32_t>(i + 1), static_cast<std::uint32_t>(h >> 32)};
        return true;
      }
      if (slot.tag == static_cast<std::uint32_t>(h >> 32) && docs_[slot.index - 1].id == docs_[i].id) return false;
    }
  }
  /// The index of the document with this id, or npos.
  std::size_t find(std::string_view id) const {
    const std::uint64_t h = std::hash<std::string_view>{}(id);
    for (std::size_t s = h & mask_;; s = (s + 1) & mask_) {
      const Slot& slot = slots_[s];
      if (slot.index == 0) return npos;
      if (slot.tag == static_cast<std::uint32_t>(h >> 32) && docs_[slot.index - 1].id == id) return slot.index - 1;
    }
  }

 private:
  struct Slot {
    std::uint32_t index = 0;  // document index + 1; 0: empty
    std::uint32_t tag = 0;    // the hash's top 32 bits
  };
  const std::vector<Document>& docs_;
  const std::vector<std::uint64_t>& hashes_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

}  // namespace

EmbedPlan plan_embedding(const CollectionStore& store, std::int64_t collection, const std::vector<Document>& documents,
                         int threads) {
  require_option(threads >= 1, "threads", "at least 1", threads);
  EmbedPlan plan;
  const std::size_t n = documents.size();
  if (n >= UINT32_MAX) throw DataError(fmt::format("{} documents in one run: at most {}", n, UINT32_MAX - 1));
  plan.hashes.resize(n);
  std::vector<std::uint64_t> id_hashes(n);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1024) if (n >= 4096)
  for (std::size_t i = 0; i < n; ++i) {
    plan.hashes[i] = content_hash(documents[i].content);
    id_hashes[i] = std::hash<std::string_view>{}(documents[i].id);
  }
  // A repeated id: the last one wins. Walking backwards, the first insert of an id is its last row.
  IdTable last(documents, id_hashes);
  enum : char { Repeated, New, Same, Changed, NoVectorAgain };
  std::vector<char> state(n, Repeated);
  for (std::size_t i = n; i-- > 0;)
    if (last.insert(i)) state[i] = New;
  // The stored ids are looked up in the documents (one query, no copy of them), not the other way round.
  store.visit_hashes(collection, [&](std::string_view id, const ContentHash& h) {
    if (const std::size_t i = last.find(id); i != IdTable::npos) state[i] = plan.hashes[i] == h ? Same : Changed;
  });
  store.visit_unembedded(collection, [&](std::string_view id, const ContentHash& h) {
    if (const std::size_t i = last.find(id); i != IdTable::npos && state[i] == New && plan.hashes[i] == h)
      state[i] = NoVectorAgain;
  });
  for (std::size_t i = 0; i < n; ++i) {
    switch (state[i]) {
      case Same: ++plan.unchanged; break;
      case NoVectorAgain: ++plan.unchanged; ++plan.unembedded_before; break;
      case Changed: ++plan.replaced; plan.todo.push_back(i); break;
      case New: plan.todo.push_back(i); break;
      default: break;
    }
  }
  return plan;
}

namespace {

// Floats of document vectors embedded in one parallel region (64 MB): up to 167k documents of 100
// dimensions in one region, as OpenMP's threads spin for a while at the end of each region, against
// the SQLite writes that follow it (16k documents per region spent 8% of a run's CPU time there).
constexpr std::size_t kEmbedChunkFloats = std::size_t{1} << 24;

}  // namespace

EmbedCollectionStats embed_documents(CollectionStore& store, std::int64_t collection, const std::vector<Document>& documents,
                                     const EmbedPlan& plan, const TextEmbedder& embedder,
                                     const EmbedCollectionOptions& options, const ProblemFn& problem,
                                     const ProgressCallback& progress) {
  options.validate();
  EmbedCollectionStats stats;
  stats.documents = documents.size();
  stats.unchanged = plan.unchanged;
  stats.unembedded_before = plan.unembedded_before;
  stats.replaced = plan.replaced;
  const auto& todo = plan.todo;
  const auto& hashes = plan.hashes;
  const std::size_t dim = embedder.dim();
  const std::size_t per_chunk = std::max<std::size_t>(1, kEmbedChunkFloats / std::max<std::size_t>(1, dim));
  const std::size_t chunk = options.batch_size * std::max<std::size_t>(1, per_chunk / options.batch_size);
  const auto start = std::chrono::steady_clock::now();
  Matrix vectors;
  std::vector<char> ok;
  std::size_t done = 0;
  for (std::size_t c = 0; c < todo.size(); c += chunk) {
    options.cancel.throw_if_requested();
    const std::size_t m = std::min(chunk, todo.size() - c);
    vectors.resize(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(dim));
    ok.assign(m, 0);
#pragma omp parallel num_threads(options.threads)
    {
      Eigen::VectorXf v(static_cast<Eigen::Index>(dim));
#pragma omp for schedule(dynamic, 64)
      for (std::size_t k = 0; k < m; ++k) {
        ok[k] = embedder.embed(documents[todo[c + k]].content, v) ? 1 : 0;
        vectors.row(static_cast<Eigen::Index>(k)) = v.transpose();
      }
    }
    for (std::size_t b = 0; b < m; b += options.batch_size) {
      options.cancel.throw_if_requested();
      const std::size_t n = std::min(options.batch_size, m - b);
      const auto now = static_cast<std::int64_t>(std::time(nullptr));
      StoreTransaction tx(store);
      for (std::size_t k = b; k < b + n; ++k) {
        const std::size_t i = todo[c + k];
        const Document& d = documents[i];
        if (!ok[k]) {
          ++stats.unembedded;
          store.put_unembedded(collection, d.id, hashes[i]);
          problem({d.source, d.line, fmt::format("document '{}': no word of it has a vector; not stored", d.id)});
          continue;
        }
        StoredItem item;
        item.id = d.id;
        item.embedding = vectors.row(static_cast<Eigen::Index>(k)).data();
        item.dim = dim;
        if (options.store_content) item.content = d.content;
        item.hash = hashes[i];
        item.metadata = d.metadata;
        store.put(collection, item, now);
        ++stats.written;
      }
      tx.commit();
      ++stats.batches;
      done += n;
      if (progress) {
        Progress p;
        p.stage = ProgressStage::Embed;
        p.done = done;
        p.total = todo.size();
        p.fraction = static_cast<double>(done) / static_cast<double>(todo.size());
        p.elapsed_sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        p.units_per_sec = p.elapsed_sec > 0 ? static_cast<double>(done) / p.elapsed_sec : 0.0;
        p.eta_sec = p.units_per_sec > 0 ? static_cast<double>(todo.size() - done) / p.units_per_sec : 0.0;
        p.finished = done == todo.size();
        progress(p);
      }
    }
  }
  return stats;
}

}  // namespace wordvec
