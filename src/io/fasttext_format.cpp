#include "wordvec/io/fasttext_format.hpp"

#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/atomic_file.hpp"
#include "core/byte_cursor.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/mapped_file.hpp"

namespace wordvec {

namespace {

constexpr std::int32_t kModelSupervised = 3;

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
FloatRows read_matrix(ByteCursor& in, std::int32_t dim, const char* name) {
  const auto m = in.read<std::int64_t>(fmt::format("{} matrix rows", name));
  const auto n = in.read<std::int64_t>(fmt::format("{} matrix columns", name));
  if (n != dim)
    throw FormatError(fmt::format("{}: {} matrix: expected {} columns (args.dim), got {}", in.source(), name, dim, n));
  if (m < 0 || static_cast<std::uint64_t>(m) > in.remaining() / sizeof(float) / static_cast<std::uint64_t>(n))
    throw FormatError(fmt::format("{}: byte {}: {} matrix of {} x {} floats does not fit in the {} bytes left "
                                  "(truncated or not a fastText file)",
                                  in.source(), in.offset(), name, m, n, in.remaining()));
  FloatRows rows(static_cast<std::size_t>(m), static_cast<std::size_t>(n));
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

}  // namespace

bool looks_like_fasttext_bin(std::string_view head) {
  if (head.size() < 4) return false;
  std::int32_t magic;
  std::memcpy(&magic, head.data(), 4);
  return magic == kFastTextMagic;
}

Embeddings parse_fasttext_bin(std::string_view bytes, const std::string& source) {
  ByteCursor in(bytes, source);
  const auto magic = in.read<std::int32_t>("magic number");
  if (magic != kFastTextMagic)
    throw FormatError(fmt::format("{}: expected fastText magic number {}, got {} (not a fastText .bin)", source,
                                  kFastTextMagic, magic));
  const auto version = in.read<std::int32_t>("version");
  if (version != 11 && version != 12)
    throw FormatError(fmt::format("{}: expected fastText file version 11 or 12, got {}", source, version));
  auto sv = std::make_shared<SubwordVectors>();
  sv->args = read_args(in);
  const FastTextArgs& a = sv->args;
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
  Vocab vocab;
  Matrix matrix;
  Metadata metadata;
  std::shared_ptr<const SubwordVectors> subwords;
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
    if (type == 0) {
      try {
        vocab.add(word, static_cast<std::uint64_t>(std::max<std::int64_t>(0, count)));
      } catch (const FormatError& e) {
        throw FormatError(fmt::format("{}: dictionary entry {}: {}", source, i, e.what()));
      }
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

  matrix.resize(nwords, a.dim);
  sv->words = static_cast<std::size_t>(nwords);
  std::vector<std::int32_t> rows;
  for (std::int32_t w = 0; w < nwords; ++w) {
    sv->rows_of(vocab.word(static_cast<std::size_t>(w)), w, rows);
    sv->mean_of(rows, matrix.row(w).data());
  }
  static const char* const kModels[] = {"", "cbow", "skipgram", "supervised"};
  metadata["model"] = kModels[a.model];
  metadata["dim"] = std::to_string(a.dim);
  metadata["window"] = std::to_string(a.ws);
  metadata["epochs"] = std::to_string(a.epoch);
  metadata["min_count"] = std::to_string(a.min_count);
  metadata["negative"] = std::to_string(a.neg);
  metadata["minn"] = std::to_string(a.minn);
  metadata["maxn"] = std::to_string(maxn);
  metadata["bucket"] = std::to_string(a.bucket);
  metadata["source_format"] = fmt::format("fasttext-bin v{}", version);
  subwords = std::move(sv);
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

void write_fasttext_bin(const Embeddings& emb, ByteSink& out, const std::string& name) {
  const std::filesystem::path path(name);
  if (!emb.subwords())
    throw FormatError(fmt::format("{}: fasttext-bin needs a subword model (train with --model fasttext or --maxn > 0, "
                                  "or read a fastText .bin); write these vectors as fasttext-vec instead",
                                  path.string()));
  const SubwordVectors& sv = *emb.subwords();
  const auto dim = static_cast<std::int32_t>(emb.dim());
  if (sv.input.cols() != emb.dim() || sv.input.rows() < emb.size())
    throw FormatError(fmt::format("{}: subword input matrix is {} x {}, expected {} columns and at least {} rows",
                                  path.string(), sv.input.rows(), sv.input.cols(), emb.dim(), emb.size()));
  std::string head;
  append_le<std::int32_t>(head, kFastTextMagic);
  append_le<std::int32_t>(head, kFastTextVersion);
  FastTextArgs a = sv.args;
  a.dim = dim;
  a.bucket = static_cast<std::int32_t>(sv.options.enabled() ? sv.options.bucket : 0);
  a.minn = sv.options.minn;
  a.maxn = sv.options.enabled() ? sv.options.maxn : 0;
  for (const std::int32_t v : {a.dim, a.ws, a.epoch, a.min_count, a.neg, a.word_ngrams, a.loss, a.model, a.bucket,
                               a.minn, a.maxn, a.lr_update_rate})
    append_le<std::int32_t>(head, v);
  append_le<double>(head, a.t);
  const auto nwords = static_cast<std::int32_t>(emb.size());
  append_le<std::int32_t>(head, nwords);  // size
  append_le<std::int32_t>(head, nwords);
  append_le<std::int32_t>(head, 0);  // nlabels
  append_le<std::int64_t>(head, static_cast<std::int64_t>(sv.ntokens ? sv.ntokens : emb.vocab().total_count()));
  append_le<std::int64_t>(head, sv.prune_index.empty() ? -1 : static_cast<std::int64_t>(sv.prune_index.size()));
  for (std::size_t i = 0; i < emb.size(); ++i) {
    const std::string& word = emb.vocab().word(i);
    if (word.find('\0') != std::string::npos)
      throw FormatError(fmt::format("{}: word {} contains a NUL byte, which fasttext-bin cannot store", path.string(), i));
    head.append(word);
    head.push_back('\0');
    append_le<std::int64_t>(head, static_cast<std::int64_t>(emb.vocab().count(i)));
    append_le<std::int8_t>(head, 0);
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
  append_le<std::int64_t>(mid, nwords);
  append_le<std::int64_t>(mid, dim);
  out.write(mid);
  if (sv.output.rows() == emb.size() && sv.output.cols() == emb.dim()) {
    out.write(sv.output.data(), sv.output.rows() * sv.output.cols() * sizeof(float));
  } else {
    // No output matrix (e.g. none was kept): zeros, so the file still loads.
    const std::vector<float> zeros(emb.dim(), 0.0f);
    for (std::size_t i = 0; i < emb.size(); ++i) out.write(zeros.data(), zeros.size() * sizeof(float));
  }
}

}  // namespace wordvec
