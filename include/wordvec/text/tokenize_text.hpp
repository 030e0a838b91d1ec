#pragma once
// Whole texts through a tokenizer, in parallel: what `wordvec tokenize` does to each block it reads.
#include <string>
#include <string_view>

#include "wordvec/text/tokenizer.hpp"

namespace wordvec {

/// Appends to `out` every line of `text` (lines end at '\n'; a "\r" before it is dropped) as its
/// tokens joined by single spaces, one output line per input line (empty when it has no token).
/// Lines are tokenized by `threads` threads; the output does not depend on their number.
void tokenize_text(std::string_view text, const Tokenizer& tokenizer, int threads, std::string& out);

}  // namespace wordvec
