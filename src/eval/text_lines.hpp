#pragma once
// Line and field splitting for the small text files evaluations read (whitespace fields, trim
// and for_each_line come from io/text_fields).
#include <cstddef>
#include <string_view>
#include <vector>

#include "wordvec/io/text_fields.hpp"

namespace wordvec {

/// The fields of `line` between `separator` characters, each trimmed (empty fields kept).
inline std::vector<std::string_view> split_on(std::string_view line, char separator) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const auto end = line.find(separator, start);
    fields.push_back(trim(line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

}  // namespace wordvec
