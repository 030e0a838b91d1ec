#pragma once
// The one JSON string escaper: for JSON the library writes by hand (document metadata) and the
// tools' --json lines, in the form nlohmann::json's dump() writes, so both match what it stores.
#include <string>
#include <string_view>

namespace wordvec {

/// Appends `text` to `out` as a quoted JSON string, escaped as nlohmann::json's dump() escapes it:
/// `"` and `\` with a backslash; \b \f \n \r \t by name; other bytes below 0x20 as \u00xx (lower-case
/// hex); every other byte as it is. The bytes are not checked: text that may not be UTF-8 is
/// repaired (or refused) by the caller first.
void append_json_string(std::string& out, std::string_view text);

}  // namespace wordvec
