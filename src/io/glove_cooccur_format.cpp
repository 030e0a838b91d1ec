#include "wordvec/io/glove_cooccur_format.hpp"

#include <cmath>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/mapped_file.hpp"

namespace wordvec {

namespace {
void put(char* out, std::int32_t w1, std::int32_t w2, double value) {
  std::memcpy(out, &w1, 4);  // all supported targets are little-endian
  std::memcpy(out + 4, &w2, 4);
  std::memcpy(out + 8, &value, 8);
}
}  // namespace

std::uint64_t write_glove_cooccurrences(const CooccurrenceRecords& records, const std::filesystem::path& path) {
  AtomicFile file(path);
  std::vector<char> buf;
  buf.reserve(1 << 20);
  std::uint64_t written = 0;
  char rec[kGloveCooccurRecordBytes];
  auto emit = [&](std::uint32_t w1, std::uint32_t w2, float value) {
    put(rec, static_cast<std::int32_t>(w1 + 1), static_cast<std::int32_t>(w2 + 1), static_cast<double>(value));
    buf.insert(buf.end(), rec, rec + sizeof(rec));
    ++written;
    if (buf.size() >= (1 << 20)) {
      file.write(buf.data(), buf.size());
      buf.clear();
    }
  };
  for (std::size_t i = 0; i < records.size(); ++i) {
    const CooccurRecord& r = records[i];
    emit(r.w1, r.w2, r.value);
    if (records.paired() && r.w1 != r.w2) emit(r.w2, r.w1, r.value);
  }
  file.write(buf.data(), buf.size());
  file.commit();
  return written;
}

CooccurrenceRecords read_glove_cooccurrences(const std::filesystem::path& path, std::size_t vocab_size) {
  const MappedFile file(path);
  const auto bytes = file.bytes();
  const std::string name = path.string();
  if (bytes.empty()) throw FormatError(fmt::format("{}: the co-occurrence file is empty", name));
  if (bytes.size() % kGloveCooccurRecordBytes != 0)
    throw FormatError(fmt::format(
        "{}: expected a size that is a multiple of 16 bytes (records of int32 word1, int32 word2, float64 value), "
        "got {} bytes; truncated or not a GloVe co-occurrence file",
        name, bytes.size()));
  const std::size_t n = bytes.size() / kGloveCooccurRecordBytes;
  CooccurrenceRecords records(/*paired=*/false);
  for (std::size_t i = 0; i < n; ++i) {
    const char* p = bytes.data() + i * kGloveCooccurRecordBytes;
    std::int32_t w[2];
    double value;
    std::memcpy(w, p, 8);
    std::memcpy(&value, p + 8, 8);
    for (const std::int32_t id : w)
      if (id < 1 || static_cast<std::size_t>(id) > vocab_size)
        throw FormatError(fmt::format("{}: record {} (byte {}): expected a word id in 1..{} (the vocabulary size), got {}",
                                      name, i + 1, i * kGloveCooccurRecordBytes, vocab_size, id));
    if (!std::isfinite(value) || value <= 0.0)
      throw FormatError(fmt::format("{}: record {} (byte {}): expected a positive finite count, got {}", name, i + 1,
                                    i * kGloveCooccurRecordBytes, value));
    records.push_back({static_cast<std::uint32_t>(w[0] - 1), static_cast<std::uint32_t>(w[1] - 1),
                       static_cast<float>(value)});
  }
  return records;
}

bool looks_like_glove_cooccurrences(std::string_view head, std::uint64_t size) {
  if (size == 0 || size % kGloveCooccurRecordBytes != 0 || head.size() < kGloveCooccurRecordBytes) return false;
  std::int32_t w[2];
  double value;
  std::memcpy(w, head.data(), 8);
  std::memcpy(&value, head.data() + 8, 8);
  return w[0] >= 1 && w[1] >= 1 && std::isfinite(value) && value > 0.0;
}

}  // namespace wordvec
