#pragma once
// Minimal JSON value formatting for the --json outputs (one object per line).
#include <cmath>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "wordvec/core/json_string.hpp"
#include "wordvec/core/utf8.hpp"

namespace wordvec::cli {

/// `text` as a quoted JSON string (UTF-8 passed through, each byte that breaks UTF-8 replaced by U+FFFD
/// so the line stays valid JSON, then escaped as the library escapes stored metadata).
inline std::string json_string(std::string_view text) {
  std::string valid;
  if (invalid_utf8_offset(text) != std::string_view::npos) {
    while (!text.empty()) {
      const auto bad = invalid_utf8_offset(text);
      if (bad == std::string_view::npos) {
        valid.append(text);
        break;
      }
      valid.append(text.substr(0, bad));
      valid += "\xEF\xBF\xBD";
      text.remove_prefix(bad + 1);
    }
    text = valid;
  }
  std::string out;
  out.reserve(text.size() + 2);
  append_json_string(out, text);
  return out;
}

/// A number with `digits` decimals, or null when it is not finite.
inline std::string json_number(double value, int digits = 6) {
  return std::isfinite(value) ? fmt::format("{:.{}f}", value, digits) : std::string("null");
}

}  // namespace wordvec::cli
