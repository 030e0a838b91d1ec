#pragma once
// Minimal JSON value formatting for the --json outputs (one object per line).
#include <cmath>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "wordvec/core/utf8.hpp"

namespace wordvec::cli {

/// `text` as a quoted JSON string (UTF-8 passed through, control characters escaped, each byte that breaks
/// UTF-8 replaced by U+FFFD so the line stays valid JSON).
inline std::string json_string(std::string_view text) {
  std::string out = "\"";
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
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<int>(c));
        else out.push_back(c);
    }
  }
  return out + "\"";
}

/// A number with `digits` decimals, or null when it is not finite.
inline std::string json_number(double value, int digits = 6) {
  return std::isfinite(value) ? fmt::format("{:.{}f}", value, digits) : std::string("null");
}

}  // namespace wordvec::cli
