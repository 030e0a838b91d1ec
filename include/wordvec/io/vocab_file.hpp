#pragma once
// Vocabulary files: one "word count" line per word, most frequent first; the vocab.txt that
// Stanford GloVe's vocab_count writes and its glove reads (word ids are 1-based line numbers).
#include <filesystem>

#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

/// Writes `vocab` atomically, one "word count" line per word in id order.
void write_vocab_file(const Vocab& vocab, const std::filesystem::path& path);

/// Reads a vocabulary in file order (the word of line N gets id N-1). Throws IoError when the
/// file cannot be read, FormatError ("FILE: line N: ...") for a line that is not "word count"
/// with a whole count, a repeated word, or a file without words. A byte order mark at the start is
/// skipped, and `notice` told so.
Vocab read_vocab_file(const std::filesystem::path& path, const NoticeCallback& notice = {});

}  // namespace wordvec
