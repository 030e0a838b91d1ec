#pragma once
// Text inputs read whole: one item (sentence, document) per line.
#include <string>
#include <vector>

namespace wordvec::cli {

/// Every line of `path` ("-": standard input) without its "\n" or "\r\n"; throws IoError, Cancelled.
std::vector<std::string> read_lines(const std::string& path);

}  // namespace wordvec::cli
