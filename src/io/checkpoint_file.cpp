#include "wordvec/io/checkpoint_file.hpp"

#include <fmt/format.h>

#include "core/byte_cursor.hpp"
#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/io/native_format.hpp"

namespace wordvec {

namespace {

constexpr std::uint32_t kParam = 5;
constexpr std::uint32_t kLoop = 6;
constexpr std::uint32_t kTags = 7;

std::string tags_payload(const std::vector<std::string>& tags) {
  std::string out;
  append_le<std::uint64_t>(out, tags.size());
  for (const auto& t : tags) {
    append_le<std::uint32_t>(out, static_cast<std::uint32_t>(t.size()));
    out += t;
  }
  return out;
}

std::vector<std::string> parse_tags(ByteCursor cur) {
  const auto n = cur.read<std::uint64_t>("the number of tags");
  if (n > cur.remaining() / 4) cur.fail(fmt::format("the tags chunk claims {} tags, more than its bytes can hold", n));
  std::vector<std::string> tags;
  tags.reserve(static_cast<std::size_t>(n));
  for (std::uint64_t i = 0; i < n; ++i) {
    const auto len = cur.read<std::uint32_t>("a tag length");
    tags.emplace_back(cur.take(len, "a tag"));
  }
  if (!cur.at_end()) cur.fail("unexpected bytes after the tags");
  return tags;
}

std::string param_payload(const ParamMatrix& p) {
  std::string out;
  append_le<std::uint32_t>(out, static_cast<std::uint32_t>(p.name.size()));
  out += p.name;
  append_le<std::uint64_t>(out, p.rows());
  append_le<std::uint64_t>(out, p.cols());
  out.append(reinterpret_cast<const char*>(p.values.data()), p.rows() * p.cols() * sizeof(float));
  return out;
}

std::string loop_payload(const LoopState& s) {
  std::string out;
  append_le<std::uint32_t>(out, static_cast<std::uint32_t>(s.epoch));
  append_le<std::uint32_t>(out, 0);
  append_le<std::uint64_t>(out, s.next_block);
  append_le<std::uint64_t>(out, s.units_done);
  append_le<std::uint64_t>(out, s.loss_sum.size());
  for (std::size_t e = 0; e < s.loss_sum.size(); ++e) {
    append_le<double>(out, s.loss_sum[e]);
    append_le<std::uint64_t>(out, e < s.loss_terms.size() ? s.loss_terms[e] : 0);
  }
  return out;
}

ParamMatrix parse_param(ByteCursor cur) {
  ParamMatrix p;
  const auto len = cur.read<std::uint32_t>("a matrix name length");
  p.name = std::string(cur.take(len, "a matrix name"));
  const auto rows = cur.read<std::uint64_t>("the number of rows");
  const auto cols = cur.read<std::uint64_t>("the number of columns");
  if (cols != 0 && rows > cur.remaining() / sizeof(float) / cols)
    cur.fail(fmt::format("matrix '{}': expected {} x {} floats, but only {} bytes remain", p.name, rows, cols, cur.remaining()));
  p.values.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
  cur.read_array(p.values.data(), rows * cols, "the matrix");
  if (!cur.at_end()) cur.fail("unexpected bytes after the matrix");
  return p;
}

LoopState parse_loop(ByteCursor cur) {
  LoopState s;
  s.epoch = static_cast<int>(cur.read<std::uint32_t>("the epoch"));
  cur.read<std::uint32_t>("a reserved field");
  s.next_block = cur.read<std::uint64_t>("the next block");
  s.units_done = cur.read<std::uint64_t>("the units done");
  const auto n = cur.read<std::uint64_t>("the number of epochs");
  if (n > cur.remaining() / 16) cur.fail(fmt::format("expected {} epochs of loss, but only {} bytes remain", n, cur.remaining()));
  for (std::uint64_t e = 0; e < n; ++e) {
    s.loss_sum.push_back(cur.read<double>("a loss sum"));
    s.loss_terms.push_back(cur.read<std::uint64_t>("a loss term count"));
  }
  if (!cur.at_end()) cur.fail("unexpected bytes after the loop state");
  return s;
}

}  // namespace

void write_checkpoint(const std::filesystem::path& path, const Vocab& vocab,
                      const std::map<std::string, std::string>& metadata, const TrainState& state) {
  const Embeddings emb(vocab, state.vectors, metadata);
  std::vector<NativeChunk> extra;
  for (const auto& p : state.params) extra.push_back({kParam, param_payload(p)});
  extra.push_back({kLoop, loop_payload(state.loop)});
  if (!state.doc_tags.empty()) extra.push_back({kTags, tags_payload(state.doc_tags)});
  AtomicFile out(path);
  write_native(emb, out, {}, extra);
  out.commit();
}

CheckpointFile read_checkpoint(const std::filesystem::path& path) {
  const NativeFile file = open_native(path);
  CheckpointFile out;
  out.vectors = native_to_embeddings(file);
  bool seen_loop = false;
  for (const auto& [tag, payload] : file.other_chunks) {
    if (tag == kParam) out.state.params.push_back(parse_param(ByteCursor(payload, fmt::format("{}: a matrix chunk", path.string()))));
    if (tag == kLoop) {
      out.state.loop = parse_loop(ByteCursor(payload, fmt::format("{}: the loop chunk", path.string())));
      seen_loop = true;
    }
    if (tag == kTags) out.state.doc_tags = parse_tags(ByteCursor(payload, fmt::format("{}: the tags chunk", path.string())));
  }
  if (!seen_loop || out.state.params.empty())
    throw FormatError(fmt::format("{}: holds word vectors but no training state (not written by --checkpoint or --save-model)",
                                  path.string()));
  return out;
}

}  // namespace wordvec
