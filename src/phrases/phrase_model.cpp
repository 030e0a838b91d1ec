#include "wordvec/phrases/phrase_model.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "wordvec/core/error.hpp"
#include "corpus/shard_reader.hpp"
#include "phrases/candidate_table.hpp"
#include "phrases/line_shards.hpp"
#include "text/token_reader.hpp"

namespace wordvec {

double phrase_score(PhraseScoring scoring, std::uint64_t count_a, std::uint64_t count_b, std::uint64_t count_ab,
                    std::uint64_t min_count, std::uint64_t tokens) {
  constexpr double kNever = -std::numeric_limits<double>::infinity();
  if (count_a == 0 || count_b == 0 || count_ab == 0 || tokens == 0) return kNever;
  const double a = static_cast<double>(count_a), b = static_cast<double>(count_b);
  const double ab = static_cast<double>(count_ab), n = static_cast<double>(tokens);
  if (scoring == PhraseScoring::Word2Vec) return (ab - static_cast<double>(min_count)) / a / b * n;
  if (count_ab < min_count) return kNever;
  const double p_ab = ab / n;
  // A phrase that is the whole corpus has -log(p_ab) = 0: perfectly associated.
  if (p_ab >= 1.0) return 1.0;
  return std::log(p_ab / ((a / n) * (b / n))) / -std::log(p_ab);
}

namespace {

// gensim lets any number of connector words sit inside a phrase; past this many the candidate
// is dropped (counting and joining alike), which keeps keys short.
constexpr int kMaxConnectors = CandidateKey::kMaxIds - 2;

}  // namespace

struct PhraseModel::Impl {
  PhrasesOptions options;
  double threshold = 0.0;
  Vocab vocab;
  std::vector<std::uint8_t> connector;  // by vocabulary id: 1 for connector words
  std::unordered_map<std::string_view, std::int32_t> rare_connectors;  // connectors not in the vocabulary: id V + k
  CandidateTable counts;
  PhraseCountStats stats;

  // A token's id (-1: too rare for any phrase) and whether it is a connector word. Connectors in
  // the vocabulary keep their vocabulary id, the others get vocab.size() + their index.
  std::int32_t classify(std::string_view token, bool& is_connector) const {
    const std::int32_t id = vocab.find(token);
    if (id >= 0) {
      is_connector = !connector.empty() && connector[static_cast<std::size_t>(id)];
      return id;
    }
    if (!rare_connectors.empty()) {
      const auto it = rare_connectors.find(token);
      if (it != rare_connectors.end()) {
        is_connector = true;
        return it->second;
      }
    }
    is_connector = false;
    return -1;
  }

  double score(const CandidateKey& key) const {
    const auto a = static_cast<std::size_t>(key.ids[0]), b = static_cast<std::size_t>(key.ids[key.size - 1]);
    return phrase_score(options.scoring, vocab.count(a), vocab.count(b), counts.count(key), options.min_count,
                        stats.tokens);
  }

  // Words of a key, joined by the delimiter.
  std::string spell(const CandidateKey& key) const {
    std::string out;
    const auto v = static_cast<std::int32_t>(vocab.size());
    for (int i = 0; i < key.size; ++i) {
      const std::int32_t id = key.ids[i];
      if (i) out += options.delimiter;
      out += id < v ? std::string(vocab.word(static_cast<std::size_t>(id)))
                    : options.connector_words[static_cast<std::size_t>(id - v)];
    }
    return out;
  }
};

namespace {

// Counts the candidates of one shard, streaming token by token, as gensim's Phrases does.
struct CandidateCounter {
  const PhraseModel::Impl& m;
  CandidateTable& counts;
  std::uint64_t cap;
  std::uint64_t min_reduce = 1;
  std::uint64_t pruned = 0;
  bool open = false;   // a candidate is started
  CandidateKey key;    // its first word (-1: a rare word, which starts nothing that counts) and connectors

  CandidateCounter(const PhraseModel::Impl& model, CandidateTable& table, std::uint64_t limit)
      : m(model), counts(table), cap(limit), key() {}

  void end_line() { open = false; }
  void token(std::string_view t) {
    bool is_connector;
    const std::int32_t id = m.classify(t, is_connector);
    if (is_connector) {
      if (!open) return;
      if (key.size - 1 >= kMaxConnectors) {
        open = false;
        return;
      }
      key.push(id);
      return;
    }
    if (open && key.ids[0] >= 0 && id >= 0) {
      key.push(id);
      counts.add(key);
      if (counts.size() > cap) pruned += counts.prune(++min_reduce);
    }
    open = true;
    key.clear();
    key.push(id);
  }
};

std::size_t chunk_count(const Corpus& corpus, int threads) {
  const std::uint64_t chunks = corpus.size_bytes() / (4u << 20) + 1;
  return static_cast<std::size_t>(std::clamp<std::uint64_t>(chunks, static_cast<std::uint64_t>(threads), 4096));
}

}  // namespace

PhraseModel::PhraseModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PhraseModel::~PhraseModel() = default;
PhraseModel::PhraseModel(PhraseModel&&) noexcept = default;
PhraseModel& PhraseModel::operator=(PhraseModel&&) noexcept = default;

const PhraseCountStats& PhraseModel::stats() const { return impl_->stats; }
double PhraseModel::threshold() const { return impl_->threshold; }

PhraseModel PhraseModel::learn(Corpus& corpus, const PhrasesOptions& options, int pass,
                               const ProgressCallback& progress) {
  options.validate();
  auto m = std::make_unique<Impl>();
  m->options = options;
  m->threshold = options.threshold_for(pass);
  VocabOptions vo;
  vo.min_count = options.min_count;
  vo.threads = options.threads;
  // Only the first pass reads the user's text; later ones read its rewrite (tokens and spaces).
  const Tokenizer* tokenizer = pass == 0 ? options.tokenizer.get() : nullptr;
  if (pass == 0) vo.tokenizer = options.tokenizer;
  vo.invalid_utf8 = options.invalid_utf8;
  vo.notice = options.notice;
  VocabStats vs;
  m->vocab = build_vocab(corpus, vo, &vs, progress);
  m->stats.tokens = vs.tokens;
  m->stats.words = m->vocab.size();
  for (std::size_t k = 0; k < m->options.connector_words.size(); ++k) {
    const std::string& w = m->options.connector_words[k];
    const auto id = m->vocab.find(w);
    if (id >= 0) {
      m->connector.resize(m->vocab.size(), 0);
      m->connector[static_cast<std::size_t>(id)] = 1;
    } else {
      m->rare_connectors.emplace(w, static_cast<std::int32_t>(m->vocab.size() + k));
    }
  }

  const int threads = options.threads;
  const std::size_t chunks = chunk_count(corpus, threads);
  const auto bounds = line_shards(corpus, chunks);
  std::vector<CandidateTable> local(static_cast<std::size_t>(threads));
  std::vector<std::uint64_t> pruned(static_cast<std::size_t>(threads), 0);
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));
  const std::uint64_t cap = std::max<std::uint64_t>(1000, options.max_candidates / static_cast<std::uint64_t>(threads));
#pragma omp parallel num_threads(threads)
  {
    const auto t = static_cast<std::size_t>(omp_get_thread_num());
    try {
      CandidateCounter counter{*m, local[t], cap};
#pragma omp for schedule(dynamic, 1)
      for (std::size_t c = 0; c < chunks; ++c) {
        if (errors[t]) continue;
        with_token_reader(corpus.text_path(), bounds[c], bounds[c + 1], tokenizer, [&](auto& reader) {
          while (reader.next_line([&](std::string_view tok) { counter.token(tok); })) counter.end_line();
        });
        counter.end_line();
      }
      pruned[t] = counter.pruned;
    } catch (...) {
      errors[t] = std::current_exception();
    }
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);

  // Merge into the largest table; candidates under min_count can never be joined.
  std::sort(local.begin(), local.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  m->counts = std::move(local[0]);
  for (std::size_t t = 1; t < local.size(); ++t) {
    m->counts.merge(local[t]);
    local[t] = CandidateTable();
  }
  for (const auto p : pruned) m->stats.pruned += p;
  m->stats.pruned += m->counts.prune(options.min_count);
  for (std::uint64_t below = options.min_count + 1; m->counts.size() > options.max_candidates; ++below)
    m->stats.pruned += m->counts.prune(below);
  m->stats.candidates = m->counts.size();
  return PhraseModel(std::move(m));
}

void PhraseModel::join(const std::vector<std::string_view>& tokens, std::string& out, std::uint64_t* joined) const {
  const Impl& m = *impl_;
  const std::string& delim = m.options.delimiter;
  bool first = true;
  auto emit = [&](std::string_view t) {
    if (!first) out += ' ';
    first = false;
    out += t;
  };
  bool open = false;
  std::size_t start = 0;             // position of the candidate's first word
  std::vector<std::size_t> between;  // positions of the connectors after it
  CandidateKey key;                  // their ids
  auto dissolve = [&] {
    emit(tokens[start]);
    for (const auto p : between) emit(tokens[p]);
    open = false;
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    bool is_connector;
    const std::int32_t id = m.classify(tokens[i], is_connector);
    if (is_connector) {
      if (!open) {
        emit(tokens[i]);
      } else if (static_cast<int>(between.size()) >= kMaxConnectors) {
        dissolve();
        emit(tokens[i]);
      } else {
        between.push_back(i);
        key.push(id);
      }
      continue;
    }
    if (open) {
      if (key.ids[0] >= 0 && id >= 0) {
        key.push(id);
        if (m.score(key) > m.threshold) {
          emit(tokens[start]);
          for (const auto p : between) (out += delim) += tokens[p];
          (out += delim) += tokens[i];
          if (joined) ++*joined;
          open = false;
          between.clear();
          continue;
        }
      }
      dissolve();
    }
    open = true;
    start = i;
    between.clear();
    key.clear();
    key.push(id);
  }
  if (open) dissolve();
  out += '\n';
}

std::vector<ScoredPhrase> PhraseModel::phrases() const {
  const Impl& m = *impl_;
  std::vector<ScoredPhrase> out;
  m.counts.for_each([&](const CandidateKey& key, std::uint64_t n) {
    const double s = m.score(key);
    if (s > m.threshold) out.push_back({m.spell(key), s, n});
  });
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    return x.score != y.score ? x.score > y.score : x.phrase < y.phrase;
  });
  return out;
}

}  // namespace wordvec
