#include "wordvec/io/vocab_file.hpp"

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "wordvec/core/atomic_file.hpp"
#include "wordvec/core/error.hpp"
#include "wordvec/core/mapped_file.hpp"
#include "wordvec/io/text_fields.hpp"

namespace wordvec {

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

Vocab read_vocab_file(const std::filesystem::path& path, const NoticeCallback& notice) {
  const MappedFile file(path);
  const std::string name = path.string();
  Vocab vocab;
  const auto bytes = skip_bom(file.bytes(), name, notice);  // a byte order mark is not part of a word
  for_each_line(bytes, [&](std::string_view line, std::size_t line_no) {
    const auto fields = split_fields(line);
    if (fields.empty()) return;
    std::size_t count = 0;
    if (fields.size() != 2 || !parse_size(fields[1], count))
      throw FormatError(fmt::format("{}: line {}: expected 'word count' (a word and a whole number), got '{}'", name,
                                    line_no, printable_word(trim(line))));
    if (vocab.contains(fields[0]))
      throw FormatError(fmt::format("{}: line {}: the word '{}' is listed a second time", name, line_no,
                                    printable_word(fields[0])));
    vocab.add(fields[0], count);
  });
  if (vocab.empty()) throw FormatError(fmt::format("{}: expected 'word count' lines, found no words", name));
  return vocab;
}

}  // namespace wordvec
