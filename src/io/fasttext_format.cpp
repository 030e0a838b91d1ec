#include "wordvec/io/fasttext_format.hpp"

#include <charconv>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/atomic_file.hpp"
#include "core/byte_cursor.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/mapped_file.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

namespace {

// fastText's numbers for -model and -loss in a .bin (index = code).
constexpr std::int32_t kModelSupervised = 3;
const char* const kModelNames[] = {"", "cbow", "skipgram", "supervised"};
const char* const kLossNames[] = {"", "hs", "ns", "softmax", "ova"};

// The code of `name` in `names` (1-based as fastText's), or `fallback` for another name.
template <std::size_t N>
std::int32_t code_of(const std::string& name, const char* const (&names)[N], std::int32_t fallback) {
  for (std::size_t i = 1; i < N; ++i)
    if (name == names[i]) return static_cast<std::int32_t>(i);
  return fallback;
}

std::int32_t loss_code(SupervisedLoss loss) {
  switch (loss) {
    case SupervisedLoss::HierarchicalSoftmax: return 1;
    case SupervisedLoss::NegativeSampling: return 2;
    case SupervisedLoss::Softmax: return 3;
    case SupervisedLoss::OneVsAll: return 4;
  }
  return 3;
}

// read_args has checked the code (1..4).
SupervisedLoss supervised_loss(std::int32_t code) {
  static const SupervisedLoss losses[] = {SupervisedLoss::Softmax, SupervisedLoss::HierarchicalSoftmax,
                                          SupervisedLoss::NegativeSampling, SupervisedLoss::Softmax,
                                          SupervisedLoss::OneVsAll};
  return losses[code];
}

FastTextArgs read_args(ByteCursor& in) {
  FastTextArgs a;
  a.dim = in.read<std::int32_t>("args.dim");
  a.ws = in.read<std::int32_t>("args.ws");
  a.epoch = in.read<std::int32_t>("args.epoch");
  a.min_count = in.read<std::int32_t>("args.minCount");
  a.neg = in.read<std::int32_t>("args.neg");
  a.word_ngrams = in.read<std::int32_t>("args.wordNgrams");
  a.loss = in.read<std::int32_t>("args.loss");
  a.model = in.read<std::int32_t>("args.model");
  a.bucket = in.read<std::int32_t>("args.bucket");
  a.minn = in.read<std::int32_t>("args.minn");
  a.maxn = in.read<std::int32_t>("args.maxn");
  a.lr_update_rate = in.read<std::int32_t>("args.lrUpdateRate");
  a.t = in.read<double>("args.t");
  const auto bad = [&](const char* field, std::int64_t v, const char* expected) {
    throw FormatError(fmt::format("{}: args.{}: expected {}, got {}", in.source(), field, expected, v));
  };
  if (a.dim < 1 || a.dim > 100000) bad("dim", a.dim, "1..100000");
  if (a.bucket < 0) bad("bucket", a.bucket, "a count >= 0");
  if (a.minn < 0 || a.maxn < 0 || a.maxn > 1000) bad("maxn", a.maxn, "0..1000 (and minn >= 0)");
  if (a.model < 1 || a.model > 3) bad("model", a.model, "1 (cbow), 2 (skipgram) or 3 (supervised)");
  if (a.loss < 1 || a.loss > 4) bad("loss", a.loss, "1..4");
  return a;
}

// Reads "m n" and checks that m x n floats of exactly `dim` columns fit in what is left.
MatrixBuffer read_matrix(ByteCursor& in, std::int32_t dim, const char* name) {
  const auto m = in.read<std::int64_t>(fmt::format("{} matrix rows", name));
  const auto n = in.read<std::int64_t>(fmt::format("{} matrix columns", name));
  if (n != dim)
    throw FormatError(fmt::format("{}: {} matrix: expected {} columns (args.dim), got {}", in.source(), name, dim, n));
  if (m < 0 || static_cast<std::uint64_t>(m) > in.remaining() / sizeof(float) / static_cast<std::uint64_t>(n))
    throw FormatError(fmt::format("{}: byte {}: {} matrix of {} x {} floats does not fit in the {} bytes left "
                                  "(truncated or not a fastText file)",
                                  in.source(), in.offset(), name, m, n, in.remaining()));
  MatrixBuffer rows(static_cast<std::size_t>(m), static_cast<std::size_t>(n));
  in.read_array(rows.data(), static_cast<std::size_t>(m * n), fmt::format("{} matrix", name));
  return rows;
}

// Skips a NUL-terminated string; the caller takes the bytes before the NUL.
void skip_cstring(ByteCursor& in, const char* what) {
  while (true) {
    const int c = in.peek();
    if (c < 0) in.fail(fmt::format("expected a NUL-terminated {}, found the end of the file", what));
    in.skip(1, what);
    if (c == 0) return;
  }
}

// A .bin as it is: args, words, labels and matrices (the part both readers share).
struct RawModel {
  FastTextArgs args;
  std::shared_ptr<SubwordVectors> sv;
  Vocab words, labels;
  int version = 0;
};

RawModel parse_raw(std::string_view bytes, const std::string& source) {
  ByteCursor in(bytes, source);
  const auto magic = in.read<std::int32_t>("magic number");
  if (magic != kFastTextMagic)
    throw FormatError(fmt::format("{}: expected fastText magic number {}, got {} (not a fastText .bin)", source,
                                  kFastTextMagic, magic));
  const auto version = in.read<std::int32_t>("version");
  if (version != 11 && version != 12)
    throw FormatError(fmt::format("{}: expected fastText file version 11 or 12, got {}", source, version));
  auto sv = std::make_shared<SubwordVectors>();
  const FastTextArgs a = read_args(in);
  // fastText: version-11 supervised models predate character n-grams.
  const int maxn = (version == 11 && a.model == kModelSupervised) ? 0 : a.maxn;

  const auto size = in.read<std::int32_t>("dictionary size");
  const auto nwords = in.read<std::int32_t>("dictionary nwords");
  const auto nlabels = in.read<std::int32_t>("dictionary nlabels");
  sv->ntokens = static_cast<std::uint64_t>(in.read<std::int64_t>("dictionary ntokens"));
  const auto prune_size = in.read<std::int64_t>("dictionary pruneidx_size");
  // Each entry takes at least 10 bytes (NUL, int64 count, int8 type).
  if (size < 0 || nwords < 0 || nlabels < 0 || static_cast<std::int64_t>(nwords) + nlabels != size ||
      static_cast<std::uint64_t>(size) > in.remaining() / 10)
    throw FormatError(fmt::format("{}: dictionary: expected size = nwords + nlabels fitting in the file, got size {}, "
                                  "nwords {}, nlabels {} with {} bytes left",
                                  source, size, nwords, nlabels, in.remaining()));
  RawModel raw;
  raw.args = a;
  for (std::int32_t i = 0; i < size; ++i) {
    const std::size_t start = in.offset();
    skip_cstring(in, "dictionary word");
    const std::string_view word = bytes.substr(start, in.offset() - start - 1);
    const auto count = in.read<std::int64_t>("dictionary count");
    const auto type = in.read<std::int8_t>("dictionary entry type");
    if (type != 0 && type != 1)
      throw FormatError(fmt::format("{}: dictionary entry {}: expected type 0 (word) or 1 (label), got {}", source, i, type));
    if ((type == 0) != (i < nwords))
      throw FormatError(fmt::format("{}: dictionary entry {}: expected the {} words before the labels", source, i, nwords));
    try {
      (type == 0 ? raw.words : raw.labels).add(word, static_cast<std::uint64_t>(std::max<std::int64_t>(0, count)));
    } catch (const FormatError& e) {
      throw FormatError(fmt::format("{}: dictionary entry {}: {}", source, i, e.what()));
    }
  }
  if (prune_size > 0) {
    if (static_cast<std::uint64_t>(prune_size) > in.remaining() / 8)
      throw FormatError(fmt::format("{}: pruning index of {} pairs does not fit in the {} bytes left", source,
                                    prune_size, in.remaining()));
    for (std::int64_t i = 0; i < prune_size; ++i) {
      const auto first = in.read<std::int32_t>("pruning index key");
      const auto second = in.read<std::int32_t>("pruning index value");
      sv->prune_index[first] = second;
    }
  }
  if (in.read<std::uint8_t>("quantisation flag") != 0)
    throw FormatError(fmt::format("{}: quantised fastText model (.ftz): not supported; use the unquantised .bin", source));
  sv->input = read_matrix(in, a.dim, "input");
  if (sv->input.rows() < static_cast<std::size_t>(nwords))
    throw FormatError(fmt::format("{}: input matrix: expected at least {} rows (one per word), got {}", source, nwords,
                                  sv->input.rows()));
  if (in.read<std::uint8_t>("output quantisation flag") != 0)
    throw FormatError(fmt::format("{}: quantised output matrix (.ftz): not supported", source));
  sv->output = read_matrix(in, a.dim, "output");
  if (!in.at_end())
    throw FormatError(fmt::format("{}: byte {}: expected the end of the file after the output matrix, {} bytes remain",
                                  source, in.offset(), in.remaining()));

  sv->options.minn = a.minn;
  sv->options.maxn = prune_size == 0 ? 0 : maxn;  // fastText: an empty pruning index keeps no n-grams
  sv->options.bucket = static_cast<std::uint32_t>(a.bucket);
  if (sv->options.enabled() && prune_size < 0 &&
      sv->input.rows() != static_cast<std::size_t>(nwords) + static_cast<std::size_t>(a.bucket))
    throw FormatError(fmt::format("{}: input matrix: expected nwords + bucket = {} rows, got {}", source,
                                  static_cast<std::int64_t>(nwords) + a.bucket, sv->input.rows()));

  sv->words = static_cast<std::size_t>(nwords);
  raw.sv = std::move(sv);
  raw.version = version;
  return raw;
}

}  // namespace

bool looks_like_fasttext_bin(std::string_view head) {
  if (head.size() < 4) return false;
  std::int32_t magic;
  std::memcpy(&magic, head.data(), 4);
  return magic == kFastTextMagic;
}

FastTextArgs fasttext_args(const Metadata& metadata, const std::string& source) {
  FastTextArgs a;
  const auto text = [&](const char* key) -> const std::string* {
    const auto it = metadata.find(key);
    return it == metadata.end() ? nullptr : &it->second;
  };
  const auto number = [&](const char* key, auto& field) {
    const std::string* value = text(key);
    if (!value) return;
    // min_count may exceed int32 (our vocabulary cut is 64-bit): it wraps as a cast would.
    std::conditional_t<std::is_same_v<std::remove_reference_t<decltype(field)>, double>, double, std::int64_t> v{};
    const char* end = value->data() + value->size();
    const auto r = std::from_chars(value->data(), end, v);
    if (value->empty() || r.ec != std::errc() || r.ptr != end)
      throw FormatError(fmt::format("{}: metadata '{}': expected a number for fastText's args, got '{}'", source, key,
                                    *value));
    field = static_cast<std::remove_reference_t<decltype(field)>>(v);
  };
  if (const std::string* model = text("model")) a.model = code_of(*model, kModelNames, a.model);
  if (const std::string* loss = text("loss")) a.loss = code_of(*loss, kLossNames, a.loss);
  number("window", a.ws);
  number("epochs", a.epoch);
  number("min_count", a.min_count);
  number("negative", a.neg);
  number("sample", a.t);
  number("word_ngrams", a.word_ngrams);
  number("lr_update_rate", a.lr_update_rate);
  return a;
}

void fasttext_metadata(const FastTextArgs& a, Metadata& metadata) {
  metadata["model"] = kModelNames[a.model];
  metadata["dim"] = std::to_string(a.dim);
  metadata["window"] = std::to_string(a.ws);
  metadata["epochs"] = std::to_string(a.epoch);
  metadata["min_count"] = std::to_string(a.min_count);
  metadata["negative"] = std::to_string(a.neg);
  metadata["loss"] = kLossNames[a.loss];
  metadata["sample"] = fmt::format("{}", a.t);
  metadata["word_ngrams"] = std::to_string(a.word_ngrams);
  metadata["lr_update_rate"] = std::to_string(a.lr_update_rate);
  metadata["minn"] = std::to_string(a.minn);
  metadata["maxn"] = std::to_string(a.maxn);
  metadata["bucket"] = std::to_string(a.bucket);
}

Embeddings parse_fasttext_bin(std::string_view bytes, const std::string& source) {
  RawModel raw = parse_raw(bytes, source);
  auto sv = std::move(raw.sv);
  FastTextArgs a = raw.args;
  const auto nwords = static_cast<std::int32_t>(raw.words.size());
  const int maxn = (raw.version == 11 && a.model == kModelSupervised) ? 0 : a.maxn;
  Vocab vocab = std::move(raw.words);
  Matrix matrix(nwords, a.dim);
  Metadata metadata;
  std::vector<std::int32_t> rows;
  for (std::int32_t w = 0; w < nwords; ++w) {
    sv->rows_of(vocab.word(static_cast<std::size_t>(w)), w, rows);
    sv->mean_of(rows, matrix.row(w).data());
  }
  a.maxn = maxn;
  fasttext_metadata(a, metadata);
  metadata["source_format"] = fmt::format("fasttext-bin v{}", raw.version);
  std::shared_ptr<const SubwordVectors> subwords = std::move(sv);
  return Embeddings(std::move(vocab), std::move(matrix), std::move(metadata), std::move(subwords));
}

Embeddings read_fasttext_bin(const std::filesystem::path& path) {
  const MappedFile file(path);
  return parse_fasttext_bin(file.bytes(), path.string());
}

void write_fasttext_bin(const Embeddings& emb, const std::filesystem::path& path) {
  AtomicFile out(path);
  write_fasttext_bin(emb, out, path.string());
  out.commit();
}

namespace {

// Writes a .bin: args, the dictionary (the words, then the labels), the input matrix, then the
// output matrix: sv.output when it has `output_rows` rows of the right width, else zeros.
void write_model(ByteSink& out, const std::string& name, FastTextArgs a, std::uint64_t ntokens, const Vocab& words,
                 const Vocab& labels, const SubwordVectors& sv, std::size_t output_rows) {
  const auto dim = static_cast<std::int32_t>(sv.input.cols());
  std::string head;
  append_le<std::int32_t>(head, kFastTextMagic);
  append_le<std::int32_t>(head, kFastTextVersion);
  a.dim = dim;
  for (const std::int32_t v : {a.dim, a.ws, a.epoch, a.min_count, a.neg, a.word_ngrams, a.loss, a.model, a.bucket,
                               a.minn, a.maxn, a.lr_update_rate})
    append_le<std::int32_t>(head, v);
  append_le<double>(head, a.t);
  const auto nwords = static_cast<std::int32_t>(words.size());
  const auto nlabels = static_cast<std::int32_t>(labels.size());
  append_le<std::int32_t>(head, nwords + nlabels);  // size
  append_le<std::int32_t>(head, nwords);
  append_le<std::int32_t>(head, nlabels);
  append_le<std::int64_t>(head, static_cast<std::int64_t>(ntokens));
  append_le<std::int64_t>(head, sv.prune_index.empty() ? -1 : static_cast<std::int64_t>(sv.prune_index.size()));
  for (const Vocab* v : {&words, &labels})
    for (std::size_t i = 0; i < v->size(); ++i) {
      const std::string& word = v->word(i);
      if (word.find('\0') != std::string::npos)
        throw FormatError(fmt::format("{}: {} {} contains a NUL byte, which fasttext-bin cannot store", name,
                                      v == &words ? "word" : "label", i));
      head.append(word);
      head.push_back('\0');
      append_le<std::int64_t>(head, static_cast<std::int64_t>(v->count(i)));
      append_le<std::int8_t>(head, v == &words ? 0 : 1);
    }
  for (const auto& [first, second] : sv.prune_index) {
    append_le<std::int32_t>(head, first);
    append_le<std::int32_t>(head, second);
  }
  head.push_back('\0');  // input not quantised
  append_le<std::int64_t>(head, static_cast<std::int64_t>(sv.input.rows()));
  append_le<std::int64_t>(head, dim);

  out.write(head);
  out.write(sv.input.data(), sv.input.rows() * sv.input.cols() * sizeof(float));
  std::string mid;
  mid.push_back('\0');  // output not quantised
  append_le<std::int64_t>(mid, static_cast<std::int64_t>(output_rows));
  append_le<std::int64_t>(mid, dim);
  out.write(mid);
  if (sv.output.rows() == output_rows && sv.output.cols() == sv.input.cols()) {
    out.write(sv.output.data(), sv.output.rows() * sv.output.cols() * sizeof(float));
  } else {
    // No output matrix (e.g. none was kept): zeros, so the file still loads.
    const std::vector<float> zeros(sv.input.cols(), 0.0f);
    for (std::size_t i = 0; i < output_rows; ++i) out.write(zeros.data(), zeros.size() * sizeof(float));
  }
}

}  // namespace

void write_fasttext_bin(const Embeddings& emb, ByteSink& out, const std::string& name) {
  const std::filesystem::path path(name);
  if (!emb.subwords())
    throw FormatError(fmt::format("{}: fasttext-bin needs a subword model (train with --model fasttext or --maxn > 0, "
                                  "or read a fastText .bin); write these vectors as fasttext-vec instead",
                                  path.string()));
  const SubwordVectors& sv = *emb.subwords();
  if (sv.input.cols() != emb.dim() || sv.input.rows() < emb.size())
    throw FormatError(fmt::format("{}: subword input matrix is {} x {}, expected {} columns and at least {} rows",
                                  path.string(), sv.input.rows(), sv.input.cols(), emb.dim(), emb.size()));
  FastTextArgs a = fasttext_args(emb.metadata(), name);
  a.bucket = static_cast<std::int32_t>(sv.options.enabled() ? sv.options.bucket : 0);
  a.minn = sv.options.minn;
  a.maxn = sv.options.enabled() ? sv.options.maxn : 0;
  write_model(out, name, a, sv.ntokens ? sv.ntokens : emb.vocab().total_count(), emb.vocab(), Vocab{}, sv, emb.size());
}

SupervisedModel parse_fasttext_supervised(std::string_view bytes, const std::string& source) {
  RawModel raw = parse_raw(bytes, source);
  if (raw.args.model != kModelSupervised)
    throw FormatError(fmt::format("{}: a fastText {} model, not a classifier (train one with 'wordvec train --model "
                                  "supervised' or 'fasttext supervised')", source,
                                  kModelNames[raw.args.model]));
  SupervisedModel model;
  model.words = std::move(raw.words);
  model.labels = std::move(raw.labels);
  model.params = std::move(*raw.sv);
  model.loss = supervised_loss(raw.args.loss);
  model.word_ngrams = raw.args.word_ngrams;
  // Word n-grams hash into the bucket rows whether or not there are character n-grams.
  model.params.options.bucket = static_cast<std::uint32_t>(raw.args.bucket);
  fasttext_metadata(raw.args, model.metadata);
  model.metadata["source_format"] = fmt::format("fasttext-bin v{}", raw.version);
  model.check(source);
  return model;
}

SupervisedModel read_fasttext_supervised(const std::filesystem::path& path) {
  const MappedFile file(path);
  return parse_fasttext_supervised(file.bytes(), path.string());
}

void write_fasttext_supervised(const SupervisedModel& model, const std::filesystem::path& path) {
  AtomicFile out(path);
  write_fasttext_supervised(model, out, path.string());
  out.commit();
}

void write_fasttext_supervised(const SupervisedModel& model, ByteSink& out, const std::string& name) {
  model.check(name);
  FastTextArgs a = fasttext_args(model.metadata, name);
  a.model = kModelSupervised;
  a.loss = loss_code(model.loss);
  a.word_ngrams = model.word_ngrams;
  a.bucket = static_cast<std::int32_t>(model.params.options.bucket);
  a.minn = model.params.options.minn;
  a.maxn = model.params.options.maxn;
  write_model(out, name, a, model.params.ntokens, model.words, model.labels, model.params,
              model.labels.size());
}

}  // namespace wordvec
