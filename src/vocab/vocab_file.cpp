#include "vocab/vocab_file.hpp"

#include <charconv>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/mapped_file.hpp"

namespace wordvec {

namespace {
bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// The whitespace-separated fields of one line.
std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && blank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !blank(line[i])) ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}
}  // namespace

void write_vocab_file(const Vocab& vocab, const std::filesystem::path& path) {
  AtomicFile file(path);
  std::string buf;
  for (std::size_t i = 0; i < vocab.size(); ++i) {
    buf += vocab.word(i);
    buf += ' ';
    buf += std::to_string(vocab.count(i));
    buf += '\n';
    if (buf.size() >= (1u << 20)) {
      file.write(buf);
      buf.clear();
    }
  }
  file.write(buf);
  file.commit();
}

Vocab read_vocab_file(const std::filesystem::path& path) {
  const MappedFile file(path);
  std::string_view text = file.bytes();
  const std::string name = path.string();
  Vocab vocab;
  for (std::size_t line_no = 1; !text.empty(); ++line_no) {
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    const auto fields = fields_of(line);
    if (fields.empty()) continue;
    std::uint64_t count = 0;
    const std::string_view c = fields.size() == 2 ? fields[1] : std::string_view{};
    const auto [ptr, ec] = std::from_chars(c.data(), c.data() + c.size(), count);
    if (fields.size() != 2 || c.empty() || ec != std::errc() || ptr != c.data() + c.size())
      throw FormatError(fmt::format("{}: line {}: expected 'word count' (a word and a whole number), got '{}'", name,
                                    line_no, trimmed(line)));
    if (vocab.contains(fields[0]))
      throw FormatError(fmt::format("{}: line {}: the word '{}' is listed a second time", name, line_no, fields[0]));
    vocab.add(fields[0], count);
  }
  if (vocab.empty()) throw FormatError(fmt::format("{}: expected 'word count' lines, found no words", name));
  return vocab;
}

}  // namespace wordvec
